// The binary frames that carry a file's bytes, one chunk each, in both directions (a window's
// upload to the hub, the hub's download to a window). A fixed 12-byte header ties a chunk to
// its transfer; everything else about the transfer travels in JSON text frames
// (upload-messages.ts). All integers are big-endian.
//
//   0  u8   magic 0x4C ("L")        4  u32  transfer number (1 or more, given by the hub)
//   1  u8   version 1               8  u32  chunk index (0, 1, 2, …)
//   2  u8   flags: bit 0 = final    12 …    payload
//   3  u8   reserved, 0
//
// Every chunk but the final one carries exactly ATTACHMENT_LIMITS.chunkBytes of payload, so a
// chunk's index alone says where its bytes go. The final chunk carries 1 to chunkBytes bytes,
// or none when the file is empty (then it is chunk 0).

import { ATTACHMENT_LIMITS, CHUNK_HEADER_BYTES } from './attachment-limits';

export const CHUNK_MAGIC = 0x4c;
export const CHUNK_VERSION = 1;
export const FINAL_FLAG = 0x01;
const MAX_U32 = 0xffff_ffff;

export interface Chunk {
  /** The upload or download this chunk belongs to, as numbered by the hub on this connection. */
  transfer: number;
  index: number;
  final: boolean;
  /** A view into the frame's bytes, not a copy. */
  payload: Uint8Array;
}

export type DecodedChunk = { ok: true; chunk: Chunk } | { ok: false; error: string };

const isU32 = (n: number, min: number): boolean => Number.isInteger(n) && n >= min && n <= MAX_U32;

/** One binary frame for `chunk`. Throws on a chunk decodeChunk would refuse: a bug, not input. */
export function encodeChunk(
  chunk: Chunk,
  chunkBytes: number = ATTACHMENT_LIMITS.chunkBytes,
): Uint8Array {
  const refusal = chunkRefusal(chunk, chunkBytes);
  if (refusal !== null) throw new RangeError(refusal);
  const frame = new Uint8Array(CHUNK_HEADER_BYTES + chunk.payload.length);
  const view = new DataView(frame.buffer);
  view.setUint8(0, CHUNK_MAGIC);
  view.setUint8(1, CHUNK_VERSION);
  view.setUint8(2, chunk.final ? FINAL_FLAG : 0);
  view.setUint8(3, 0);
  view.setUint32(4, chunk.transfer);
  view.setUint32(8, chunk.index);
  frame.set(chunk.payload, CHUNK_HEADER_BYTES);
  return frame;
}

/** Why `chunk` is not a valid chunk, or null: the rules decodeChunk holds a frame to. */
function chunkRefusal(chunk: Chunk, chunkBytes: number): string | null {
  const { transfer, index, final, payload } = chunk;
  if (!isU32(transfer, 1)) return 'chunk transfer number must be 1 to 4294967295';
  if (!isU32(index, 0)) return 'chunk index must be 0 to 4294967295';
  if (payload.length > chunkBytes) return `chunk payload is over ${chunkBytes} bytes`;
  if (!final && payload.length !== chunkBytes) {
    return `a chunk before the final one must carry exactly ${chunkBytes} bytes`;
  }
  if (final && payload.length === 0 && index !== 0) {
    return 'only the single chunk of an empty file may be empty';
  }
  return null;
}

/**
 * Decodes one binary frame, refusing anything that is not exactly a chunk as encodeChunk
 * writes it. Never throws.
 */
export function decodeChunk(
  frame: Uint8Array,
  chunkBytes: number = ATTACHMENT_LIMITS.chunkBytes,
): DecodedChunk {
  if (frame.length < CHUNK_HEADER_BYTES) {
    return {
      ok: false,
      error: `binary frame is ${frame.length} bytes, shorter than a chunk header`,
    };
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint8(0) !== CHUNK_MAGIC)
    return { ok: false, error: 'binary frame is not a Loopchat chunk' };
  const version = view.getUint8(1);
  if (version !== CHUNK_VERSION)
    return { ok: false, error: `chunk version ${version} is not supported` };
  const flags = view.getUint8(2);
  if ((flags & ~FINAL_FLAG) !== 0 || view.getUint8(3) !== 0) {
    return { ok: false, error: 'chunk header has reserved bits set' };
  }
  const chunk: Chunk = {
    transfer: view.getUint32(4),
    index: view.getUint32(8),
    final: (flags & FINAL_FLAG) !== 0,
    payload: frame.subarray(CHUNK_HEADER_BYTES),
  };
  const refusal = chunkRefusal(chunk, chunkBytes);
  return refusal === null ? { ok: true, chunk } : { ok: false, error: refusal };
}
