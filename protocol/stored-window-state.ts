// The desktop app's window state at rest (window-state.json in the data folder): which windows
// were open when it quit, the server console included, and where each one was. Checked here
// like every stored shape: the file can be damaged, hand-edited or written by another version.

export const WINDOW_STATE_VERSION = 1;

export interface StoredBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StoredWindow {
  /** The window's stable key: `window-N` for chat windows, `server-console` for the console. */
  key: string;
  /** The normal (not maximised) bounds, in DIP screen coordinates. */
  bounds: StoredBounds;
  maximized: boolean;
}

export interface StoredWindowState {
  version: typeof WINDOW_STATE_VERSION;
  /** The windows open at quit, in the order they were opened. */
  windows: StoredWindow[];
}

/** More windows than anyone opens by hand; a file listing more is not ours. */
export const MAX_STORED_WINDOWS = 64;
/** Far beyond any desktop, and small enough that no arithmetic on it loses precision. */
const MAX_COORDINATE = 100_000;

export const WINDOW_KEY = /^(window-[1-9][0-9]{0,3}|server-console)$/;

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCoordinate = (value: unknown): boolean =>
  Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_COORDINATE;

const isLength = (value: unknown): boolean =>
  Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_COORDINATE;

export function isStoredBounds(value: unknown): value is StoredBounds {
  return (
    isFields(value) &&
    isCoordinate(value.x) &&
    isCoordinate(value.y) &&
    isLength(value.width) &&
    isLength(value.height)
  );
}

export function isStoredWindow(value: unknown): value is StoredWindow {
  return (
    isFields(value) &&
    typeof value.key === 'string' &&
    WINDOW_KEY.test(value.key) &&
    isStoredBounds(value.bounds) &&
    typeof value.maximized === 'boolean'
  );
}

/** The whole file: a known version and at most one entry per window key. */
export function isStoredWindowState(value: unknown): value is StoredWindowState {
  if (!isFields(value) || value.version !== WINDOW_STATE_VERSION) return false;
  const { windows } = value;
  if (!Array.isArray(windows) || windows.length > MAX_STORED_WINDOWS) return false;
  if (!windows.every(isStoredWindow)) return false;
  return new Set(windows.map((w: StoredWindow) => w.key)).size === windows.length;
}
