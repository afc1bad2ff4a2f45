// The raw frame composer in a real browser against the real hub: templates, the JSON hint,
// Pretty-print, the hub's answer beside what was sent, the confirmation before a frame the
// hub closes on, and the user's own templates kept per browser profile.

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Each test fills and sends several frames; on a loaded 2-core machine that outlasts 30 s.
test.describe.configure({ timeout: 90_000 });

async function openComposer(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Inspector', exact: true }).click();
  await page.getByTestId('raw-frame').locator('summary').click();
  await expect(page.getByTestId('raw-body')).toBeVisible();
}

const rawRows = (page: Page) => page.getByTestId('inspector-entries').locator('li:has(.mark.raw)');

test('sends malformed JSON exactly as typed and shows the hub error beside it', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  await openComposer(ada);
  await ada.getByTestId('raw-template').selectOption({ label: 'Malformed JSON' });
  const body = await ada.getByTestId('raw-body').inputValue();
  expect(body).toBe('{"type":"chat","id":"raw-frame-2",');
  await expect(ada.getByTestId('raw-hint')).toContainText('Not JSON');
  await ada.getByRole('button', { name: 'Pretty-print' }).click();
  await expect(ada.getByTestId('raw-hint')).toHaveText('Not JSON: nothing to pretty-print.');
  await expect(ada.getByTestId('raw-body')).toHaveValue(body);

  await ada.getByRole('button', { name: 'Send frame' }).click();
  await expect(ada.getByTestId('raw-result')).toContainText(/The hub answered #\d+: error/);
  const sent = rawRows(ada).last();
  await expect(sent.locator('.sum')).toHaveText(body);
  const seq = await sent.getAttribute('data-seq');
  const answer = ada.locator(
    `[data-direction="in"][data-type="error"]:has([data-answer-to="${seq}"])`,
  );
  await expect(answer).toContainText('bad-json');
  // The connection carries on.
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
});

test('pretty-prints JSON and sends the indented text, echoed as a chat', async ({ openWindow }) => {
  const ada = await openWindow();
  await openComposer(ada);
  await ada.getByTestId('raw-template').selectOption({ label: 'A valid chat' });
  await expect(ada.getByTestId('raw-hint')).toContainText('Valid JSON');
  await ada.getByRole('button', { name: 'Pretty-print' }).click();
  await expect(ada.getByTestId('raw-body')).toHaveValue(/^\{\n {2}"type": "chat",/);
  await ada.getByRole('button', { name: 'Send frame' }).click();
  await expect(ada.getByTestId('raw-result')).toContainText(/answered #\d+: chat/);
  await expect(ada.getByTestId('messages')).toContainText('Hello from the frame composer');
  await expect(rawRows(ada).last().locator('.sum')).toContainText('"type": "chat"');
});

test('asks before the 70 KiB frame, and the hub closes with 1009 once confirmed', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  await openComposer(ada);
  await ada.getByTestId('raw-template').selectOption({ label: 'A 70 KiB frame' });
  await ada.getByRole('button', { name: 'Send frame' }).click();
  const confirm = ada.getByTestId('raw-confirm');
  await expect(confirm).toContainText('the hub will close the connection with 1009');
  await ada.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(rawRows(ada)).toHaveCount(0);

  await ada.getByRole('button', { name: 'Send frame' }).click();
  await ada.getByRole('button', { name: 'Send anyway' }).click();
  await expect(ada.getByTestId('raw-result')).toContainText(/answered #\d+: close/);
  await expect(
    ada.locator('[data-direction="event"][data-type="close"]:has(.mark.answer)'),
  ).toContainText('1009');
});

test('sends bytes given as hex as a binary frame and shows what the hub answers', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  await openComposer(ada);
  await ada.getByTestId('raw-template').selectOption({ label: 'Invalid UTF-8 (binary)' });
  await expect(ada.getByTestId('raw-hint')).toHaveText('4 bytes, sent as a binary frame');
  await ada.getByTestId('raw-kind').selectOption('hex');
  await ada.getByTestId('raw-body').fill('c3 2g');
  await expect(ada.getByTestId('raw-hint')).toHaveText('Cannot send: "g" is not a hex digit');
  await ada.getByTestId('raw-body').fill('c3 28 ff fe');
  await ada.getByRole('button', { name: 'Send frame' }).click();
  await expect(rawRows(ada).last()).toHaveAttribute('data-type', 'binary');
  await expect(rawRows(ada).last().locator('.size')).toHaveText('4 B');
  // The hub reads a binary frame as a file chunk; this one is not, and it says so.
  await expect(ada.getByTestId('raw-result')).toContainText(/The hub answered #\d+: upload-error/);
});

test("keeps the user's own templates across windows of the same profile", async ({
  openWindow,
  loopchat,
}) => {
  const ada = await openWindow();
  await openComposer(ada);
  await ada.getByTestId('raw-kind').selectOption('base64');
  await ada.getByTestId('raw-body').fill('aGk=');
  await ada.getByTestId('raw-name').fill('two bytes');
  await ada.getByRole('button', { name: 'Save as template' }).click();
  await expect(ada.getByTestId('raw-result')).toHaveText('Saved “two bytes”.');

  // A second tab of the same browser profile finds it.
  const again = await ada.context().newPage();
  await again.goto(loopchat.openUrl);
  await openComposer(again);
  await again.getByTestId('raw-template').selectOption({ label: 'two bytes' });
  await expect(again.getByTestId('raw-body')).toHaveValue('aGk=');
  await expect(again.getByTestId('raw-kind')).toHaveValue('base64');
  await again.getByRole('button', { name: 'Delete template' }).click();
  await expect(
    again.getByTestId('raw-template').locator('option', { hasText: 'two bytes' }),
  ).toHaveCount(0);
});
