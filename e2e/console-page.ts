// The server console as the specs drive it: opened in its own browser context, and the table
// row of one window.

import type { Browser, Page } from '@playwright/test';
import type { BrowserMode } from '../launcher/browser-mode';
import { expect } from './fixtures';

export async function openConsole(
  browser: Browser,
  loopchat: BrowserMode,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(loopchat.consoleUrl);
  await expect(page.getByTestId('console-link')).toHaveText('OPEN (1)');
  return page;
}

/** The console's table row of the window named `name`. */
export const rowOf = (console: Page, name: string) =>
  console.getByTestId('console-clients').locator('tr[data-client-id]', {
    has: console.locator('[data-cell="name"]', { hasText: name }),
  });
