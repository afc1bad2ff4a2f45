import { describe, expect, it } from 'vitest';
import { CLOSED, CLOSING, CONNECTING, OPEN, readyStateLabel, toReadyState } from './ready-state';

describe('ready state labels', () => {
  it('shows name and number', () => {
    expect([0, 1, 2, 3].map((n) => readyStateLabel(n as 0 | 1 | 2 | 3))).toEqual([
      'CONNECTING (0)',
      'OPEN (1)',
      'CLOSING (2)',
      'CLOSED (3)',
    ]);
  });

  it('takes a socket readyState by value, and anything unknown as CLOSED', () => {
    expect([0, 1, 2, 3].map(toReadyState)).toEqual([CONNECTING, OPEN, CLOSING, CLOSED]);
    expect([-1, 4, 1.5, NaN].map(toReadyState)).toEqual([CLOSED, CLOSED, CLOSED, CLOSED]);
  });
});
