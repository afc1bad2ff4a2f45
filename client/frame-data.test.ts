// What the link makes of a frame: the exact bytes of a binary one however the socket handed it
// over (a browser's ArrayBuffer, Node's Buffer, ws's fragments), and a text frame's type as the
// inspector labels it.

import { describe, expect, it } from 'vitest';
import { frameBytes, frameType } from './frame-data';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('frameBytes', () => {
  it('reads an ArrayBuffer whole', () => {
    expect(frameBytes(bytes(1, 2, 3).buffer)).toEqual(bytes(1, 2, 3));
  });

  it('reads only the viewed part of a larger buffer (a Buffer from a pool)', () => {
    const pool = bytes(9, 9, 4, 5, 6, 9);
    expect(frameBytes(new Uint8Array(pool.buffer, 2, 3))).toEqual(bytes(4, 5, 6));
    expect(frameBytes(Buffer.from(pool.buffer, 1, 2))).toEqual(bytes(9, 4));
    expect(frameBytes(new DataView(pool.buffer, 3, 2))).toEqual(bytes(5, 6));
  });

  it('joins fragments in order, at their own lengths', () => {
    const joined = frameBytes([bytes(1, 2), bytes(), Buffer.from([3]), bytes(4, 5, 6)]);
    expect(joined).toEqual(bytes(1, 2, 3, 4, 5, 6));
    expect(frameBytes([])).toEqual(bytes());
  });

  it('is null for what is not bytes', () => {
    expect(frameBytes('text')).toBeNull();
    expect(frameBytes(null)).toBeNull();
    expect(frameBytes([bytes(1), 'two'])).toBeNull();
    expect(frameBytes({ byteLength: 2 })).toBeNull();
  });
});

describe('frameType', () => {
  it("is a JSON object's type", () => {
    expect(frameType('{"type":"chat","text":"hi"}')).toBe('chat');
  });

  it('is raw for text that is not a JSON object with a short string type', () => {
    expect(frameType('hello')).toBe('raw');
    expect(frameType('null')).toBe('raw');
    expect(frameType('"chat"')).toBe('raw');
    expect(frameType('{"text":"no type"}')).toBe('raw');
    expect(frameType('{"type":7}')).toBe('raw');
    expect(frameType(JSON.stringify({ type: 'x'.repeat(33) }))).toBe('raw');
  });

  it('keeps a type of exactly 32 characters', () => {
    expect(frameType(JSON.stringify({ type: 'y'.repeat(32) }))).toBe('y'.repeat(32));
  });
});
