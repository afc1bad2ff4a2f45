// Accessibility: an axe-core scan of a chat window with messages and the inspector open, in
// the light and the dark theme; the layout at a narrow (zoomed) width; keyboard-only use.

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, send, test } from './fixtures';

// Tracing records every script axe injects and runs, which slows the scan several-fold.
test.use({ trace: 'off' });

async function busyWindow(openWindow: () => Promise<Page>): Promise<Page> {
  const ada = await openWindow();
  const bob = await openWindow();
  await send(bob, 'Hello from Bob — 안녕하세요');
  await send(ada, 'Hi Bob!\nSecond line.');
  await expect(ada.getByTestId('messages')).toContainText('안녕하세요');
  await bob.getByTestId('composer').pressSequentially('typing');
  await expect(ada.getByTestId('typing')).not.toHaveText('');
  await ada.getByRole('button', { name: 'Inspector', exact: true }).click();
  // Paused, so the server's pushes do not keep scrolling the row to expand.
  await ada.getByRole('button', { name: 'Pause' }).click();
  const chat = ada.locator('[data-direction="in"][data-type="chat"]').first();
  await chat.locator('summary').click();
  await expect(chat.locator('pre')).toBeVisible();
  return ada;
}

test('axe finds no serious or critical violations, in the light and the dark theme', async ({
  openWindow,
}) => {
  // Two windows and two full axe scans: more than the default budget on a busy 2-core machine.
  test.setTimeout(120_000);
  const page = await busyWindow(openWindow);
  const bad: Record<string, string[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    // Only violations are read; skipping the detail of passes keeps the scan quick.
    const results = await new AxeBuilder({ page })
      .options({ resultTypes: ['violations'] })
      .analyze();
    bad[colorScheme] = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  expect(bad).toEqual({ light: [], dark: [] });
});

test('at 640px and 200% zoom nothing scrolls sideways, and the inspector still fits', async ({
  openWindow,
}) => {
  const page = await openWindow();
  // A long unbroken line is the usual culprit for sideways scrolling.
  await send(page, `https://example.com/${'very-long-path-segment-'.repeat(12)}`);
  await page.getByRole('button', { name: 'Inspector', exact: true }).click();
  await expect(page.locator('[data-direction="in"][data-type="chat"]')).toHaveCount(1);
  // 200% zoom of a 640px-wide window leaves 320 CSS px.
  for (const width of [640, 320]) {
    await page.setViewportSize({ width, height: 700 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.getByTestId('composer')).toBeVisible();
  }
});

/** Presses Tab until `target` has focus; false if it is not reached within `max` presses. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 20): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return true;
  }
  return false;
}

test('keyboard only: tab to the inspector toggle, open it, reach its controls, Escape closes it', async ({
  openWindow,
}) => {
  const page = await openWindow();
  const toggle = page.getByRole('button', { name: 'Inspector', exact: true });
  await page.locator('body').focus();
  expect(await tabTo(page, toggle)).toBe(true);
  // Focus is visible (an outline drawn by :focus-visible).
  expect(await toggle.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  // After the chat and the status panel, Tab reaches the inspector's controls.
  expect(await tabTo(page, page.getByLabel('Direction'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspector')).toBeHidden();
  await expect(toggle).toBeFocused();
});
