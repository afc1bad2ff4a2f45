import { describe, expect, it } from 'vitest';
import { readyStateLabel } from './ready-state';

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
