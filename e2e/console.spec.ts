// The server console (browser mode): the hub's side of both windows, and its actions
// showing their effect in the console and in the affected windows.

import type { Browser, Page } from '@playwright/test';
import type { BrowserMode } from '../launcher/browser-mode';
import { openConsole, rowOf } from './console-page';
import { expect, rename, test } from './fixtures';

// Two or three pages plus a console on a 2-core machine: give each test room.
test.describe.configure({ timeout: 180_000 });

/** Names the window, then opens a console that already lists it under that name. */
async function consoleListing(
  window: Page,
  name: string,
  browser: Browser,
  loopchat: BrowserMode,
): Promise<Page> {
  await rename(window, name);
  const console = await openConsole(browser, loopchat);
  await expect(rowOf(console, name)).toHaveCount(1);
  return console;
}

/** Records every text the window's ready-state shows, so a brief CLOSED (3) is not missed. */
async function recordReadyStates(window: Page): Promise<() => Promise<string[]>> {
  await window.getByTestId('ready-state').evaluate((node) => {
    const seen: string[] = [];
    new MutationObserver(() => seen.push(node.textContent ?? '')).observe(node, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    (globalThis as unknown as { readyStatesSeen: string[] }).readyStatesSeen = seen;
  });
  return () =>
    window.evaluate(() => (globalThis as unknown as { readyStatesSeen: string[] }).readyStatesSeen);
}

async function nameOf(window: Page): Promise<string> {
  await expect(window.getByTestId('my-name')).not.toBeEmpty();
  return (await window.getByTestId('my-name').textContent()) ?? '';
}

test('the console lists both windows and its broadcast reaches both', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  const console = await openConsole(browser, loopchat);

  await expect(console.getByTestId('console-address')).toHaveText(
    `ws://127.0.0.1:${loopchat.hub.address?.port}`,
  );
  // Each window is listed under the name it shows for itself.
  for (const window of [ada, bob]) {
    const row = rowOf(console, await nameOf(window));
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-cell="state"]')).toContainText('OPEN (1)');
  }
  // The handshake as the hub saw it: the connection with its headers, and the response.
  const events = console.getByTestId('console-events');
  await expect(events.locator('li[data-event="connection"]').first()).toContainText(
    'Origin http://127.0.0.1',
  );
  await expect(events.locator('li[data-event="headers"]').first()).toContainText(
    'HTTP/1.1 101 Switching Protocols',
  );
  await expect(events).not.toContainText(loopchat.token);

  await console.getByLabel('Broadcast message').fill('Maintenance at <b>noon</b>');
  await console.getByRole('button', { name: 'Broadcast' }).click();
  for (const window of [ada, bob]) {
    await expect(window.getByTestId('messages')).toContainText('Maintenance at <b>noon</b>');
    expect(await window.locator('[data-testid="messages"] b').count()).toBe(0);
  }
  await expect(events.locator('li[data-event="announcement"]')).toHaveCount(1);
});

test('Drop closes a window with 4002 and it comes back OPEN', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const console = await consoleListing(ada, 'Ada', browser, loopchat);
  const row = rowOf(console, 'Ada');
  const oldId = await row.getAttribute('data-client-id');

  await row.getByLabel('Close reason').fill('bye from the console');
  const readyStates = await recordReadyStates(ada);
  await row.getByRole('button', { name: 'Drop' }).click();

  await expect.poll(readyStates).toContain('CLOSED (3)');
  await expect(ada.getByTestId('close-code')).toHaveText(/4002/);
  await expect(ada.getByTestId('close-reason')).toHaveText('bye from the console');
  const close = console.getByTestId('console-events').locator('li[data-event="close"]').first();
  await expect(close).toContainText(`#${oldId} closed: 4002 Dropped by the server`);
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 15_000 });
  await expect(rowOf(console, 'Ada')).toHaveCount(1);
  expect(await rowOf(console, 'Ada').getAttribute('data-client-id')).not.toBe(oldId);
  await expect(ada.getByTestId('messages')).not.toContainText('connected again somewhere else');
});

test('Remove closes a window with 4001; it stays CLOSED and says the server removed it', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const console = await consoleListing(ada, 'Ada', browser, loopchat);
  await rowOf(console, 'Ada').getByRole('button', { name: 'Remove' }).click();

  await expect(ada.getByTestId('ready-state')).toHaveText('CLOSED (3)');
  await expect(ada.getByTestId('close-code')).toHaveText(/4001/);
  await expect(ada.getByTestId('messages')).toContainText('The server removed this window');
  await expect(ada.getByTestId('messages')).not.toContainText('connected again somewhere else');
  await expect(rowOf(console, 'Ada')).toHaveCount(0);
  // No countdown: the window is paused, not waiting to reconnect (the unit tests check that
  // no reconnect comes later on a fake clock).
  await expect(ada.getByTestId('reconnect')).toContainText(
    'Not reconnecting: removed by the server',
  );
  await expect(ada.getByTestId('ready-state')).toHaveText('CLOSED (3)');
});

test('a typed close code 4321 is accepted; 4000 is refused with the reason', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const console = await consoleListing(ada, 'Ada', browser, loopchat);
  const row = rowOf(console, 'Ada');
  const code = row.getByLabel('Close code');
  await code.fill('4000');
  await row.getByRole('button', { name: 'Close with code' }).click();
  await expect(row.locator('.code-meaning')).toContainText('4000 (Replaced) is sent only');
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');

  await code.fill('4321');
  await expect(row.locator('.code-meaning')).toHaveText(
    'Application-defined code: the window reconnects',
  );
  await row.getByRole('button', { name: 'Close with code' }).click();
  await expect(ada.getByTestId('close-code')).toHaveText(/4321/);
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 15_000 });
});

test('stopping the server from the console closes windows with 1001; starting it lets them back', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const console = await consoleListing(ada, 'Ada', browser, loopchat);
  // Stop the server so the window stays closed long enough to look at.
  await console.getByRole('button', { name: 'Stop server' }).click();
  await expect(ada.getByTestId('ready-state')).toHaveText('CLOSED (3)');
  await expect(ada.getByTestId('close-code')).toHaveText(/1001/);
  await expect(ada.getByTestId('close-reason')).toHaveText('Server stopped from the console');
  // The console came back on its own and shows the stopped server.
  await expect(console.getByTestId('console-link')).toHaveText('OPEN (1)');
  await expect(console.getByTestId('console-status')).toContainText('Stopped');
  await expect(console.getByRole('button', { name: 'Stop server' })).toBeDisabled();

  await console.getByRole('button', { name: 'Start server' }).click();
  await expect(console.getByTestId('console-status')).toContainText('Running');
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 20_000 });
  await expect(rowOf(console, 'Ada')).toHaveCount(1);
});

test('changing the push interval shows in the console and pushes keep coming', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  const console = await openConsole(browser, loopchat);
  await expect(console.getByTestId('console-push-interval')).toHaveText('400 ms');
  await console.getByLabel('Push interval (ms)').fill('1500');
  await console.getByRole('button', { name: 'Set interval' }).click();
  await expect(console.getByTestId('console-push-interval')).toHaveText('1500 ms');
  await expect(
    console.getByTestId('console-events').locator('li[data-event="push-interval"]'),
  ).toContainText('Push interval set to 1500 ms');
  expect(loopchat.hub.serverInfo()?.pushIntervalMs).toBe(1500);
  // Pushes keep arriving on the new interval (each carries a new hub time and uptime).
  const push = ada.getByTestId('messages').locator('[data-kind="push"]').last();
  const before = await push.textContent();
  await expect(push).not.toHaveText(before ?? '');
});

test('the console keeps heartbeat lines out of the way by default and shows 24-hour times', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const window = await openWindow();
  const console = await consoleListing(window, 'Clocky', browser, loopchat);
  const showHeartbeats = console.getByLabel('Show heartbeat ping/pong');
  await expect(showHeartbeats).not.toBeChecked();
  await expect(console.locator('.console-events-panel')).toHaveClass(/hide-heartbeats/);
  await showHeartbeats.check();
  await expect(console.locator('.console-events-panel')).not.toHaveClass(/hide-heartbeats/);
  // The same clock as the windows: "13:05:09", never "1:05:09 PM".
  await expect(rowOf(console, 'Clocky').locator('time')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
});

test('a console on a Korean OS speaks Korean, down to the hub events', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  try {
    const console = await context.newPage();
    await console.goto(loopchat.consoleUrl);
    await expect(console.getByTestId('console-link')).toHaveText('OPEN (1)');
    await expect(console.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(console).toHaveTitle('Loopchat 서버 콘솔');
    await expect(console.getByRole('heading', { name: '서버', exact: true })).toBeVisible();
    await expect(console.getByRole('heading', { name: /^서버 이벤트/ })).toBeVisible();
    await expect(console.getByRole('button', { name: '서버 중지', exact: true })).toBeEnabled();
    await expect(console.getByTestId('console-status')).toHaveText(
      '실행 중: 창이 연결할 수 있습니다',
    );

    // A window connecting, as the hub saw it, told in Korean.
    await openWindow();
    const connected = console
      .getByTestId('console-events')
      .locator('li[data-event="connection"]', { hasText: '창이' });
    await expect(connected.first()).toContainText(/#\d+ 창이 127\.0\.0\.1:\d+에서 연결됨/);
  } finally {
    await context.close();
  }
});
