// Runs the real launcher (`npm run web`'s out/launch.js, bundled the same way) as a child
// process, for tests that need a separate process: one that can be killed with SIGKILL, or a
// second start on the same data folder.

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

/** Bundles launcher/launch.ts into a scratch folder under out/ (so it still finds node_modules). */
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
