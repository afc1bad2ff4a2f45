// A restart of browser mode: from the same data folder the hub takes its open tabs
// back, history included; with another token an open tab says its link is from an earlier run
// and stops retrying. Each hub here has its own temporary data folder, never the real one.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../launcher/browser-mode';
import { expect, rendererDir, send, test } from './fixtures';

const folders: string[] = [];
const hubs: BrowserMode[] = [];

function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-restart-'));
  folders.push(dir);
  return dir;
}

async function start(dataDir: string, port = 0): Promise<BrowserMode> {
  const mode = await startBrowserMode({
    staticDir: rendererDir,
    dataDir,
    port,
    pushIntervalMs: 400,
    print: () => undefined,
  });
  hubs.push(mode);
  return mode;
}

test.afterEach(async () => {
  await Promise.all(hubs.splice(0).map((m) => m.stop()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('a hub restarted from the same data folder takes an open tab back, history and all', async ({
  page,
  browser,
}) => {
  const dataDir = temporaryFolder();
  const first = await start(dataDir);
  await page.goto(first.openUrl);
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  await send(page, 'said before the restart');
  await expect(page.getByTestId('messages')).toContainText('said before the restart');

  const port = first.hub.address?.port ?? 0;
  await first.hub.stop();
  await expect(page.getByTestId('ready-state')).toHaveText('CLOSED (3)');
  const second = await start(dataDir, port);
  expect(second.hub.address?.port).toBe(port);
  expect(second.openUrl).toBe(first.openUrl);
  // Forced: the tab may already be back on its own, and then the button is rightly disabled.
  await page.getByRole('button', { name: 'Reconnect now' }).click({ force: true });
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');

  // A new tab gets the earlier message from the restarted hub's history.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(second.openUrl);
  await expect(fresh.getByTestId('messages')).toContainText('said before the restart');
  await expect(page.getByTestId('messages')).toContainText('said before the restart');
  await context.close();
});

test('a tab whose link is from an earlier run says so and stops retrying', async ({ page }) => {
  const first = await start(temporaryFolder());
  await page.goto(first.openUrl);
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  const port = first.hub.address?.port ?? 0;
  await first.hub.stop();
  await expect(page.getByTestId('ready-state')).toHaveText('CLOSED (3)');

  // Another data folder: another token, on the same port.
  const second = await start(temporaryFolder(), port);
  expect(second.token).not.toBe(first.token);
  const status = page.locator('#reconnect-text');
  await page.getByRole('button', { name: 'Reconnect now' }).click();
  await expect(status).toHaveText(
    'Not reconnecting: This link is from an earlier run of Loopchat: open the new one printed in the terminal.',
  );
  await expect(page.getByRole('button', { name: 'Reconnect now' })).toBeEnabled();
  await expect(page.getByTestId('ready-state')).toHaveText('CLOSED (3)');
});
