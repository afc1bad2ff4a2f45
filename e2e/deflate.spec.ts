// permessage-deflate from the server console (browser mode): turned on, it is negotiated by the
// windows that connect afterwards only, and their compressible messages take fewer bytes on the
// wire than their payload.

import type { Locator } from '@playwright/test';
import { openConsole, rowOf } from './console-page';
import { expect, rename, send, test } from './fixtures';

test.describe.configure({ timeout: 120_000 });

/** A bytes cell's counts, as the table writes them into data-in / data-out. */
async function counts(cell: Locator): Promise<{ in: number; out: number }> {
  const [bytesIn, bytesOut] = await Promise.all([
    cell.getAttribute('data-in'),
    cell.getAttribute('data-out'),
  ]);
  return { in: Number(bytesIn), out: Number(bytesOut) };
}

test('compression turned on in the console applies to the windows that connect afterwards', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const older = await openWindow();
  await rename(older, 'Older');
  const console = await openConsole(browser, loopchat);
  const toggle = console.getByLabel('Compress new connections (permessage-deflate)');
  await expect(toggle).not.toBeChecked();
  await expect(console.getByText('Applies to windows that connect from now on')).toBeVisible();
  await toggle.check();
  await expect(
    console.getByTestId('console-events').locator('li[data-event="deflate"]'),
  ).toContainText('permessage-deflate offered to windows');

  const newer = await openWindow();
  await rename(newer, 'Newer');
  const newRow = rowOf(console, 'Newer');
  const oldRow = rowOf(console, 'Older');
  await expect(newRow.locator('[data-cell="extensions"]')).toHaveText('permessage-deflate');
  await expect(oldRow.locator('[data-cell="extensions"]')).toHaveText('none');
  // The negotiation as the hub saw it (newest event first): Chromium's offer, the hub's answer.
  const events = console.getByTestId('console-events');
  await expect(events.locator('li[data-event="connection"]').first()).toContainText(
    /sec-websocket-extensions: permessage-deflate; client_max_window_bits/i,
  );
  await expect(events.locator('li[data-event="headers"]').first()).toContainText(
    /sec-websocket-extensions: permessage-deflate/i,
  );

  // A message that compresses well, sent by the window that compresses.
  const text = 'la '.repeat(1300);
  const payloadBefore = await counts(newRow.locator('[data-cell="payload"]'));
  const wireBefore = await counts(newRow.locator('[data-cell="wire"]'));
  await send(newer, text);
  await expect(older.getByTestId('messages')).toContainText(text.trim());
  await expect
    .poll(async () => (await counts(newRow.locator('[data-cell="payload"]'))).in)
    .toBeGreaterThan(payloadBefore.in + text.length);
  const payloadIn = (await counts(newRow.locator('[data-cell="payload"]'))).in - payloadBefore.in;
  const wireIn = (await counts(newRow.locator('[data-cell="wire"]'))).in - wireBefore.in;
  // Compressed on the way in: a small fraction of what the hub read once inflated.
  expect(wireIn).toBeLessThan(payloadIn / 4);
  // The older window got it uncompressed: at least its payload on the wire.
  await expect
    .poll(async () => (await counts(oldRow.locator('[data-cell="payload"]'))).out)
    .toBeGreaterThan(text.length);
  const old = {
    payload: await counts(oldRow.locator('[data-cell="payload"]')),
    wire: await counts(oldRow.locator('[data-cell="wire"]')),
  };
  expect(old.wire.out).toBeGreaterThan(old.payload.out);
});
