// Where browser mode keeps its history and tokens by default: the OS's per-user app data
// folder, as the Electron app uses (Electron's appData + the product name), in a
// `browser-mode` subfolder so the two never share files.

import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DataFolderEnv {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Electron's `appData` for each platform. */
function appDataFolder({ platform, home, env }: DataFolderEnv): string {
  if (platform === 'win32') return env['APPDATA'] || join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env['XDG_CONFIG_HOME'] || join(home, '.config');
}

export function defaultBrowserDataDir(where: DataFolderEnv): string {
  return join(appDataFolder(where), 'Loopchat', 'browser-mode');
}

/** Creates the folder if needed; one we create is the user's alone (0700). */
export function ensureDataFolder(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Only the folders made here: a --data-dir that already exists keeps its own mode.
  if (created !== undefined) chmodSync(dir, 0o700);
}
