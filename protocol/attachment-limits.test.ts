import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS, chunkCount, chunkLength } from './attachment-limits';

const C = ATTACHMENT_LIMITS.chunkBytes;

describe('how a file splits into chunks', () => {
  it.each([
    [0, 1],
    [1, 1],
    [C, 1],
    [C + 1, 2],
    [ATTACHMENT_LIMITS.maxFileBytes, Math.ceil(ATTACHMENT_LIMITS.maxFileBytes / C)],
  ])('a file of %i bytes travels in %i chunk frames', (size, count) => {
    expect(chunkCount(size)).toBe(count);
  });

  it('gives every chunk its length, and the lengths add up to the file', () => {
    for (const size of [0, 5, C - 1, C, C + 1, 3 * C + 7]) {
      const lengths = Array.from({ length: chunkCount(size) }, (_, i) => chunkLength(size, i));
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(size);
      expect(lengths.slice(0, -1).every((l) => l === C)).toBe(true);
    }
  });

  it('keeps a message limit no smaller than the file limit', () => {
    expect(ATTACHMENT_LIMITS.maxMessageBytes).toBeGreaterThanOrEqual(
      ATTACHMENT_LIMITS.maxFileBytes,
    );
    expect(ATTACHMENT_LIMITS.defaultStorageCapBytes).toBeGreaterThan(
      ATTACHMENT_LIMITS.maxMessageBytes,
    );
  });
});
