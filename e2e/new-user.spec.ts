// What a new user tripped over, each shown in a real browser against the real hub:
// a long paste, the Reconnect button, the name in the header, and the inspector in any window.

import type { Page } from '@playwright/test';
import { LIMITS } from '../protocol/messages';
import { expect, send, test } from './fixtures';

const composer = (page: Page) => page.getByTestId('composer');
const inspectorList = (page: Page) => page.getByTestId('inspector-entries');

/** How far the inspector's list is from showing its newest row, in pixels. */
const distanceFromBottom = (page: Page) =>
  inspectorList(page).evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight);

test('a paste over the limit is kept whole, says how far over it is, and is not sent cut', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  const over = 'y'.repeat(LIMITS.maxTextLength + 250);
  await composer(ada).fill(over);
  await expect(composer(ada)).toHaveValue(over);
  await expect(ada.locator('#composer-status')).toHaveText(
    `250 characters over the limit of ${LIMITS.maxTextLength}: shorten it to send.`,
  );
  await expect(composer(ada)).toHaveAttribute('aria-invalid', 'true');
  await composer(ada).press('Enter');
  await expect(ada.locator('#composer-status')).toHaveText(
    `Messages can be at most ${LIMITS.maxTextLength} characters.`,
  );
  await expect(composer(ada)).toHaveValue(over);

  // Shortened to fit, it goes, whole.
  await composer(ada).fill(over.slice(0, LIMITS.maxTextLength));
  await expect(composer(ada)).toHaveAttribute('aria-invalid', 'false');
  await composer(ada).press('Enter');
  await expect(composer(ada)).toHaveValue('');
  const shown = bob.getByTestId('messages').locator('[data-kind="other"]');
  await expect(shown).toHaveCount(1);
  expect((await shown.textContent())?.split('y').length).toBeGreaterThan(LIMITS.maxTextLength);
});

test('"Reconnect now" is only offered while the window is waiting to reconnect', async ({
  openWindow,
  loopchat,
}) => {
  const ada = await openWindow();
  const button = ada.getByRole('button', { name: 'Reconnect now' });
  await expect(button).toBeDisabled();
  await loopchat.hub.stop();
  await expect(ada.getByTestId('ready-state')).toHaveText('CLOSED (3)');
  await expect(button).toBeEnabled();
  await loopchat.hub.start();
  // Forced: the window may have come back on its own, and then the button is rightly disabled.
  await button.click({ force: true });
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
  await expect(button).toBeDisabled();
});

test('the header shows the name once; Rename opens a field, Escape puts it back', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const name = (await ada.getByTestId('my-name').textContent()) ?? '';
  expect(name).not.toBe('');
  const header = ada.locator('header');
  await expect(ada.getByLabel('Your name')).toBeHidden();
  expect((await header.innerText()).split(name).length - 1).toBe(1);

  await ada.getByRole('button', { name: 'Rename' }).click();
  await expect(ada.getByLabel('Your name')).toBeFocused();
  await expect(ada.getByLabel('Your name')).toHaveValue(name);
  await expect(ada.getByTestId('my-name')).toBeHidden();
  await ada.getByLabel('Your name').press('Escape');
  await expect(ada.getByLabel('Your name')).toBeHidden();
  await expect(ada.getByTestId('my-name')).toHaveText(name);

  await ada.getByRole('button', { name: 'Rename' }).click();
  await ada.getByLabel('Your name').fill('Grace');
  await ada.getByLabel('Your name').press('Enter');
  await expect(ada.getByTestId('my-name')).toHaveText('Grace');
  await expect(ada.getByLabel('Your name')).toBeHidden();
});

test('the inspector opens at the newest entry and follows live traffic until scrolled up', async ({
  openWindow,
}) => {
  // 40 sends, each a fill and an Enter awaited one by one: on a loaded machine that alone
  // can take most of the default 30 s.
  test.slow();
  const ada = await openWindow();
  // Enough traffic that the list overflows its panel before it is ever opened.
  for (let i = 0; i < 40; i++) await send(ada, `filler ${i}`);
  await expect(ada.getByTestId('messages')).toContainText('filler 39');
  await ada.getByRole('button', { name: 'Inspector', exact: true }).click();
  // The newest entry, whatever its type: pushes and typing notes may follow the last chat.
  await expect(inspectorList(ada).locator('li').last()).toBeInViewport();
  await expect(inspectorList(ada).locator('[data-type="chat"]').first()).not.toBeInViewport();
  await expect.poll(() => distanceFromBottom(ada)).toBeLessThan(2);

  await send(ada, 'live one');
  const live = inspectorList(ada).locator('[data-direction="in"]', { hasText: 'live one' });
  await expect(live).toHaveCount(1);
  await expect.poll(() => distanceFromBottom(ada)).toBeLessThan(2);

  // Scrolled up to read, the list stays put while pushes keep arriving.
  await inspectorList(ada).evaluate((list) => {
    list.scrollTop = 0;
  });
  await send(ada, 'while reading');
  await expect(
    inspectorList(ada).locator('[data-direction="in"]', { hasText: 'while reading' }),
  ).toHaveCount(1);
  expect(await inspectorList(ada).evaluate((list) => list.scrollTop)).toBe(0);
});

test('in a 400 px wide window the inspector opens in view, and closes', async ({ openWindow }) => {
  const ada = await openWindow();
  await ada.setViewportSize({ width: 400, height: 700 });
  const inspector = ada.getByTestId('inspector');
  await ada.getByRole('button', { name: 'Inspector', exact: true }).click();
  await expect(inspector).toBeInViewport({ ratio: 0.9 });
  const box = await inspector.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(390);
  await ada.keyboard.press('Escape');
  await expect(inspector).toBeHidden();
});
