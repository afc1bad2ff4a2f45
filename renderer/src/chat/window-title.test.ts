import { describe, expect, it } from 'vitest';
import { windowTitle } from './window-title';

describe('windowTitle', () => {
  it('puts the unread count first, and drops it at zero', () => {
    expect(windowTitle('Ada', 3)).toBe('(3) Loopchat — Ada');
    expect(windowTitle('Ada', 0)).toBe('Loopchat — Ada');
    expect(windowTitle('', 0)).toBe('Loopchat');
  });
});
