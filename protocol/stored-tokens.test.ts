import { describe, expect, it } from 'vitest';
import { isStoredTokens } from './stored-tokens';

const token = 'ab'.repeat(32);

describe('isStoredTokens: the one check for tokens.json', () => {
  it('takes one hex token per capability, and an empty file object', () => {
    expect(isStoredTokens({ chat: token, console: token })).toBe(true);
    expect(isStoredTokens({})).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an array', [token]],
    ['null', null],
    ['a string', token],
    ['a token that is not hex', { chat: 'z'.repeat(64) }],
    ['a token too short to be secret', { chat: 'ab' }],
    ['a token that is a number', { chat: 1234 }],
    ['a capability with a space', { 'my chat': token }],
    [
      'more capabilities than Loopchat has',
      Object.fromEntries([...Array(33).keys()].map((i) => [`c${i}`, token])),
    ],
  ])('refuses %s', (_what, value) => {
    expect(isStoredTokens(value)).toBe(false);
  });
});
