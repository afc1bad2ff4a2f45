// Chat history on disk, so it survives a restart of the app: one JSON line per message,
// after a header line naming the history. Written synchronously, one write per burst, before
// the hub lets the burst's relays out of the process (see hub.ts), so anything a sender saw
// acknowledged is in the kernel's hands even if the process is killed the next instant. A torn last line (a crash mid-write) is cut off on load; every
// line before it is kept. The file is compacted to the newest messages when it grows past
// its bound.

import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writevSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { ChatMessage } from '../protocol/messages';
import { isStoredChat } from '../protocol/stored';
import { History, type HistoryStore } from './history';

const NEWLINE = Buffer.from('\n');

interface Header {
  loopchatHistory: 1;
  id: string;
}

function isHeader(value: unknown): value is Header {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Header).loopchatHistory === 1 &&
    typeof (value as Header).id === 'string'
  );
}

export interface LoadedHistory {
  id: string;
  messages: ChatMessage[];
  /** Bytes of well-formed lines; anything after (a torn write) is cut off. */
  goodBytes: number;
  tornBytes: number;
}

/** Reads a history file, keeping every complete, well-formed line before the first bad one. */
export function readHistoryFile(path: string): LoadedHistory | null {
  if (!existsSync(path)) return null;
  const data = readFileSync(path);
  let offset = 0;
  let header: Header | null = null;
  const messages: ChatMessage[] = [];
  for (;;) {
    const end = data.indexOf(0x0a, offset);
    if (end < 0) break; // no newline: a torn last line
    let value: unknown;
    try {
      value = JSON.parse(data.subarray(offset, end).toString('utf8'));
    } catch {
      break;
    }
    if (header === null) {
      if (!isHeader(value)) return null;
      header = value;
    } else if (isStoredChat(value) && value.seq === (messages.at(-1)?.seq ?? value.seq - 1) + 1) {
      messages.push(value);
    } else {
      break;
    }
    offset = end + 1;
  }
  if (header === null) return null;
  return { id: header.id, messages, goodBytes: offset, tornBytes: data.length - offset };
}

export class HistoryFile implements HistoryStore {
  private fd: number;
  private lines = 0;
  private damaged = false;

  private constructor(
    private readonly path: string,
    private readonly id: string,
    private readonly keep: number,
    lines: number,
  ) {
    this.fd = openSync(path, 'a');
    this.lines = lines;
  }

  /**
   * Opens (or creates) the history at `path` and returns a History backed by it.
   * `keep` bounds both memory and the file: it holds at most 2 × keep messages.
   */
  static open(path: string, keep = 2000, onRecover?: (note: string) => void): History {
    mkdirSync(dirname(path), { recursive: true });
    const loaded = readHistoryFile(path);
    if (loaded === null) {
      const id = randomUUID();
      if (existsSync(path)) onRecover?.(`${path} is not a Loopchat history; starting a new one`);
      writeFileSync(path, `${JSON.stringify({ loopchatHistory: 1, id })}\n`);
      return new History(keep, { id, messages: [] }, new HistoryFile(path, id, keep, 0));
    }
    if (loaded.tornBytes > 0) {
      onRecover?.(`${path}: dropped a torn last line (${loaded.tornBytes} bytes) after a crash`);
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, loaded.goodBytes);
      closeSync(fd);
    }
    const file = new HistoryFile(path, loaded.id, keep, loaded.messages.length);
    return new History(keep, { id: loaded.id, messages: loaded.messages }, file);
  }

  write(lines: readonly Buffer[], recent: readonly ChatMessage[]): void {
    // After a failed write (a full disk) the file may have a gap or a torn line: rewrite it.
    if (this.damaged || this.lines + lines.length >= 2 * this.keep) return this.compact(recent);
    const buffers = lines.flatMap((line) => [line, NEWLINE]);
    const size = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    try {
      // A disk that fills part-way through returns a short count rather than throwing.
      const written = writevSync(this.fd, buffers);
      if (written !== size) throw new Error(`history file: wrote ${written} of ${size} bytes`);
      this.lines += lines.length;
    } catch (err) {
      this.damaged = true;
      throw err;
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** Rewrites the file with only the messages still in memory (atomic via rename). */
  private compact(messages: readonly ChatMessage[]): void {
    this.damaged = true; // until the rewrite is whole
    const tmp = `${this.path}.tmp`;
    const header = JSON.stringify({ loopchatHistory: 1, id: this.id });
    writeFileSync(tmp, [header, ...messages.map((m) => JSON.stringify(m))].join('\n') + '\n');
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    try {
      renameSync(tmp, this.path);
    } finally {
      // Appending again, to the new file or (if the rename failed) the old one: never a stale fd.
      this.fd = openSync(this.path, 'a');
    }
    this.lines = messages.length;
    this.damaged = false;
  }
}
