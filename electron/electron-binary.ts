// Finds the Electron executable for `npm start` and the Playwright Electron specs. The
// `electron` package downloads its binary lazily on first use; where that download cannot
// happen (no route to GitHub), this reports why in one line instead of a stack trace.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; why: string };

let cached: ElectronBinary | undefined;

export function findElectronBinary(): ElectronBinary {
  cached ??= locate();
  return cached;
}

function locate(): ElectronBinary {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const binaryPath = () => {
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const file = readFileSync(pathFile, 'utf8');
    const full = override ? join(override, file) : join(pkgDir, 'dist', file);
    return existsSync(full) ? full : null;
  };
  const found = binaryPath();
  if (found) return { ok: true, path: found };
  console.log("Electron's binary is not here yet: trying to download it…");
  const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const installed = binaryPath();
  if (installed) return { ok: true, path: installed };
  const lines = `${install.stderr ?? ''}${install.error?.message ?? ''}`.trim().split('\n');
  const reason = lines.find((l) => /error|fail/i.test(l)) ?? lines[0] ?? 'unknown error';
  return { ok: false, why: `its download failed: ${reason.trim()}` };
}
