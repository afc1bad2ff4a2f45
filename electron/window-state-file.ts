// window-state.json in the data folder: read once at launch through the validator in
// protocol/stored-window-state.ts, written whenever the set of windows to reopen changes. A file
// that is not JSON or fails the check is set aside (renamed, never deleted) and the app opens
// one window as on a first launch.

import {
  isStoredWindowState,
  WINDOW_STATE_VERSION,
  type StoredWindow,
} from '../protocol/stored-window-state';

export const WINDOW_STATE_FILE = 'window-state.json';

/** The few file operations the app needs; main.ts gives it node:fs, tests a Map. */
export interface StateFiles {
  /** The file's text, or null when there is none. */
  read(path: string): string | null;
  /** Replaces the file as a whole (write a temporary file, then rename). */
  write(path: string, text: string): void;
  /** Moves a damaged file out of the way; returns where it went. */
  setAside(path: string): string;
}

export function readWindowState(
  files: StateFiles,
  path: string,
  log: (line: string) => void,
): StoredWindow[] {
  let text: string | null;
  try {
    text = files.read(path);
  } catch (err) {
    log(`[app] could not read ${path}: ${String(err)}; opening one window`);
    return [];
  }
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isStoredWindowState(parsed)) return parsed.windows;
  try {
    const aside = files.setAside(path);
    log(`[app] ${path} is damaged; set aside as ${aside}; opening one window`);
  } catch (err) {
    log(`[app] ${path} is damaged and could not be set aside: ${String(err)}`);
  }
  return [];
}

export function writeWindowState(
  files: StateFiles,
  path: string,
  windows: StoredWindow[],
  log: (line: string) => void,
): void {
  try {
    files.write(path, `${JSON.stringify({ version: WINDOW_STATE_VERSION, windows })}\n`);
  } catch (err) {
    // Losing window positions is not worth interrupting the user for.
    log(`[app] could not save window positions to ${path}: ${String(err)}`);
  }
}
