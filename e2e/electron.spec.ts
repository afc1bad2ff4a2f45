// The real Electron app, driven by Playwright's _electron. It runs wherever Electron's binary
// can be had (a developer machine, the GitHub Actions matrix); where it cannot, every test
// here is skipped with one line saying why. Electron is never faked in an e2e test.
//
// It launches the unpackaged app (out/main.js): a packaged build has the --inspect fuse
// turned off, which _electron needs.

import { _electron as electron, expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../electron/electron-binary';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const binary = findElectronBinary();
const skipReason = binary.ok
  ? ''
  : `Electron e2e skipped: Electron's binary is not available (${binary.why}).`;
if (!binary.ok) console.log(skipReason);

test.skip(!binary.ok, skipReason);

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

test('launch, open a second window from the menu, chat between them, quit', async () => {
  if (!binary.ok) return;
  const app = await electron.launch({
    executablePath: binary.path,
    args: [appDir],
    env: { ...process.env, LOOPCHAT_PUSH_MS: '500' },
  });
  const first = await app.firstWindow();
  await expect(first.getByTestId('ready-state')).toHaveText('OPEN (1)');

  const secondWindow = app.waitForEvent('window');
  await app.evaluate(({ Menu }) => {
    const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined =>
      items.find((i) => i.label === 'New Window') ??
      items.flatMap((i) => (i.submenu ? [find(i.submenu.items)] : [])).find(Boolean);
    find(Menu.getApplicationMenu()?.items ?? [])?.click();
  });
  const second = await secondWindow;
  await expect(second.getByTestId('ready-state')).toHaveText('OPEN (1)');

  await send(first, 'hello from window 1');
  await expect(second.getByTestId('messages')).toContainText('hello from window 1');
  await send(second, 'and back from window 2');
  await expect(first.getByTestId('messages')).toContainText('and back from window 2');

  // Quitting stops the hub cleanly: the app exits on its own.
  const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  await exited;
});
