// The event inspector in a real browser against the real hub: it records the socket's life
// (readyState, open, frames in and out with their types and sizes), filters, and exports.

import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, send, test } from './fixtures';

async function openInspector(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Inspector', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('inspector')).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('inspector')).toBeVisible();
}

const rows = (page: Page) => page.getByTestId('inspector-entries').locator(':scope > li');

test('records the connection from CONNECTING through open to frames in and out', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  await openInspector(ada);
  await send(ada, 'hello inspector');

  const entries = rows(ada);
  // The socket's life in order: created (CONNECTING), opened, said hello, was welcomed.
  const first = await entries.evaluateAll((items) =>
    items.slice(0, 6).map((li) => `${li.dataset.direction}:${li.dataset.type}`),
  );
  expect(first.indexOf('state:CONNECTING')).toBeGreaterThanOrEqual(0);
  expect(first.indexOf('event:open')).toBeGreaterThan(first.indexOf('state:CONNECTING'));
  expect(first.indexOf('out:hello')).toBeGreaterThan(first.indexOf('event:open'));
  await expect(ada.locator('[data-direction="in"][data-type="welcome"]')).toHaveCount(1);
  await expect(ada.locator('[data-direction="state"][data-type="OPEN"]')).toHaveCount(1);

  // The chat went out, and came back in as the hub's sequenced echo.
  await expect(
    ada.locator('[data-direction="out"][data-type="chat"]').filter({ hasText: 'hello inspector' }),
  ).toHaveCount(1);
  const echo = ada
    .locator('[data-direction="in"][data-type="chat"]')
    .filter({ hasText: 'hello inspector' });
  await expect(echo).toHaveCount(1);

  // Size is the frame's UTF-8 length; expanding shows the frame as pretty-printed JSON.
  // (Paused first, so the server's pushes do not keep scrolling the row away.)
  await ada.getByRole('button', { name: 'Pause' }).click();
  await echo.locator('summary').click();
  const pre = echo.locator('pre');
  await expect(pre).toBeVisible();
  const json = JSON.parse((await pre.textContent()) ?? '') as { type: string; text: string };
  expect(json).toMatchObject({ type: 'chat', text: 'hello inspector' });
  expect(await pre.textContent()).toContain('\n  "type": "chat"');
  const compact = JSON.stringify(json);
  await expect(echo.locator('.size')).toHaveText(`${Buffer.byteLength(compact, 'utf8')} B`);

  // Live stats: messages both ways, and a round trip from the ping sent after welcome.
  await expect(ada.getByTestId('inspector-in')).not.toHaveText(/^0 msgs/);
  await expect(ada.getByTestId('inspector-out')).not.toHaveText(/^0 msgs/);
  await expect(ada.getByTestId('inspector-rtt')).toHaveText(/last \d+ ms · avg \d+ ms/);
});

test('filters by direction, type and text; pause, clear; Escape closes it', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  await openInspector(ada);
  await send(ada, 'needle in a haystack');
  await expect(ada.locator('[data-direction="in"][data-type="chat"]')).toHaveCount(1);
  const all = await rows(ada).count();

  await ada.getByLabel('Direction').selectOption('out');
  await expect.poll(() => rows(ada).count()).toBeLessThan(all);
  const directions = await rows(ada).evaluateAll((items) =>
    items.map((li) => li.dataset.direction),
  );
  expect(new Set(directions)).toEqual(new Set(['out']));

  await ada.getByLabel('Type', { exact: true }).selectOption('chat');
  await expect(rows(ada)).toHaveCount(1);
  await expect(rows(ada).first()).toHaveAttribute('data-type', 'chat');

  await ada.getByLabel('Direction').selectOption('all');
  await ada.getByLabel('Type', { exact: true }).selectOption('all');
  await ada.getByTestId('inspector-search').fill('NEEDLE');
  await expect(rows(ada)).toHaveCount(2); // the chat out, and its echo in

  await ada.getByTestId('inspector-search').fill('');
  await ada.getByRole('button', { name: 'Pause' }).click();
  await expect(ada.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
  await send(ada, 'while paused');
  await expect(ada.getByTestId('inspector-status')).toContainText(/Paused: [1-9]\d* entries/);
  await expect(rows(ada).filter({ hasText: 'while paused' })).toHaveCount(0);
  await ada.getByRole('button', { name: 'Resume' }).click();

  await ada.getByRole('button', { name: 'Clear' }).click();
  // Server pushes keep arriving, so the list refills at once; what was there is gone.
  await expect(rows(ada).filter({ hasText: 'needle in a haystack' })).toHaveCount(0);
  await expect(ada.locator('[data-direction="state"][data-type="OPEN"]')).toHaveCount(0);
  await send(ada, 'after clear');
  await expect(rows(ada).filter({ hasText: 'after clear' })).toHaveCount(2);

  await ada.getByTestId('inspector-search').focus();
  await ada.keyboard.press('Escape');
  await expect(ada.getByTestId('inspector')).toBeHidden();
  const toggle = ada.getByRole('button', { name: 'Inspector', exact: true });
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await ada.keyboard.press('Alt+KeyI');
  await expect(ada.getByTestId('inspector')).toBeVisible();
});

test('exports the timeline as a JSON download', async ({ openWindow }) => {
  const ada = await openWindow();
  await openInspector(ada);
  await send(ada, 'exported 한국어');
  await expect(ada.locator('[data-direction="in"][data-type="chat"]')).toHaveCount(1);

  const [download] = await Promise.all([
    ada.waitForEvent('download'),
    ada.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^loopchat-inspector-.+\.json$/);
  const path = await download.path();
  const exported = JSON.parse(await readFile(path, 'utf8')) as {
    format: string;
    entries: { direction: string; type: string; bytes?: number; message?: { text?: string } }[];
    stats: { messagesOut: number };
  };
  expect(exported.format).toBe('loopchat.inspector.v1');
  const kinds = exported.entries.map((e) => `${e.direction}:${e.type}`);
  expect(kinds).toEqual(
    expect.arrayContaining(['state:CONNECTING', 'event:open', 'out:hello', 'in:welcome']),
  );
  const chatIn = exported.entries.find((e) => e.direction === 'in' && e.type === 'chat');
  expect(chatIn?.message?.text).toBe('exported 한국어');
  expect(chatIn?.bytes).toBeGreaterThan('exported 한국어'.length); // Hangul is 3 bytes each
  expect(exported.stats.messagesOut).toBeGreaterThanOrEqual(2);
});
