import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('says first only once per id', () => {
    const seen = new SeenIds(3);
    expect(seen.first('a')).toBe(true);
    expect(seen.first('a')).toBe(false);
    expect(seen.first('b')).toBe(true);
  });

  it('forgets the oldest ids beyond its bound, and only those', () => {
    const seen = new SeenIds(2);
    seen.first('a');
    seen.first('b');
    seen.first('c'); // forgets a
    expect(seen.first('c')).toBe(false);
    expect(seen.first('b')).toBe(false);
    expect(seen.first('a')).toBe(true);
  });
});
