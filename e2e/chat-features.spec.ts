// The chat niceties outside the message list: "X is typing…", the unread count in the window
// title, Enter during an IME composition, and the name kept across a reload.

import type { Page } from '@playwright/test';
import { expect, rename, send, test } from './fixtures';

/** Makes the page believe it is in the background (or back), as a minimised window would. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, 'hidden', { value: isHidden, configurable: true });
    Object.defineProperty(document, 'visibilityState', {
      value: isHidden ? 'hidden' : 'visible',
      configurable: true,
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('the other window sees "… is typing" while someone types, gone once they send', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  const adaName = (await ada.getByTestId('my-name').textContent()) ?? '';
  expect(adaName).not.toBe('');
  await expect(bob.getByTestId('typing')).toHaveText('');

  await ada.getByTestId('composer').pressSequentially('half a tho');
  await expect(bob.getByTestId('typing')).toHaveText(`${adaName} is typing…`);
  await expect(bob.getByTestId('typing')).toHaveAttribute('aria-live', 'polite');
  // The typist does not see themselves typing.
  await expect(ada.getByTestId('typing')).toHaveText('');

  await ada.getByTestId('composer').pressSequentially('ught');
  await ada.getByTestId('composer').press('Enter');
  await expect(bob.getByTestId('messages')).toContainText('half a thought');
  await expect(bob.getByTestId('typing')).toHaveText('');
});

test('messages that arrive while the window is hidden are counted in its title', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  const bobName = (await bob.getByTestId('my-name').textContent()) ?? '';
  await expect(bob).toHaveTitle(`Loopchat — ${bobName}`);

  await setHidden(bob, true);
  await send(ada, 'first while away');
  await send(ada, 'second while away');
  await expect(bob).toHaveTitle(`(2) Loopchat — ${bobName}`);
  // Own messages never count as unread.
  await send(bob, 'typed blind');
  await expect(bob.getByTestId('messages')).toContainText('typed blind');
  await expect(bob).toHaveTitle(`(2) Loopchat — ${bobName}`);

  await setHidden(bob, false);
  await expect(bob).toHaveTitle(`Loopchat — ${bobName}`);
});

test('Enter during an IME composition does not send; Enter after it does', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const composer = ada.getByTestId('composer');
  await composer.focus();

  // What a Korean IME does while "한국" is being composed: the Enter that commits the
  // syllable arrives as a keydown with isComposing (and keyCode 229 in Chromium).
  const prevented = await composer.evaluate((box: HTMLTextAreaElement) => {
    box.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    box.value = '한국';
    box.dispatchEvent(new InputEvent('input', { data: '한국', isComposing: true }));
    const enter = new KeyboardEvent('keydown', {
      key: 'Enter',
      code: 'Enter',
      isComposing: true,
      bubbles: true,
      cancelable: true,
    });
    box.dispatchEvent(enter);
    // Some engines report the committing Enter without isComposing but still mid-composition.
    const plain = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    box.dispatchEvent(plain);
    box.dispatchEvent(new CompositionEvent('compositionend', { data: '한국' }));
    return enter.defaultPrevented || plain.defaultPrevented;
  });
  expect(prevented).toBe(false);
  await expect(composer).toHaveValue('한국');
  await expect(ada.getByTestId('messages').locator('[data-kind="own"]')).toHaveCount(0);

  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(
    ada.getByTestId('messages').locator('[data-kind="own"]', { hasText: '한국' }),
  ).toHaveCount(1);
});

test('the chosen name survives a reload of the window', async ({ openWindow }) => {
  const ada = await openWindow();
  await rename(ada, '다은');
  await ada.reload();
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
  await expect(ada.getByTestId('my-name')).toHaveText('다은');
  await expect(ada).toHaveTitle('Loopchat — 다은');
});

test('with the OS language set to Korean, the UI is in Korean and the page says so', async ({
  browser,
  loopchat,
}) => {
  // The fixture's windows use the default locale; this one is a Korean OS.
  const context = await browser.newContext({ locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    await page.goto(loopchat.openUrl);
    await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('button', { name: '보내기' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: '메시지' })).toHaveAttribute(
      'placeholder',
      '메시지를 입력하세요…',
    );
    await page.getByRole('button', { name: '인스펙터' }).click();
    await expect(page.getByTestId('inspector').getByRole('heading')).toHaveText('이벤트 인스펙터');
  } finally {
    await context.close();
  }
});

test("pointing at a message's clock shows its full date and time", async ({ openWindow }) => {
  const ada = await openWindow();
  await send(ada, 'when was this?');
  const row = ada.getByTestId('messages').locator('li', { hasText: 'when was this?' });
  const clock = row.locator('time');
  await expect(clock).toHaveText(/^\d{1,2}:\d{2}/);
  await clock.hover();
  const expected = await clock.evaluate((time: HTMLTimeElement) =>
    new Date(time.dateTime).toLocaleString('en'),
  );
  await expect(clock).toHaveAttribute('title', expected);
  expect(expected).toMatch(/\d{4}/); // the date, with its year, not only the time shown
});
