// Kills a real hub process with SIGKILL while a window is sending, restarts it on the same
// data folder, and checks that every message the window saw acknowledged is in the history.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildLauncher,
  OPEN_URL,
  runLauncher,
  waitForOutput,
  type LauncherRun,
} from './test/browser-mode-process';
import { join, type TestClient } from './test/test-client';

/** Browser mode allows its own page origin, which is the hub's address over http. */
const joinHub = (
  url: string,
  token: string,
  name: string,
  resume: { historyId: string; lastSeq: number } | null = null,
) => join(url, token, name, resume, undefined, url.replace('ws://', 'http://'));

let launcher: { entry: string; remove(): void };
const runs: LauncherRun[] = [];

beforeAll(async () => {
  launcher = await buildLauncher();
});

afterAll(() => {
  for (const run of runs) run.child.kill('SIGKILL');
  launcher.remove();
});

/** Starts browser mode in a child process; resolves with it, its hub URL and token. */
async function startHubProcess(dataDir: string) {
  const run = runLauncher(launcher.entry, dataDir);
  runs.push(run);
  const [, , port, token = ''] = await waitForOutput(run, OPEN_URL);
  return { child: run.child, url: `ws://127.0.0.1:${port}`, token };
}

it('keeps every acknowledged message when the hub is killed mid-write', async () => {
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'loopchat-crash-data-'));
  const first = await startHubProcess(dataDir);
  const sender: TestClient = await joinHub(first.url, first.token, 'Ada');
  const acknowledged: string[] = [];
  const total = 150; // within the hub's burst allowance, so none is rate-limited
  sender.ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type !== 'chat' || !message.id) return;
    acknowledged.push(message.id);
    // Kill the hub while the rest of the frames are still being written.
    if (acknowledged.length === 40) first.child.kill('SIGKILL');
  });
  for (let i = 0; i < total; i++) {
    sender.send({ type: 'chat', id: `m${i}`, text: `message ${i} ${'x'.repeat(200)}` });
  }
  await sender.closed;
  expect(acknowledged.length).toBeGreaterThanOrEqual(40);
  // Usually well short of `total`: the rest were in flight when the hub died.

  const second = await startHubProcess(dataDir);
  const reader = await joinHub(second.url, second.token, 'Bob', null);
  const welcome = reader.received[0];
  if (welcome?.type !== 'welcome') throw new Error('expected a welcome');
  await reader.close();
  const replay = await joinHub(second.url, second.token, 'Bob', {
    historyId: welcome.historyId,
    lastSeq: 0,
  });
  // The replay is sent right after the welcome; a pong behind it on the same socket means
  // every replayed message has arrived.
  replay.send({ type: 'ping', id: 'after-replay' });
  await replay.next('pong');
  const stored = replay.received.flatMap((m) => (m.type === 'chat' ? [m.id] : []));
  expect(stored.slice(0, acknowledged.length)).toEqual(acknowledged);
  expect(new Set(stored).size).toBe(stored.length);
  await replay.close();
  second.child.kill('SIGTERM');
});
