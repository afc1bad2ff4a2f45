import { describe, expect, it } from 'vitest';
import { describeCloseCode } from './close-codes';
import { readyStateLabel } from './ready-state';

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

describe('ready state labels', () => {
  it('shows name and number', () => {
    expect([0, 1, 2, 3].map((n) => readyStateLabel(n as 0 | 1 | 2 | 3))).toEqual([
      'CONNECTING (0)',
      'OPEN (1)',
      'CLOSING (2)',
      'CLOSED (3)',
    ]);
  });
});
