// A covered or background window may get no animation frames (a covered window's page becomes
// hidden on macOS, and a hidden page gets no requestAnimationFrame). Messages must still reach
// its list: a screen reader reads them, the title counts them, and they are there at a glance.

import { expect, send, test } from './fixtures';

// Before any page script: the page reports itself hidden and its animation frames never come.
const HIDDEN_WITHOUT_FRAMES = `(() => {
  Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { get: () => true });
  window.requestAnimationFrame = () => 0;
})()`;

test('a hidden window with no animation frames still shows an arriving message', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const context = await browser.newContext();
  await context.addInitScript(HIDDEN_WITHOUT_FRAMES);
  const hidden = await context.newPage();
  await hidden.goto(loopchat.openUrl);
  await expect(hidden.getByTestId('ready-state')).toHaveText('OPEN (1)');
  expect(await hidden.evaluate(() => document.visibilityState)).toBe('hidden');

  const ada = await openWindow();
  await send(ada, 'seen without a frame');
  const row = hidden.getByTestId('messages').locator('[data-kind="other"]');
  await expect(row.getByTestId('text')).toHaveText('seen without a frame');
  // Hidden: counted as unseen, in the title the user sees on the taskbar.
  await expect(hidden).toHaveTitle(/^\(1\)/);
  await context.close();
});
