import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('reconnect backoff', () => {
  it('doubles the ceiling from 500 ms and stops growing at 10 s', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffCeiling(n));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('picks a delay between 0 and the ceiling (full jitter)', () => {
    for (const attempt of [0, 3, 9]) {
      const ceiling = backoffCeiling(attempt);
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      expect(backoffDelay(attempt, () => 0.5)).toBe(ceiling / 2);
      const top = backoffDelay(attempt, () => 0.999_999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it('keeps out-of-range random values inside the bounds', () => {
    expect(backoffDelay(2, () => 1)).toBeLessThan(backoffCeiling(2));
    expect(backoffDelay(2, () => -1)).toBe(0);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelay(1000, () => 0.999_999)).toBeLessThan(DEFAULT_BACKOFF.capMs);
  });
});
