// Property-based tests of the binary chunk decoder, which faces every binary frame a window or
// a script sends the hub. Whatever the bytes, decodeChunk returns a chunk or a reason, never
// throws, accepts only frames encodeChunk would write (checked by an independent reading of
// the header), and a chunk round-trips. fast-check prints the seed of a failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_LIMITS,
  CHUNK_HEADER_BYTES,
  FITS_IN_ONE_FRAME,
  MAX_CHUNK_FRAME_BYTES,
} from './attachment-limits';
import { CHUNK_MAGIC, CHUNK_VERSION, decodeChunk, encodeChunk, type Chunk } from './chunk-frame';
import { LIMITS } from './messages';

const RUNS = { numRuns: 300 };
// A small chunk size keeps the frames short; the rules do not depend on it.
const SMALL = 16;

/** The header rules, read byte by byte without DataView, as a second opinion. */
function isValidFrame(frame: Uint8Array, chunkBytes: number): boolean {
  if (frame.length < 12) return false;
  const u32 = (at: number) =>
    new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(at, false);
  const payload = frame.length - 12;
  const final = frame[2] === 1;
  return (
    frame[0] === 0x4c &&
    frame[1] === 1 &&
    (frame[2] === 0 || frame[2] === 1) &&
    frame[3] === 0 &&
    u32(4) >= 1 &&
    payload <= chunkBytes &&
    (final ? payload > 0 || u32(8) === 0 : payload === chunkBytes)
  );
}

const chunk = (chunkBytes: number): fc.Arbitrary<Chunk> =>
  fc.oneof(
    fc.record({
      transfer: fc.integer({ min: 1, max: 0xffff_ffff }),
      index: fc.integer({ min: 0, max: 0xffff_ffff }),
      final: fc.constant(false),
      payload: fc.uint8Array({ minLength: chunkBytes, maxLength: chunkBytes }),
    }),
    fc.record({
      transfer: fc.integer({ min: 1, max: 0xffff_ffff }),
      index: fc.integer({ min: 0, max: 0xffff_ffff }),
      final: fc.constant(true),
      payload: fc.uint8Array({ minLength: 1, maxLength: chunkBytes }),
    }),
  );

/** A valid frame with some of its bytes changed, cut short or extended. */
const mutatedFrame = fc
  .tuple(
    chunk(SMALL),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
    fc.integer({ min: -14, max: 3 }),
  )
  .map(([c, edits, lengthChange]) => {
    const frame = encodeChunk(c, SMALL);
    for (const [at, value] of edits) frame[at % frame.length] = value;
    const length = Math.max(0, frame.length + lengthChange);
    const out = new Uint8Array(length);
    out.set(frame.subarray(0, Math.min(length, frame.length)));
    return out;
  });

describe('decodeChunk: the one check every binary frame passes', () => {
  it('never throws, and accepts exactly the frames the header rules allow', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedFrame, fc.uint8Array({ maxLength: 40 })), (frame) => {
        const decoded = decodeChunk(frame, SMALL);
        expect(decoded.ok).toBe(isValidFrame(frame, SMALL));
        if (!decoded.ok) expect(decoded.error.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('gives back the chunk that was encoded, its payload a view of the frame', () => {
    fc.assert(
      fc.property(chunk(SMALL), (c) => {
        const frame = encodeChunk(c, SMALL);
        const decoded = decodeChunk(frame, SMALL);
        expect(decoded).toEqual({ ok: true, chunk: c });
        if (decoded.ok) expect(decoded.chunk.payload.buffer).toBe(frame.buffer);
      }),
      RUNS,
    );
  });

  it('reads a frame that sits inside a larger buffer (as ws hands them over)', () => {
    const c: Chunk = { transfer: 7, index: 2, final: true, payload: Uint8Array.of(1, 2, 3) };
    const frame = encodeChunk(c, SMALL);
    const pool = new Uint8Array(100);
    pool.set(frame, 40);
    expect(decodeChunk(pool.subarray(40, 40 + frame.length), SMALL)).toEqual({
      ok: true,
      chunk: c,
    });
  });
});

describe('the header, byte by byte', () => {
  const c: Chunk = {
    transfer: 0x01020304,
    index: 0x0a0b0c0d,
    final: true,
    payload: Uint8Array.of(9),
  };

  it('is magic, version, flags, reserved, transfer and index, big-endian', () => {
    expect([...encodeChunk(c, SMALL)]).toEqual([
      CHUNK_MAGIC,
      CHUNK_VERSION,
      1,
      0,
      1,
      2,
      3,
      4,
      10,
      11,
      12,
      13,
      9,
    ]);
  });

  it.each<[string, (f: Uint8Array) => void, RegExp]>([
    ['another magic byte', (f) => (f[0] = 0x7b), /not a Loopchat chunk/],
    ['version 2', (f) => (f[1] = 2), /version 2 is not supported/],
    ['an unknown flag', (f) => (f[2] = 3), /reserved bits/],
    ['a reserved byte set', (f) => (f[3] = 1), /reserved bits/],
    ['transfer number 0', (f) => f.fill(0, 4, 8), /transfer number/],
  ])('refuses %s with its reason', (_what, edit, reason) => {
    const frame = encodeChunk(c, SMALL);
    edit(frame);
    expect(decodeChunk(frame, SMALL)).toEqual({ ok: false, error: expect.stringMatching(reason) });
  });

  it('refuses a frame shorter than the header, a short middle chunk and an empty later chunk', () => {
    expect(decodeChunk(Uint8Array.of(0x4c, 1, 0), SMALL)).toMatchObject({
      error: /shorter than a chunk header/,
    });
    const short = encodeChunk({ ...c, final: true, payload: new Uint8Array(5) }, SMALL);
    short[2] = 0;
    expect(decodeChunk(short, SMALL)).toMatchObject({ error: /exactly 16 bytes/ });
    const empty = encodeChunk(
      { transfer: 1, index: 0, final: true, payload: new Uint8Array(0) },
      SMALL,
    );
    expect(decodeChunk(empty, SMALL).ok).toBe(true); // an empty file
    empty[11] = 1;
    expect(decodeChunk(empty, SMALL)).toMatchObject({ error: /empty file/ });
  });

  it('refuses a payload over the chunk size, and encodeChunk will not write one', () => {
    const big = { transfer: 1, index: 0, final: true, payload: new Uint8Array(SMALL + 1) };
    expect(() => encodeChunk(big, SMALL)).toThrow(/over 16 bytes/);
    const frame = new Uint8Array(CHUNK_HEADER_BYTES + SMALL + 1);
    frame.set([0x4c, 1, 1, 0, 0, 0, 0, 1]);
    expect(decodeChunk(frame, SMALL)).toMatchObject({ ok: false, error: /over 16 bytes/ });
  });
});

describe('the real chunk size', () => {
  it('keeps the largest chunk frame within the hub maxPayload', () => {
    expect(MAX_CHUNK_FRAME_BYTES).toBe(CHUNK_HEADER_BYTES + ATTACHMENT_LIMITS.chunkBytes);
    expect(MAX_CHUNK_FRAME_BYTES).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
    expect(FITS_IN_ONE_FRAME).toBe(true);
    const full = {
      transfer: 1,
      index: 0,
      final: false,
      payload: new Uint8Array(ATTACHMENT_LIMITS.chunkBytes),
    };
    expect(encodeChunk(full).length).toBe(MAX_CHUNK_FRAME_BYTES);
  });
});
