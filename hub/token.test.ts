import { describe, expect, it } from 'vitest';
import { createToken, tokenMatches } from './token';

describe('createToken', () => {
  it('makes 32 random bytes as 64 hex characters, different every launch', () => {
    const token = createToken();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(createToken()).not.toBe(token);
  });
});

describe('tokenMatches', () => {
  const token = createToken();

  it('accepts exactly the token', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches('abc', 'abc')).toBe(true);
  });

  it('refuses a missing token or one that differs in any character', () => {
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
  });

  it('refuses a token of the wrong length, without throwing', () => {
    // timingSafeEqual throws on unequal lengths; a prefix or an extension must just be refused.
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}0`)).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
  });
});
