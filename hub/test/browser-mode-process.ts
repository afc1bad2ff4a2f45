// Runs browser mode (`npm run web`'s out/launch.js, launcher/launch.ts bundled the same way)
// as a child process, for tests that need the hub in a process of its own: one that can be
// killed with SIGKILL mid-write, or a second start on the same data folder. Here, under
// hub/test/, because the hub's tests and the launcher's both use it (the launcher may import
// the hub's helpers, not the other way round; the launcher is only a path it builds).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export interface LauncherRun {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
}

/** Bundles launcher/launch.ts into a scratch folder under out/ (so it still finds node_modules/ws). */
export async function buildLauncher(): Promise<{ entry: string; remove(): void }> {
  mkdirSync('out', { recursive: true });
  const outdir = mkdtempSync(join('out', 'launcher-test-'));
  await build({
    entryPoints: ['launcher/launch.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  });
  return {
    entry: resolve(outdir, 'launch.js'),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Starts browser mode on `dataDir` on a free port. */
export function runLauncher(entry: string, dataDir: string): LauncherRun {
  const child = spawn(
    process.execPath,
    [entry, '--browser', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => out, exited };
}

/** The link browser mode prints for a window: the page URL, its port and the chat token. */
export const OPEN_URL = /(http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+))/;

/** Resolves once `run` has printed something matching `pattern` (bounded: 15 s). */
export function waitForOutput(run: LauncherRun, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(run.output());
      if (!match) return false;
      clearTimeout(timer);
      run.child.stdout?.off('data', check);
      resolve(match);
      return true;
    };
    const timer = setTimeout(() => {
      run.child.stdout?.off('data', check);
      reject(new Error(`never printed ${pattern}: ${run.output()}`));
    }, 15_000);
    if (!check()) run.child.stdout?.on('data', check);
  });
}
