// Finds the Electron executable for `npm start` and the Playwright Electron specs. The
// `electron` package downloads its binary lazily on first use; where that download cannot
// happen (no route to GitHub), this reports why in one line instead of a stack trace.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { explainDownloadFailure } from './electron-download-failure';

export type ElectronBinary = { ok: true; path: string } | { ok: false; why: string };

/** Where to look, injectable so the lookup is testable without an Electron install. */
export interface BinaryLookup {
  /** node_modules/electron */
  pkgDir: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  readFile(path: string): string;
}

/** The executable inside an Electron dist folder, as the electron package's install.js names it. */
export function executableName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The binary if it is already on disk; never downloads. Like the electron package's index.js,
 * ELECTRON_OVERRIDE_DIST_PATH wins and needs no path.txt (that file only exists after a
 * successful download).
 */
export function locateElectronBinary(lookup: BinaryLookup = realLookup()): ElectronBinary {
  const pathFile = join(lookup.pkgDir, 'path.txt');
  const recorded = lookup.exists(pathFile) ? lookup.readFile(pathFile).trim() : null;
  const override = lookup.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const full = join(override, recorded ?? executableName(lookup.platform));
    if (lookup.exists(full)) return { ok: true, path: full };
    return { ok: false, why: `ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${full}` };
  }
  if (recorded === null) return { ok: false, why: 'its binary has not been downloaded' };
  const full = join(lookup.pkgDir, 'dist', recorded);
  if (lookup.exists(full)) return { ok: true, path: full };
  return { ok: false, why: `its binary is missing from ${full}` };
}

function realLookup(): BinaryLookup {
  return {
    pkgDir: dirname(createRequire(import.meta.url).resolve('electron/package.json')),
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    readFile: (path) => readFileSync(path, 'utf8'),
  };
}

let cached: ElectronBinary | undefined;

/** For `npm start`: the binary, downloading it first when it is not there yet. */
export function findElectronBinary(): ElectronBinary {
  cached ??= locateOrDownload();
  return cached;
}

function locateOrDownload(): ElectronBinary {
  const found = locateElectronBinary();
  // An explicit override is the user's choice: report it rather than download over it.
  if (found.ok || process.env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  console.log("Electron's binary is not here yet: trying to download it…");
  const lookup = realLookup();
  const install = spawnSync(process.execPath, [join(lookup.pkgDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const installed = locateElectronBinary(lookup);
  if (installed.ok) return installed;
  const output = `${install.stderr ?? ''}\n${install.error?.message ?? ''}`;
  const timedOut = (install.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { ok: false, why: explainDownloadFailure({ output, timedOut }) };
}
