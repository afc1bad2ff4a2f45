import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { claimFolder, LOCK_FILE } from '../disk/folder-lock';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { startBrowserMode, type BrowserMode } from './browser-mode';

const running: BrowserMode[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.hub.stop()));
});

/** The token in a printed URL's fragment. */
const tokenOf = (url: string): string => new URL(url).hash.replace('#token=', '');

function attempt(mode: BrowserMode, protocol: string, token: string): Promise<string> {
  const origin = new URL(mode.openUrl).origin;
  return new Promise((resolve) => {
    const ws = new WebSocket(
      mode.hub.address?.url ?? '',
      [protocol, TOKEN_PROTOCOL_PREFIX + token],
      {
        origin,
      },
    );
    ws.on('error', (err) => resolve(err.message));
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
  });
}

it('prints the console token only in the console URL, and each URL opens only its page', async () => {
  const printed: string[] = [];
  const mode = await startBrowserMode({
    staticDir: mkdtempSync(join(tmpdir(), 'loopchat-renderer-')),
    port: 0,
    print: (line) => printed.push(line),
  });
  running.push(mode);
  const windowToken = tokenOf(mode.openUrl);
  const consoleToken = tokenOf(mode.consoleUrl);
  expect(windowToken).toBe(mode.token);
  expect(consoleToken).toBe(mode.consoleToken);
  expect(consoleToken).not.toBe(windowToken);
  expect(mode.openUrl).not.toContain(consoleToken);
  expect(printed.filter((l) => l.includes(consoleToken))).toEqual([
    `  Server console: ${mode.consoleUrl}`,
  ]);
  expect(await attempt(mode, SUBPROTOCOL, windowToken)).toBe('open');
  expect(await attempt(mode, CONSOLE_SUBPROTOCOL, consoleToken)).toBe('open');
  expect(await attempt(mode, CONSOLE_SUBPROTOCOL, windowToken)).toContain('401');
});

it('stop gives the data folder back: another process can take it, and no exit hook is left', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-stop-'));
  const hooksBefore = process.listenerCount('exit');
  const options = {
    staticDir: mkdtempSync(join(tmpdir(), 'loopchat-renderer-')),
    dataDir,
    port: 0,
    print: () => undefined,
  };
  const mode = await startBrowserMode(options);
  running.push(mode);
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
  await mode.stop();
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  expect(process.listenerCount('exit')).toBe(hooksBefore);
  // A process that is still alive (this one's pid is not reused) now finds the folder free.
  const other = { pid: process.pid + 1, isAlive: () => true, onExit: () => () => undefined };
  const claim = claimFolder(dataDir, 'browser', other);
  expect(claim.kind).toBe('taken');
  if (claim.kind === 'taken') claim.lock.release();

  // Started and stopped again and again in one process, it holds one exit hook at most.
  for (let round = 0; round < 12; round++) {
    await (await startBrowserMode(options)).stop();
  }
  expect(process.listenerCount('exit')).toBe(hooksBefore);
});
