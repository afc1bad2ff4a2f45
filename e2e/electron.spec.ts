// The real Electron app, driven by Playwright's _electron. It runs wherever Electron's binary
// is already on disk (a developer machine after `npx install-electron`, the GitHub Actions
// matrix, or ELECTRON_OVERRIDE_DIST_PATH); where it is not, every test here is skipped with
// one line saying why. Loading this file never downloads anything. Electron is never faked in
// an e2e test.
//
// It launches the unpackaged app (the folder with package.json, whose main is out/main.js): a
// packaged build has the --inspect fuse turned off, which _electron needs. Each run gets its
// own data folder (--data-dir), so it never shares history or the single-instance lock with
// `npm start` or an installed Loopchat.

import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateElectronBinary } from '../launcher/electron-binary';
import { ELECTRON_HINT, electronUnavailable } from '../launcher/electron-download-failure';
import { electronLaunchArgs } from '../launcher/launch-args';

// resolve(), not new URL('..'): the latter ends in a separator, which Playwright's quoting on
// Windows turns into a stray `"` (see launcher/launch-args.ts).
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binary = locateElectronBinary();
const skipReason = binary.ok
  ? ''
  : `Electron e2e skipped (every test in e2e/electron.spec.ts): ${electronUnavailable(binary.why)}. ${ELECTRON_HINT}`;
// Playwright loads this file in its runner and again in each worker: say it once, from the runner.
if (!binary.ok && process.env['TEST_WORKER_INDEX'] === undefined) console.log(skipReason);

test.skip(!binary.ok, skipReason);
// One app, launched, quit and launched again, across the tests below, in order.
test.describe.configure({ mode: 'serial' });

let dataDir = '';
let port = 0;
let app: ElectronApplication | null = null;

/** A port that was free a moment ago, so the test knows where the hub listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** True when nothing listens on 127.0.0.1:port any more. */
async function portIsFree(at: number): Promise<boolean> {
  const server = createServer();
  server.listen(at, '127.0.0.1');
  const outcome = await Promise.race([
    once(server, 'listening').then(() => true),
    once(server, 'error').then(() => false),
  ]);
  if (outcome) {
    server.close();
    await once(server, 'close');
  }
  return outcome;
}

const launchArgs = () => electronLaunchArgs({ appDir, dataDir });
// Playwright puts --no-sandbox first on Linux for its own launches (its Electron launcher); a
// process this spec starts itself gets the same, so both run alike.
const sandboxArgs = process.platform === 'linux' ? ['--no-sandbox'] : [];
const launchEnv = () => ({ ...process.env, LOOPCHAT_PUSH_MS: '500', LOOPCHAT_PORT: String(port) });

function running(): ElectronApplication {
  if (!app) throw new Error('the app is not running');
  return app;
}

async function launch(): Promise<ElectronApplication> {
  app = await electron.launch({
    executablePath: binary.ok ? binary.path : '',
    args: launchArgs(),
    env: launchEnv(),
  });
  return app;
}

/** Clicks a menu item by label, the way a user would pick it from the application menu. */
async function clickMenu(target: ElectronApplication, label: string): Promise<void> {
  await target.evaluate(({ Menu }, wanted) => {
    const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined =>
      items.find((i) => i.label === wanted) ??
      items.flatMap((i) => (i.submenu ? [find(i.submenu.items)] : [])).find(Boolean);
    const item = find(Menu.getApplicationMenu()?.items ?? []);
    if (!item) throw new Error(`no menu item ${wanted}`);
    item.click();
  }, label);
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

const windowCount = (target: ElectronApplication) =>
  target.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loopchat-e2e-'));
  port = await freePort();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('launches with the first window OPEN; a second from the menu; they chat both ways', async () => {
  const started = await launch();
  const first = await started.firstWindow();
  await expect(first.getByTestId('ready-state')).toHaveText('OPEN (1)');

  const secondWindow = started.waitForEvent('window');
  await clickMenu(started, 'New Window');
  const second = await secondWindow;
  await expect(second.getByTestId('ready-state')).toHaveText('OPEN (1)');

  await send(first, 'hello from window 1');
  await expect(second.getByTestId('messages')).toContainText('hello from window 1');
  await send(second, 'and back from window 2');
  await expect(first.getByTestId('messages')).toContainText('and back from window 2');
});

test('Save on a received file asks where in a save dialog and writes exactly its bytes', async () => {
  const target = running();
  const [first, second] = target.windows();
  if (!first || !second) throw new Error('expected two windows');
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff));
  const chosen = join(dataDir, 'saved copy.bin');
  // The user's answer to the dialog: the real dialog.showSaveDialog is replaced in the main
  // process, which records what it was asked.
  await target.evaluate(({ dialog }, path) => {
    const asked: string[] = [];
    (globalThis as { loopchatAsked?: string[] }).loopchatAsked = asked;
    dialog.showSaveDialog = ((...args: unknown[]) => {
      const options = args.at(-1) as Electron.SaveDialogOptions;
      asked.push(options.defaultPath ?? '');
      return Promise.resolve({ canceled: false, filePath: path });
    }) as typeof dialog.showSaveDialog;
  }, chosen);
  await first
    .getByTestId('file-input')
    .setInputFiles({ name: 'data.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(first.locator('[data-testid="tray-item"][data-state="done"]')).toHaveCount(1);
  await send(first, 'a file to save');
  const save = second.locator('[data-testid="attachments"]').last().getByTestId('save');
  await save.click();
  await expect
    .poll(() =>
      readFile(chosen).then(
        (saved) => saved.equals(bytes),
        () => false,
      ),
    )
    .toBe(true);
  expect(
    await target.evaluate(() => (globalThis as { loopchatAsked?: string[] }).loopchatAsked),
  ).toEqual(['data.bin']);
});

test('the second window cascades from the first instead of covering it', async () => {
  const target = running();
  const [first, second] = target.windows();
  if (!first || !second) throw new Error('expected two windows');
  const bounds = async (page: Page) =>
    (await target.browserWindow(page)).evaluate((window) => window.getBounds());
  const [a, b] = [await bounds(first), await bounds(second)];
  // One step down and right, or wrapped to the work area's corner: never the same place.
  expect(b.x === a.x && b.y === a.y).toBe(false);
  // Both pages stay visible, so both keep rendering (macOS hides a fully covered window's page).
  expect(await first.evaluate(() => document.visibilityState)).toBe('visible');
});

test('a message arriving while no window has focus is a notification, and the badge counts it', async () => {
  const target = running();
  const [first, second] = target.windows();
  if (!first || !second) throw new Error('expected two windows');
  // Observe the real Notification objects the app shows (they are shown as usual).
  await target.evaluate(({ Notification }) => {
    const shown: Electron.Notification[] = [];
    const show = Notification.prototype.show;
    Notification.prototype.show = function (this: Electron.Notification) {
      shown.push(this);
      show.call(this);
    };
    (globalThis as { loopchatShown?: typeof shown }).loopchatShown = shown;
  });
  await target.evaluate(({ BrowserWindow }) => {
    for (const window of BrowserWindow.getAllWindows()) window.minimize();
  });
  await send(second, 'while you were away');
  await expect
    .poll(() =>
      target.evaluate(() =>
        ((globalThis as { loopchatShown?: Electron.Notification[] }).loopchatShown ?? []).map(
          (n) => n.body,
        ),
      ),
    )
    .toEqual(['while you were away']);
  // setBadgeCount keeps a count on macOS and Windows; on Linux only with a LauncherEntry dock.
  if (process.platform !== 'linux') {
    await expect.poll(() => target.evaluate(({ app: a }) => a.getBadgeCount())).toBeGreaterThan(0);
  }

  // The user clicks it: the window that got the message comes back with it in view.
  await target.evaluate(() =>
    (globalThis as { loopchatShown?: Electron.Notification[] }).loopchatShown?.[0]?.emit('click'),
  );
  const firstWindow = await target.browserWindow(first);
  await expect.poll(() => firstWindow.evaluate((w) => w.isMinimized())).toBe(false);
  const row = first.getByTestId('messages').locator('[data-seq]', {
    hasText: 'while you were away',
  });
  await expect(row).toHaveAttribute('data-highlight', 'true');
  await expect(row).toBeInViewport();
  await target.evaluate(({ BrowserWindow }) => {
    for (const window of BrowserWindow.getAllWindows()) window.restore();
  });
});

test('View > Server Console opens the console on the hub the windows use', async () => {
  const target = running();
  const consoleWindow = target.waitForEvent('window');
  await clickMenu(target, 'Server Console');
  const page = await consoleWindow;
  await expect(page.getByTestId('console-link')).toHaveText('OPEN (1)');
  await expect(page.getByTestId('console-address')).toHaveText(`ws://127.0.0.1:${port}`);
});

test('a second launch focuses the running app instead of starting another hub', async () => {
  const target = running();
  const before = await windowCount(target);
  const handedOver = target.evaluate(
    ({ app: electronApp }) =>
      new Promise<boolean>((resolve) => electronApp.once('second-instance', () => resolve(true))),
  );
  const second = spawn(binary.ok ? binary.path : '', [...sandboxArgs, ...launchArgs()], {
    env: launchEnv(),
  });
  const code = await new Promise<number | null>((done) => second.once('exit', done));
  // It found the lock held, handed over to the running app and left without a window or hub.
  expect(code).toBe(0);
  expect(await handedOver).toBe(true);
  expect(await windowCount(target)).toBe(before);
  // The running app's windows are still connected to its one hub.
  const [window] = target.windows();
  if (!window) throw new Error('the running app has no window');
  await expect(window.getByTestId('ready-state')).toHaveText('OPEN (1)');
});

const PLACED = { x: 120, y: 90, width: 800, height: 600 };

test('quitting stops the hub and frees its port', async () => {
  const target = running();
  // Where the first window was left, for the relaunch to put it back.
  const [first] = target.windows();
  if (!first) throw new Error('the running app has no window');
  await (await target.browserWindow(first)).evaluate((w, bounds) => w.setBounds(bounds), PLACED);
  const exited = once(target.process(), 'exit');
  await target.evaluate(({ app: electronApp }) => electronApp.quit());
  await exited;
  app = null;
  expect(await portIsFree(port)).toBe(true);
});

test('relaunching shows the history from the data folder', async () => {
  const relaunched = await launch();
  const first = await relaunched.firstWindow();
  await expect(first.getByTestId('ready-state')).toHaveText('OPEN (1)');
  await expect(first.getByTestId('messages')).toContainText('hello from window 1');
  await expect(first.getByTestId('messages')).toContainText('and back from window 2');
});

test('relaunching reopens the windows that were open, the first where it was left', async () => {
  const target = running();
  // Two chat windows and the server console were open at quit.
  await expect.poll(() => windowCount(target)).toBe(3);
  const bounds = await target.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => w.getNormalBounds()),
  );
  // Window managers may nudge a window by its frame; the size is what the app asked for.
  const placed = bounds.find((b) => b.width === PLACED.width && b.height === PLACED.height);
  expect(placed).toBeDefined();
  // Where it was left, give or take a title bar and border a window manager adds.
  expect(Math.abs((placed?.x ?? 0) - PLACED.x)).toBeLessThanOrEqual(64);
  expect(Math.abs((placed?.y ?? 0) - PLACED.y)).toBeLessThanOrEqual(64);
});
