// window-state.json in the data folder: read once at launch through the validator in
// protocol/stored-window-state.ts, written whenever the set of windows to reopen changes. A file
// that is not JSON or fails the check is set aside as window-state.json.bad-<time>
// (disk/json-file.ts) and the app opens one window as on a first launch.

import { readJsonFile, type JsonFileFs } from '../disk/json-file';
import {
  isStoredWindowState,
  WINDOW_STATE_VERSION,
  type StoredWindow,
} from '../protocol/stored-window-state';

export const WINDOW_STATE_FILE = 'window-state.json';

/**
 * The few file operations the app needs: reading and setting aside as disk/json-file.ts does
 * them; main.ts gives it node:fs, tests the fake Electron's disk.
 */
export interface StateFiles extends JsonFileFs {
  /** Replaces the file as a whole (write a temporary file, then rename). */
  write(path: string, text: string): void;
}

export function readWindowState(
  files: StateFiles,
  path: string,
  log: (line: string) => void,
): StoredWindow[] {
  const read = readJsonFile(path, {
    check: isStoredWindowState,
    what: 'window-state file',
    instead: 'opening one window',
    log: (line) => log(`[app] ${line}`),
    fs: files,
  });
  return read.kind === 'read' ? read.value.windows : [];
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
