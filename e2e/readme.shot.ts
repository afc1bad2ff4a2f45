// Takes the README's screenshots: real windows of the real app (browser mode), side by side.

import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expect, rename, send, test } from './fixtures';

const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

/** Lays screenshots of several windows side by side on one canvas and saves it. */
async function sideBySide(
  canvas: Page,
  shots: Buffer[],
  file: string,
  width: number,
  height: number,
) {
  await canvas.setViewportSize({
    width: width * shots.length + 16 * (shots.length + 1),
    height: height + 32,
  });
  await canvas.setContent(
    `<body style="margin:0;background:#2b2f3a;display:flex;gap:16px;padding:16px">${shots
      .map(
        (s) =>
          `<img style="border-radius:8px;box-shadow:0 4px 16px #0008" width="${width}" height="${height}" src="data:image/png;base64,${s.toString('base64')}">`,
      )
      .join('')}</body>`,
  );
  await canvas.screenshot({ path: docs(file) });
}

test('two windows chatting', async ({ openWindow, browser }) => {
  const [width, height] = [760, 620];
  const ada = await openWindow();
  const bob = await openWindow();
  for (const page of [ada, bob]) await page.setViewportSize({ width, height });
  await rename(ada, 'Ada');
  await rename(bob, 'Bob');
  await send(ada, 'Hi Bob! Both of us are plain WebSocket clients of the hub in the main process.');
  await send(bob, 'And the hub sequences every message, so we see the same order. 안녕하세요!');
  await send(ada, 'Stop the hub and watch the panel: CLOSED (3), code 1001, then a reconnect.');
  await expect(bob.getByTestId('messages')).toContainText('Stop the hub');
  await expect(ada.getByTestId('messages').locator('[data-kind="push"]').first()).toBeVisible();
  const canvas = await browser.newPage();
  await sideBySide(
    canvas,
    [await ada.screenshot(), await bob.screenshot()],
    'two-windows.png',
    width,
    height,
  );
  await canvas.close();
});

test('a chat window with the inspector open', async ({ openWindow }) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await ada.setViewportSize({ width: 1280, height: 760 });
  await rename(ada, 'Ada');
  await rename(bob, 'Bob');
  await ada.getByTestId('inspector-toggle').click();
  await send(bob, 'Every frame in and out shows up in the inspector, with its size and type.');
  await send(ada, 'Nice: I can see my chat frame go out and the echo come back as the ack.');
  await expect(
    ada.getByTestId('inspector-entries').locator('[data-type="chat"]').first(),
  ).toBeVisible();
  await ada.screenshot({ path: docs('inspector.png') });
});

test('the server console', async ({ openWindow, browser, loopchat }) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await rename(ada, 'Ada');
  await rename(bob, 'Bob');
  await send(ada, 'hello from Ada');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const console = await context.newPage();
  await console.goto(loopchat.consoleUrl);
  await expect(console.getByTestId('console-link')).toHaveText('OPEN (1)');
  await expect(console.getByTestId('console-clients').locator('tr[data-client-id]')).toHaveCount(3);
  await console.getByLabel('Broadcast message').fill('The server says hello to every window.');
  await console.getByRole('button', { name: 'Broadcast' }).click();
  await expect(ada.getByTestId('messages')).toContainText('The server says hello');
  await console.screenshot({ path: docs('console.png') });
  await context.close();
});
