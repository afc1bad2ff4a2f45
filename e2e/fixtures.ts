// Browser-mode fixtures: the real hub (the same code Electron's main process runs) serving
// the built renderer on 127.0.0.1, and pages opened at its tokened URL, one per "window".

import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, type BrowserMode } from '../launcher/browser-mode';

export const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

export interface Fixtures {
  loopchat: BrowserMode;
  /** Opens one more Loopchat window (a page in its own browser context) and waits for OPEN. */
  openWindow: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  loopchat: async ({}, use) => {
    if (!existsSync(`${rendererDir}/index.html`)) {
      throw new Error('out/renderer is missing: run `npm run build` before the e2e tests');
    }
    // Never the user's real data folder: a fresh temporary one per test.
    const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-e2e-'));
    const mode = await startBrowserMode({
      staticDir: rendererDir,
      dataDir,
      port: 0,
      pushIntervalMs: 400,
      print: () => undefined,
    });
    await use(mode);
    // The hub and the folder lock's exit hook: one per test would pile up in the worker.
    await mode.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
  openWindow: async ({ browser, loopchat }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(loopchat.openUrl);
      await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
      return page;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export { expect };

export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

export async function rename(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your name').press('Enter');
  await expect(page.getByTestId('my-name')).toHaveText(name);
}
