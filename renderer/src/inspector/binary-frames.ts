// What the inspector shows of a binary frame (opcode 2): its size, its first bytes as hex,
// base64 and UTF-8, and — when it is a Loopchat chunk — which upload or download it belongs
// to, learnt from the upload-accept and attachment-start frames seen before it.

import { CHUNK_HEADER_BYTES } from '../../../protocol/attachment-limits';
import { CHUNK_MAGIC, CHUNK_VERSION, FINAL_FLAG } from '../../../protocol/chunk-frame';

/** A chunk's place: its transfer as the window knows it, and its index. */
export interface ChunkLabel {
  transfer: number;
  index: number;
  final: boolean;
  /** "upload cat.png" or "download 3f2a…", when the transfer was seen starting. */
  belongsTo: string | null;
}

/** The frame's first bytes as `4c 01 00 …`, 16 to a line. */
export function hexView(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0'));
    lines.push(`${i.toString(16).padStart(8, '0')}  ${row.join(' ')}`);
  }
  return lines.join('\n');
}

export function base64View(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes as UTF-8, with what is not UTF-8 shown as U+FFFD (never as markup: as text). */
export function utf8View(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Remembers the transfers a window's text frames started, to name each chunk's. */
export class TransferNames {
  private readonly names = new Map<string, string>();

  /** A text frame in or out: upload-offer names an id, upload-accept and attachment-start a number. */
  seen(direction: 'in' | 'out', data: string): void {
    if (direction !== 'in') return;
    if (!data.includes('"upload-accept"') && !data.includes('"attachment-start"')) return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (m.type === 'upload-accept' && typeof m.upload === 'number') {
      this.names.set(`out:${m.upload}`, `upload ${String(m.id)}`);
    } else if (m.type === 'attachment-start' && typeof m.download === 'number') {
      const sha = (m.attachment as { sha256?: unknown } | null)?.sha256;
      this.names.set(`in:${m.download}`, `download ${String(sha).slice(0, 12)}…`);
    }
  }

  /** The chunk a binary frame is, from its header, or null when it is not a Loopchat chunk. */
  label(direction: 'in' | 'out', head: Uint8Array): ChunkLabel | null {
    if (head.length < CHUNK_HEADER_BYTES) return null;
    if (head[0] !== CHUNK_MAGIC || head[1] !== CHUNK_VERSION) return null;
    const view = new DataView(head.buffer, head.byteOffset, CHUNK_HEADER_BYTES);
    const transfer = view.getUint32(4);
    return {
      transfer,
      index: view.getUint32(8),
      final: ((head[2] ?? 0) & FINAL_FLAG) !== 0,
      // Chunks out are uploads (numbered by upload-accept), chunks in are downloads.
      belongsTo: this.names.get(`${direction === 'out' ? 'out' : 'in'}:${transfer}`) ?? null,
    };
  }
}
