// What the raw frame composer holds, read as the frame it will send (DOM-free, unit-tested):
// text as it is, or bytes written as hex or base64; whether the text is JSON; and whether the
// hub will close the connection on it (then the composer asks first).

import { bytesFromText } from '../../../protocol/byte-text';
import type { FrameKind } from '../../../protocol/frame-templates';
import { LIMITS } from '../../../protocol/messages';
import { utf8Length } from '../../../protocol/utf8-length';

export type RawFrame =
  { ok: true; frame: string | Uint8Array; bytes: number } | { ok: false; error: string };

/** Exactly the frame the composer's text makes: nothing is trimmed or re-encoded. */
export function readFrame(kind: FrameKind, body: string): RawFrame {
  if (kind === 'text') return { ok: true, frame: body, bytes: utf8Length(body) };
  const parsed = bytesFromText(body, kind);
  return parsed.ok ? { ok: true, frame: parsed.bytes, bytes: parsed.bytes.length } : parsed;
}

export type JsonHint = { valid: true } | { valid: false; error: string };

/** Whether a text frame is JSON, with the parser's own complaint when not. */
export function jsonHint(text: string): JsonHint {
  try {
    JSON.parse(text);
    return { valid: true };
  } catch (err) {
    return { valid: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The text indented, or null when it is not JSON (then it stays as typed). */
export function prettyPrinted(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/**
 * The close a frame of this size gets, whatever it holds: the hub's maxPayload (ws closes
 * with 1009 before any hub code sees the frame). Null when its size is within the limit.
 */
export function closeRisk(bytes: number): { code: 1009; limit: number } | null {
  return bytes > LIMITS.maxFrameBytes ? { code: 1009, limit: LIMITS.maxFrameBytes } : null;
}
