// What a hostile window sends the hub on the binary path, for the hub's fuzz test: chunk frames
// with broken headers, cut short, too long or for an upload it has not open, and text frames
// between them, each with the answer the hub must give. Not part of the app.

import fc from 'fast-check';
import { ATTACHMENT_LIMITS, CHUNK_HEADER_BYTES } from '../../protocol/attachment-limits';
import { CHUNK_MAGIC, CHUNK_VERSION, encodeChunk } from '../../protocol/chunk-frame';
import { LIMITS } from '../../protocol/messages';
import type { UploadErrorCode } from '../../protocol/upload-messages';

const CHUNK = ATTACHMENT_LIMITS.chunkBytes;
const MAX_U32 = 0xffff_ffff;

/** A binary frame the hub cannot take as a chunk of an open upload, and the code it answers. */
export type JunkChunk =
  | { kind: 'magic'; byte: number }
  | { kind: 'version'; byte: number }
  | { kind: 'flags'; byte: number }
  | { kind: 'reserved'; byte: number }
  | { kind: 'transfer-zero' }
  | { kind: 'cut'; length: number }
  | { kind: 'long'; extra: number }
  | { kind: 'unknown-upload'; offset: number; index: number; payload: number };

/** A frame in the hostile window's stream: junk binary, a chat, or text that is not JSON. */
export type HostileFrame =
  { kind: 'binary'; junk: JunkChunk } | { kind: 'chat' } | { kind: 'garbage'; text: string };

/** How the hostile window's connection ends once every answer is in. */
export type Ending = 'close' | 'oversize-binary' | 'oversize-text';

const byteExcept = (...not: number[]) =>
  fc.integer({ min: 0, max: 255 }).filter((b) => !not.includes(b));

export const junkChunk: fc.Arbitrary<JunkChunk> = fc.oneof(
  fc.record({ kind: fc.constant('magic' as const), byte: byteExcept(CHUNK_MAGIC) }),
  fc.record({ kind: fc.constant('version' as const), byte: byteExcept(CHUNK_VERSION) }),
  // Bits 1-7 of the flags are reserved.
  fc.record({ kind: fc.constant('flags' as const), byte: byteExcept(0, 1) }),
  fc.record({ kind: fc.constant('reserved' as const), byte: byteExcept(0) }),
  fc.record({ kind: fc.constant('transfer-zero' as const) }),
  // Shorter than a header, or a chunk before the final one without its full payload.
  fc.record({
    kind: fc.constant('cut' as const),
    length: fc.oneof(
      fc.integer({ min: 0, max: CHUNK_HEADER_BYTES - 1 }),
      fc.integer({ min: CHUNK_HEADER_BYTES, max: CHUNK_HEADER_BYTES + CHUNK - 1 }),
    ),
  }),
  // More payload than a chunk carries, still within one frame.
  fc.record({
    kind: fc.constant('long' as const),
    extra: fc.integer({ min: 1, max: LIMITS.maxFrameBytes - CHUNK_HEADER_BYTES - CHUNK }),
  }),
  fc.record({
    kind: fc.constant('unknown-upload' as const),
    offset: fc.integer({ min: 1, max: 1000 }),
    index: fc.integer({ min: 0, max: MAX_U32 }),
    payload: fc.integer({ min: 1, max: 64 }),
  }),
);

export const hostileFrame: fc.Arbitrary<HostileFrame> = fc.oneof(
  { weight: 4, arbitrary: junkChunk.map((junk) => ({ kind: 'binary' as const, junk })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'chat' as const }) },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 40 }).map((s) => ({
      kind: 'garbage' as const,
      // Never JSON, so never a message.
      text: `not json ${s}`,
    })),
  },
);

export const ENDINGS: readonly Ending[] = ['close', 'oversize-binary', 'oversize-text'];
export const connectionEnding: fc.Arbitrary<Ending> = fc.constantFrom(...ENDINGS);

/** The code the hub answers `junk` with. */
export const expectedCode = (junk: JunkChunk): UploadErrorCode =>
  junk.kind === 'unknown-upload' ? 'unknown-upload' : 'bad-chunk';

/**
 * The frame for `junk`, built from a full chunk of `transfer` (an upload the window has open)
 * so that only the damage keeps the hub from taking it.
 */
export function junkFrame(junk: JunkChunk, transfer: number): Uint8Array {
  if (junk.kind === 'unknown-upload') {
    return encodeChunk({
      transfer: ((transfer - 1 + junk.offset) % MAX_U32) + 1,
      index: junk.index,
      final: true,
      payload: new Uint8Array(junk.payload).fill(7),
    });
  }
  const frame = encodeChunk({
    transfer,
    index: 0,
    final: false,
    payload: new Uint8Array(CHUNK).fill(9),
  });
  switch (junk.kind) {
    case 'magic':
      frame[0] = junk.byte;
      return frame;
    case 'version':
      frame[1] = junk.byte;
      return frame;
    case 'flags':
      frame[2] = junk.byte;
      return frame;
    case 'reserved':
      frame[3] = junk.byte;
      return frame;
    case 'transfer-zero':
      frame.fill(0, 4, 8);
      return frame;
    case 'cut':
      return frame.slice(0, junk.length);
    case 'long': {
      const longer = new Uint8Array(frame.length + junk.extra);
      longer.set(frame);
      return longer;
    }
  }
}
