import { describe, expect, it } from 'vitest';
import { utf8Length } from './utf8-length';

describe('utf8Length', () => {
  it('counts bytes the way the wire does, for every script', () => {
    for (const text of ['', 'hello', 'é', '안녕하세요', '日本語', '😀 emoji', '\ud800 lone']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
