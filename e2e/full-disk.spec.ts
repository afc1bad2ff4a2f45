// A full disk while Loopchat runs: the hub never shows a message it could not save. The
// sender's window says so and keeps the message, nobody else sees it, the console says the
// disk is full, and once writing works again the message arrives once, everywhere. The disk
// is the history file's test seam (hub/test/failing-disk.ts), handed to browser mode as
// only a test can.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../launcher/browser-mode';
import { FailingDisk } from '../hub/test/failing-disk';
import { expect, rendererDir, send, test } from './fixtures';

let mode: BrowserMode | null = null;
let dataDir = '';

test.afterEach(async () => {
  await mode?.stop();
  mode = null;
  rmSync(dataDir, { recursive: true, force: true });
});

test('a message that hits a full disk is kept, shown to nobody, and arrives once when the disk has room', async ({
  browser,
}) => {
  // The window's retries wait 2 s, 4 s, 8 s…: the test spans several of them.
  test.slow();
  const disk = new FailingDisk();
  dataDir = mkdtempSync(join(tmpdir(), 'loopchat-full-disk-'));
  mode = await startBrowserMode({
    staticDir: rendererDir,
    dataDir,
    port: 0,
    historyFs: disk,
    print: () => undefined,
  });
  const open = async (url: string) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    return page;
  };
  const ada = await open(mode.openUrl);
  const bob = await open(mode.openUrl);
  for (const page of [ada, bob]) {
    await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  }
  const console = await open(mode.consoleUrl);
  await expect(console.getByTestId('console-link')).toHaveText('OPEN (1)');

  disk.fault = 'ENOSPC';
  await send(ada, 'through a full disk');
  await expect(ada.getByTestId('messages')).toContainText('The hub could not save your message');
  const own = ada
    .getByTestId('messages')
    .locator('[data-kind="own"]', { hasText: 'through a full disk' });
  await expect(own).toHaveAttribute('data-pending', 'true');
  await expect(
    console.getByTestId('console-events').locator('li[data-event="not-saving"]'),
  ).toContainText('Not saving chat messages');
  // The window keeps trying: a second refusal arrives before the disk has room.
  await expect.poll(() => disk.failures, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(bob.getByTestId('messages')).not.toContainText('through a full disk');

  disk.fault = null;
  await expect(own).not.toHaveAttribute('data-pending', 'true', { timeout: 40_000 });
  await expect(
    bob.getByTestId('messages').locator('[data-kind="other"]', { hasText: 'through a full disk' }),
  ).toHaveCount(1);
  await expect(own).toHaveCount(1);
  await expect(
    console.getByTestId('console-events').locator('li[data-event="saving-again"]'),
  ).toHaveCount(1);
  // On disk once, after the header.
  const lines = readFileSync(join(dataDir, 'history.jsonl'), 'utf8').trim().split('\n');
  expect(lines.filter((line) => line.includes('through a full disk'))).toHaveLength(1);
});
