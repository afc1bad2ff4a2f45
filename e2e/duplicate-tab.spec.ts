// Chrome's "Duplicate tab" copies the tab's sessionStorage, this window's secret included.
// Mimicked here: a second page in the same browser context gets the first page's
// sessionStorage before any script of it runs. The two must end as two working windows.

import { expect, send, test } from './fixtures';

test('a duplicated tab becomes a second window: both stay open and chat', async ({
  browser,
  loopchat,
}) => {
  const context = await browser.newContext();
  try {
    const original = await context.newPage();
    await original.goto(loopchat.openUrl);
    await expect(original.getByTestId('ready-state')).toHaveText('OPEN (1)');
    await send(original, 'before the copy');
    await expect(
      original.locator('[data-kind="own"][data-seq]', { hasText: 'before the copy' }),
    ).toBeVisible();

    const copied = await original.evaluate(() => JSON.stringify({ ...sessionStorage }));
    const duplicate = await context.newPage();
    await duplicate.addInitScript((entries: string) => {
      if (sessionStorage.length > 0) return; // only the first load is the copy
      for (const [key, value] of Object.entries(JSON.parse(entries) as Record<string, string>)) {
        sessionStorage.setItem(key, value);
      }
    }, copied);
    await duplicate.goto(loopchat.openUrl);
    await expect(duplicate.getByTestId('ready-state')).toHaveText('OPEN (1)');

    await send(original, 'from the original');
    await send(duplicate, 'from the duplicate');
    const texts = (page: typeof original) =>
      page.getByTestId('messages').locator('[data-seq] [data-testid="text"]').allTextContents();
    const expected = ['before the copy', 'from the original', 'from the duplicate'];
    await expect.poll(() => texts(original)).toEqual(expected);
    await expect.poll(() => texts(duplicate)).toEqual(expected);
    // Each sees the other's message as someone else's, and its own as its own.
    await expect(
      original.locator('[data-kind="other"]', { hasText: 'from the duplicate' }),
    ).toHaveCount(1);
    await expect(
      duplicate.locator('[data-kind="other"]', { hasText: 'from the original' }),
    ).toHaveCount(1);
    await expect(
      duplicate.locator('[data-kind="own"]', { hasText: 'from the duplicate' }),
    ).toHaveCount(1);
    // Neither replaced the other (close 4000 stops a window for good).
    for (const page of [original, duplicate]) {
      await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
      await expect(page.getByTestId('peers').locator('li')).toHaveCount(2);
    }
  } finally {
    await context.close();
  }
});
