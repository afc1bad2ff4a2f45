import { describe, expect, it } from 'vitest';
import { isStoredWindowState, MAX_STORED_WINDOWS } from './stored-window-state';

const bounds = { x: 100, y: -40, width: 960, height: 720 };
const state = {
  version: 1,
  windows: [
    { key: 'window-1', bounds, maximized: false },
    { key: 'server-console', bounds, maximized: true },
  ],
};

describe('isStoredWindowState: the check for window-state.json', () => {
  it('takes the windows open at quit with their bounds', () => {
    expect(isStoredWindowState(state)).toBe(true);
    expect(isStoredWindowState({ version: 1, windows: [] })).toBe(true);
  });

  const one = (window: Record<string, unknown>) => ({ version: 1, windows: [window] });
  const first = state.windows[0];

  it.each<[string, unknown]>([
    ['another version', { ...state, version: 2 }],
    ['no windows list', { version: 1 }],
    ['a windows object', { version: 1, windows: {} }],
    ['the same key twice', { version: 1, windows: [first, first] }],
    [
      'too many windows',
      {
        version: 1,
        windows: Array.from({ length: MAX_STORED_WINDOWS + 1 }, (_, i) => ({
          ...first,
          key: `window-${i + 1}`,
        })),
      },
    ],
    ['a key that is not a window key', one({ ...first, key: '../etc' })],
    ['window-0', one({ ...first, key: 'window-0' })],
    ['a zero width', one({ ...first, bounds: { ...bounds, width: 0 } })],
    ['a fractional x', one({ ...first, bounds: { ...bounds, x: 1.5 } })],
    ['an absurd y', one({ ...first, bounds: { ...bounds, y: 1e9 } })],
    ['a string height', one({ ...first, bounds: { ...bounds, height: '720' } })],
    ['no maximized flag', one({ key: 'window-1', bounds })],
    ['null', null],
    ['an array', []],
  ])('refuses a state with %s', (_what, value) => {
    expect(isStoredWindowState(value)).toBe(false);
  });
});
