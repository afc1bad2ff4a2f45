// Takes the pictures in docs/guide/ (docs/guide.md): the real app in browser mode, each shot
// cropped to the panel the guide talks about.

import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { openConsole, rowOf } from './console-page';
import { expect, rename, send, test } from './fixtures';

const shot = (name: string) => fileURLToPath(new URL(`../docs/guide/${name}`, import.meta.url));

/** Runs one client lab scenario from the console and waits for its verdict. */
async function runLab(console: Page, scenario: string): Promise<void> {
  await console.locator(`[data-scenario="${scenario}"]`).click();
  await expect(console.getByTestId('lab-verdict')).toHaveAttribute('data-outcome', 'expected', {
    timeout: 20_000,
  });
}

/** Console pages tall enough for the table and the events in one screenshot. */
const SHOT_VIEWPORT = { width: 1280, height: 900 };

test('a window dropped by the server, reconnected, with its inspector', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await ada.setViewportSize({ width: 1280, height: 800 });
  await rename(ada, 'Ada');
  await rename(bob, 'Bob');
  await ada.getByTestId('inspector-toggle').click();
  await send(bob, 'Hi Ada, this frame reaches you as a message event.');
  await send(ada, 'And my echo is the acknowledgement.');
  await expect(ada.getByTestId('messages')).toContainText('my echo');

  // The server console drops Ada (close 4002); her window reconnects by itself.
  const console = await openConsole(browser, loopchat, SHOT_VIEWPORT);
  const row = rowOf(console, 'Ada');
  await expect(row).toHaveCount(1);
  await row.getByLabel('Close reason').fill('Dropped for the guide');
  await row.getByRole('button', { name: 'Drop' }).click();
  await expect(ada.getByTestId('close-code')).toHaveText(/4002/);
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 15_000 });
  await send(ada, 'Back again: the outbox is empty and nothing was lost.');
  await expect(
    ada.getByTestId('inspector-entries').locator('[data-type="chat"]').first(),
  ).toBeVisible();
  await expect(ada.getByTestId('inspector-rtt')).not.toBeEmpty({ timeout: 15_000 });

  await ada.locator('section.panel', { has: ada.locator('#connection-heading') }).screenshot({
    path: shot('connection-panel.png'),
  });
  await ada.getByTestId('inspector').screenshot({ path: shot('inspector.png') });
  await console.context().close();
});

test('the server console: server events and the client lab', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  await rename(ada, 'Ada');
  const console = await openConsole(browser, loopchat, SHOT_VIEWPORT);
  const events = console.getByTestId('console-events');
  const lab = console.locator('#lab-panel');

  // A malformed handshake (ws's wsClientError), then a dropped and reconnected window: the
  // events list shows wsClientError, close, connection (with headers) and headers.
  await runLab(console, 'malformed-handshake');
  await expect(events.locator('li[data-event="wsClientError"]')).toHaveCount(1);
  const row = rowOf(console, 'Ada');
  await row.getByRole('button', { name: 'Drop' }).click();
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 15_000 });
  await expect(events.locator('li[data-event="headers"]').first()).toBeVisible();
  await console.locator('.console-events-panel').screenshot({ path: shot('server-events.png') });

  await runLab(console, 'no-token');
  await expect(lab.locator('li[data-lab-event="unexpected-response"]')).toContainText('401');
  await expect(console.getByTestId('lab-browser')).toBeVisible();
  await lab.screenshot({ path: shot('lab-no-token.png') });

  await runLab(console, 'redirect');
  await expect(lab.locator('li[data-lab-event="close"]')).toContainText('code 1000');
  await lab.screenshot({ path: shot('lab-redirect.png') });
  await console.context().close();
});

test('a paused window: its flood piles up, and the console row says why', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  await rename(ada, 'Ada');
  const console = await openConsole(browser, loopchat, SHOT_VIEWPORT);
  const row = rowOf(console, 'Ada');
  await row.getByLabel('Network condition').selectOption('pause');
  await row.getByRole('button', { name: 'Apply' }).click();
  await expect(row.locator('[data-cell-part="network"]')).toContainText('a pause');
  await ada.getByRole('button', { name: 'Flood' }).click();
  await expect(ada.getByTestId('flood-result')).toHaveAttribute('data-outcome', 'grew', {
    timeout: 30_000,
  });
  await ada.locator('section.panel', { has: ada.locator('#connection-heading') }).screenshot({
    path: shot('flood-paused.png'),
  });
  await row.locator('[data-cell="network"]').screenshot({ path: shot('network-pause.png') });
  await console.context().close();
});
