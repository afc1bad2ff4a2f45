// The server console's client lab (browser mode): each scenario is one click, its events
// appear in order with their arguments, and the run ends with a verdict.

import type { Page } from '@playwright/test';
import packageJson from '../package.json' with { type: 'json' };
import { expect, test } from './fixtures';

test.describe.configure({ timeout: 120_000 });

async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('console-link')).toHaveText('OPEN (1)');
}

/** Clicks the scenario's button and waits for its verdict. */
async function run(page: Page, scenario: string): Promise<void> {
  await page.locator(`[data-scenario="${scenario}"]`).click();
  await expect(page.getByTestId('lab-verdict')).toHaveAttribute('data-outcome', 'expected', {
    timeout: 20_000,
  });
}

const eventsOf = (page: Page) => page.getByTestId('lab-events').locator('li');
const eventNamed = (page: Page, name: string) =>
  page.getByTestId('lab-events').locator(`li[data-lab-event="${name}"]`);

test('no token: unexpected-response shows 401 and its body; a browser sees only 1006', async ({
  page,
  loopchat,
}) => {
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'no-token');
  await expect(eventsOf(page).locator('.event-kind')).toHaveText([
    'unexpected-response',
    'error',
    'close',
  ]);
  await expect(eventNamed(page, 'unexpected-response')).toContainText(
    '401 Unauthorized · body “Missing or wrong token”',
  );
  await expect(eventNamed(page, 'close')).toContainText('code 1006');
  await expect(page.getByTestId('lab-browser')).toBeVisible();
  await expect(page.getByTestId('lab-verdict')).toContainText('Verdict: refused');

  // What the note beside it says, checked in this very browser: the same refusal is a 1006.
  const seen = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const events: string[] = [];
        const ws = new WebSocket(url, ['loopchat.v1']);
        ws.onerror = () => events.push('error');
        ws.onclose = (e) => resolve([...events, `close ${e.code}`].join(', '));
      }),
    loopchat.hub.address?.url ?? '',
  );
  expect(seen).toBe('error, close 1006');
});

test('redirect: the lab client follows 302 from /lab/redirect', async ({ page, loopchat }) => {
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'redirect');
  await expect(eventNamed(page, 'redirect')).toContainText(`${loopchat.hub.address?.url}/`);
  // The lab's 1 s ping may land anywhere after open; the handshake part is fixed.
  const kinds = eventsOf(page).locator('.event-kind');
  for (const [i, name] of ['redirect', 'upgrade', 'open'].entries()) {
    await expect(kinds.nth(i)).toHaveText(name);
  }
  await expect(eventNamed(page, 'close')).toContainText('code 1000');
});

test("server's headers event: X-Loopchat-Hub arrives in upgrade", async ({ page, loopchat }) => {
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'server-header');
  const upgrade = eventNamed(page, 'upgrade');
  await expect(upgrade).toContainText('HTTP/1.1 101 Switching Protocols');
  await expect(upgrade.locator('.lab-more')).toContainText(
    `X-Loopchat-Hub: ${packageJson.version}`,
  );
});

test('connect properly: echo in the window, ping and automatic pong, clean close', async ({
  page,
  loopchat,
  openWindow,
}) => {
  const window = await openWindow();
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'connect');
  for (const name of ['upgrade', 'open', 'send', 'message', 'ping', 'pong-sent', 'close']) {
    await expect(eventNamed(page, name).first()).toBeVisible();
  }
  await expect(eventNamed(page, 'close')).toContainText('code 1000');
  await expect(window.getByTestId('messages').getByText('Hello from the client lab')).toBeVisible();
});

test('malformed handshake and no-pong: 400 with wsClientError, then a terminated client', async ({
  page,
  loopchat,
}) => {
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'malformed-handshake');
  await expect(eventNamed(page, 'raw-response')).toContainText('HTTP/1.1 400 Bad Request');
  await expect(
    page.getByTestId('console-events').locator('li[data-event="wsClientError"]'),
  ).toHaveCount(1);
  await page.locator('[data-scenario="no-pong"]').click();
  // While it waits to be cut off, its connection is in the client table, marked as the lab.
  await expect(page.locator('tr[data-lab="true"] [data-cell="name"]')).toContainText('client lab');
  await expect(page.getByTestId('lab-verdict')).toHaveAttribute('data-outcome', 'expected', {
    timeout: 20_000,
  });
  await expect(eventNamed(page, 'ping').first()).toBeVisible();
  await expect(eventNamed(page, 'pong-sent')).toHaveCount(0);
  await expect(eventNamed(page, 'close')).toContainText('code 1006');
});

test('frame anatomy: each frame byte by byte, client frames masked, the hub closing with 1009', async ({
  page,
  loopchat,
}) => {
  await openConsole(page, loopchat.consoleUrl);
  await run(page, 'frame-anatomy');
  const frames = eventNamed(page, 'frame');
  // The lab's ping goes out masked with a 7-bit length; the hub's pong comes back unmasked.
  const ping = frames.filter({ hasText: 'client → hub · ping' });
  await expect(ping).toContainText('(7-bit length) · masked');
  await expect(ping.locator('.lab-more')).toContainText('masking key');
  await expect(ping.locator('.lab-more')).toContainText('XOR');
  await expect(frames.filter({ hasText: 'hub → client · pong' })).toContainText('not masked');
  await expect(frames.filter({ hasText: '(16-bit length)' }).first()).toBeVisible();
  await expect(frames.filter({ hasText: '(64-bit length)' })).toHaveCount(1);
  await expect(frames.filter({ hasText: 'continuation · FIN 1' })).toHaveCount(1);
  const close = frames.filter({ hasText: 'hub → client · close' });
  await expect(close.locator('.lab-more')).toContainText(
    'close status code 1009 (Message Too Big)',
  );
  await expect(page.getByTestId('lab-verdict')).toContainText(
    'client frames masked, hub frames not',
  );
});
