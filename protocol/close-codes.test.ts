import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, describeCloseCode, reconnectsAfter } from './close-codes';

describe('close code meanings', () => {
  it('names the standard codes users meet most', () => {
    expect(describeCloseCode(1000)).toBe('Normal Closure');
    expect(describeCloseCode(1001)).toBe('Going Away');
    expect(describeCloseCode(1006)).toBe('Abnormal Closure (no close frame)');
    expect(describeCloseCode(1008)).toBe('Policy Violation');
    expect(describeCloseCode(1009)).toBe('Message Too Big');
    expect(describeCloseCode(1011)).toBe('Internal Error');
  });

  it('explains code ranges it does not know by number', () => {
    expect(describeCloseCode(4321)).toBe('Application-defined code');
    expect(describeCloseCode(3003)).toBe('Library or framework code');
    expect(describeCloseCode(999)).toBe('Not a valid close code');
  });
});

describe('what a close code does to a window', () => {
  it('keeps a replaced or removed window off and lets every other code reconnect', () => {
    expect(reconnectsAfter(CLOSE_CODES.replaced.code)).toBe(false);
    expect(reconnectsAfter(CLOSE_CODES.removed.code)).toBe(false);
    expect(CLOSE_CODES.removed.code).toBe(4001);
    expect(CLOSE_CODES.dropped.code).toBe(4002);
    expect(describeCloseCode(4001)).toBe('Removed by the server');
    for (const code of [1000, 1001, 1006, 1008, 4002, 4100, 4321])
      expect(reconnectsAfter(code)).toBe(true);
  });

  it('has one entry per code', () => {
    const codes = Object.values(CLOSE_CODES).map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
