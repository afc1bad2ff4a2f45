// One Loopchat per data folder, with real processes: a second `npm run web` on a folder in use
// points at the running one and exits 0; a first one killed with SIGKILL (no chance to clean
// up) does not block the next start, and its history is still there.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCK_FILE } from '../disk/folder-lock';
import { join as joinHub } from '../hub/test/test-client';
import {
  buildLauncher,
  OPEN_URL,
  runLauncher,
  waitForOutput,
  type LauncherRun,
} from '../hub/test/browser-mode-process';

let launcher: { entry: string; remove(): void };
const runs: LauncherRun[] = [];
const folders: string[] = [];

beforeAll(async () => {
  launcher = await buildLauncher();
});

afterAll(() => {
  for (const run of runs) run.child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  launcher.remove();
});

function start(dataDir: string): LauncherRun {
  const run = runLauncher(launcher.entry, dataDir);
  runs.push(run);
  return run;
}

it(
  'a second start on a folder in use prints where the first runs and exits 0',
  { timeout: 40_000 },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-lock-'));
    folders.push(dataDir);
    const first = start(dataDir);
    const [, openUrl] = await waitForOutput(first, OPEN_URL);
    const [, consoleUrl] = await waitForOutput(first, /Server console: (\S+)\n/);

    const second = start(dataDir);
    expect(await second.exited).toBe(0);
    expect(second.output().trim().split('\n')).toEqual([
      `Loopchat is already running on ${dataDir} in browser mode (process ${first.child.pid}); open:`,
      `  ${openUrl}`,
      `  Server console: ${consoleUrl}`,
    ]);
    expect(first.child.exitCode).toBeNull(); // the first one carries on
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false); // a clean stop releases it
  },
);

it(
  'starts on a folder whose last hub was killed with SIGKILL, with its history',
  { timeout: 40_000 },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-lock-'));
    folders.push(dataDir);
    const first = start(dataDir);
    const [, , port, token] = await waitForOutput(first, OPEN_URL);
    const url = `ws://127.0.0.1:${port}`;
    const ada = await joinHub(
      url,
      token ?? '',
      'Ada',
      null,
      undefined,
      url.replace('ws://', 'http://'),
    );
    ada.send({ type: 'chat', id: 'before-kill', text: 'still here after a kill' });
    await ada.next('chat');
    first.child.kill('SIGKILL');
    await first.exited;
    await ada.closed;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // killed: no chance to remove it

    const next = start(dataDir);
    const [, , nextPort, nextToken] = await waitForOutput(next, OPEN_URL);
    expect(next.output()).not.toContain('already running');
    expect(nextToken).toBe(token); // the same tokens.json: open tabs come back
    const nextUrl = `ws://127.0.0.1:${nextPort}`;
    const bob = await joinHub(
      nextUrl,
      nextToken ?? '',
      'Bob',
      null,
      undefined,
      nextUrl.replace('ws://', 'http://'),
    );
    const welcome = bob.received.find((m) => m.type === 'welcome');
    expect(welcome).toBeDefined();
    bob.send({ type: 'ping', id: 'after-replay' });
    await bob.next('pong');
    expect(bob.received.flatMap((m) => (m.type === 'chat' ? [m.text] : []))).toEqual([
      'still here after a kill',
    ]);
    await bob.close();
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  },
);
