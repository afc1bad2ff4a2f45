// Browser mode's desktop notifications, in Chromium: a stand-in Notification (installed by an
// init script) records what the page shows, and document.hasFocus() is stubbed, because
// Playwright reports every headless page as focused. The Electron app's notifications go
// through the main process instead (electron/attention.test.ts, e2e/electron.spec.ts).

import type { Browser, Page } from '@playwright/test';
import { expect, rename, send, test } from './fixtures';

interface Shown {
  title: string;
  body: string;
  tag: string;
}

declare global {
  interface Window {
    loopchatTest: {
      shown: Shown[];
      permissionRequests: number;
      focusCalls: number;
      looking: boolean;
      clickLast(): void;
      clickFor(body: string): void;
    };
  }
}

/** The stand-in Notification API and a switchable hasFocus(), before any page script runs. */
function installStandIns(options: {
  permission: NotificationPermission;
  answer: NotificationPermission;
}) {
  let permission = options.permission;
  const notifications: { body: string; onclick: (() => void) | null }[] = [];
  const state = {
    shown: [] as Shown[],
    permissionRequests: 0,
    focusCalls: 0,
    looking: true,
    clickLast: () => notifications.at(-1)?.onclick?.(),
    clickFor: (body: string) => notifications.find((n) => n.body === body)?.onclick?.(),
  };
  class StandInNotification {
    onclick: (() => void) | null = null;
    readonly body: string;
    constructor(
      readonly title: string,
      options: { body?: string; tag?: string } = {},
    ) {
      this.body = options.body ?? '';
      state.shown.push({ title, body: this.body, tag: options.tag ?? '' });
      notifications.push(this);
    }
    static get permission() {
      return permission;
    }
    static requestPermission() {
      state.permissionRequests += 1;
      permission = options.answer;
      return Promise.resolve(permission);
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: StandInNotification, configurable: true });
  Document.prototype.hasFocus = () => state.looking;
  window.focus = () => {
    state.focusCalls += 1;
    state.looking = true;
  };
  window.loopchatTest = state;
}

async function openWindowWith(
  browser: Browser,
  url: string,
  permission: NotificationPermission,
  answer: NotificationPermission = 'granted',
): Promise<Page> {
  const context = await browser.newContext(
    permission === 'granted' ? { permissions: ['notifications'] } : {},
  );
  const page = await context.newPage();
  await page.addInitScript(installStandIns, { permission, answer });
  await page.goto(url);
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  return page;
}

const shown = (page: Page) => page.evaluate(() => window.loopchatTest.shown);
const lookAway = (page: Page) => page.evaluate(() => (window.loopchatTest.looking = false));

test('a message arriving while the user is elsewhere shows a notification; not their own, not while looking', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'granted');
  const bob = await openWindow();
  await rename(bob, 'Bob');
  await expect(ada.getByTestId('notify-toggle')).toHaveText('Notifications on');

  await lookAway(ada);
  await send(bob, 'are you there?');
  await expect
    .poll(() => shown(ada))
    .toEqual([expect.objectContaining({ title: 'Bob', body: 'are you there?' })]);

  await send(ada, 'my own message');
  await expect(bob.getByTestId('messages')).toContainText('my own message');
  await ada.evaluate(() => (window.loopchatTest.looking = true));
  await send(bob, 'seen as it arrives');
  await expect(ada.getByTestId('messages')).toContainText('seen as it arrives');
  expect(await shown(ada)).toHaveLength(1);
});

/** A window short enough that a few tall messages scroll the newest out of view. */
const SHORT_WINDOW = { width: 800, height: 420 };
/** A message eight lines tall: `label, line 1` … `label, line 8`. */
const tall = (label: string) =>
  Array.from({ length: 8 }, (_, i) => `${label}, line ${i + 1}`).join('\n');

test('clicking the notification brings the window forward with the message in view', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'granted');
  const bob = await openWindow();
  // A short window and tall messages: a few are enough to scroll the newest out of view.
  await ada.setViewportSize(SHORT_WINDOW);
  for (let n = 1; n <= 4; n += 1) await send(bob, tall(`message ${n}`));
  await expect(ada.getByTestId('messages')).toContainText('message 4, line 8');
  // Ada has scrolled back through the history and gone to another app.
  await ada.getByTestId('messages').evaluate((list) => (list.scrollTop = 0));
  await lookAway(ada);
  await send(bob, 'the one to show');
  await expect.poll(async () => (await shown(ada)).length).toBe(1);

  await ada.evaluate(() => window.loopchatTest.clickLast());
  expect(await ada.evaluate(() => window.loopchatTest.focusCalls)).toBe(1);
  await expect(
    ada.getByTestId('messages').locator('[data-seq]', { hasText: 'the one to show' }),
  ).toBeInViewport();
});

test('clicking an older notification shows its message, though newer ones came after it', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'granted');
  const bob = await openWindow();
  await ada.setViewportSize(SHORT_WINDOW);
  await lookAway(ada);
  await send(bob, 'the first one');
  // Tall messages after it, so the newest are a screen or more below it.
  for (let n = 1; n <= 3; n += 1) await send(bob, tall(`later ${n}`));
  await expect.poll(async () => (await shown(ada)).length).toBe(4);
  const first = ada.getByTestId('messages').locator('[data-seq]', { hasText: 'the first one' });
  await expect(first).not.toBeInViewport();

  await ada.evaluate(() => window.loopchatTest.clickFor('the first one'));
  await expect(first).toBeInViewport();
  await expect(first).toHaveAttribute('data-highlight', 'true');
});

test('a window can be muted, and stays muted after a reload', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'granted');
  const bob = await openWindow();
  const toggle = ada.getByTestId('notify-toggle');
  await toggle.click();
  await expect(toggle).toHaveText('Notifications off');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await lookAway(ada);
  await send(bob, 'while muted');
  await expect(ada.getByTestId('messages')).toContainText('while muted');
  expect(await shown(ada)).toEqual([]);

  await ada.reload();
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
  await expect(ada.getByTestId('notify-toggle')).toHaveText('Notifications off');
});

test('asks for permission only when the user turns notifications on', async ({
  browser,
  loopchat,
}) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'default', 'granted');
  const toggle = ada.getByTestId('notify-toggle');
  await expect(toggle).toHaveText('Notifications off');
  expect(await ada.evaluate(() => window.loopchatTest.permissionRequests)).toBe(0);
  await toggle.click();
  await expect(toggle).toHaveText('Notifications on');
  expect(await ada.evaluate(() => window.loopchatTest.permissionRequests)).toBe(1);
});

test('says so when the user refuses the permission', async ({ browser, loopchat }) => {
  const ada = await openWindowWith(browser, loopchat.openUrl, 'default', 'denied');
  const toggle = ada.getByTestId('notify-toggle');
  await toggle.click();
  await expect(toggle).toHaveText('Notifications blocked');
  await expect(toggle).toBeDisabled();
});
