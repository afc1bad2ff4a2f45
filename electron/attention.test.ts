// Notifications, the badge and taskbar flashing, driven the way a window's page drives them:
// through the preload's IPC channels, from the strict fake's windows.

import { describe, expect, it } from 'vitest';
import { NOTIFY_CHANNEL, SHOW_MESSAGE_CHANNEL, UNREAD_CHANNEL } from '../protocol/bridge';
import { FakeFrame, type FakeElectron, type FakeWindow } from './test/fake-electron';
import { clickMenu, launch, type LaunchOptions } from './test/launch-loopchat';

const message = { messageId: 'm1', title: 'Ada', body: 'lunch?' };

async function twoWindows(options: LaunchOptions = {}) {
  const launched = await launch(options);
  clickMenu(launched.electron, 'New Window');
  for (const window of launched.electron.openWindows) window.becomeReady();
  const [one, two] = launched.electron.openWindows;
  if (!one || !two) throw new Error('expected two windows');
  return { ...launched, one, two };
}

/** The user switches to another app: no Loopchat window has focus. */
function leaveApp(electron: FakeElectron): void {
  for (const window of electron.openWindows) window.focused = false;
}

const notify = (electron: FakeElectron, from: FakeWindow, request: unknown = message) =>
  electron.ipcMain.invoke(NOTIFY_CHANNEL, from.webContents.invokeEvent(), request);
const setUnread = (electron: FakeElectron, from: FakeWindow, count: unknown) =>
  electron.ipcMain.invoke(UNREAD_CHANNEL, from.webContents.invokeEvent(), count);

describe('notifications', () => {
  it('shows one when no Loopchat window has focus, with the sender and the text', async () => {
    const { electron, one } = await twoWindows();
    leaveApp(electron);
    await notify(electron, one);
    expect(electron.notifications.map((n) => [n.options.title, n.options.body, n.shown])).toEqual([
      ['Ada', 'lunch?', true],
    ]);
  });

  it('shows none while the user is looking at a Loopchat window', async () => {
    const { electron, one, two } = await twoWindows();
    two.focus();
    await notify(electron, one);
    await notify(electron, two);
    expect(electron.notifications).toEqual([]);
  });

  it('shows a message once, however many windows ask', async () => {
    const { electron, one, two } = await twoWindows();
    leaveApp(electron);
    await notify(electron, one);
    await notify(electron, two);
    expect(electron.notifications).toHaveLength(1);
  });

  it('a click brings that window forward and tells its page which message to show', async () => {
    const { electron, one } = await twoWindows();
    leaveApp(electron);
    one.minimize();
    await notify(electron, one);
    electron.notifications[0]?.click();
    expect(one.isMinimized()).toBe(false);
    expect(one.isFocused()).toBe(true);
    expect(one.webContents.sent).toEqual([{ channel: SHOW_MESSAGE_CHANNEL, args: ['m1'] }]);
  });

  it('a click after the window closed does nothing', async () => {
    const { electron, one } = await twoWindows();
    leaveApp(electron);
    await notify(electron, one);
    const [notification] = electron.notifications;
    one.close();
    expect(notification?.closed).toBe(true);
    expect(() => notification?.click()).not.toThrow();
  });

  it('refuses a frame that is not one of our pages, and a malformed request', async () => {
    const { electron, one } = await twoWindows();
    leaveApp(electron);
    const iframe = new FakeFrame('app://loopchat/index.html', one.webContents.mainFrame);
    await expect(
      electron.ipcMain.invoke(NOTIFY_CHANNEL, one.webContents.invokeEvent(iframe), message),
    ).rejects.toThrow(
      "Error invoking remote method 'loopchat:notify': UntrustedSenderError: notify refused: only a top-level frame may ask",
    );
    await expect(notify(electron, one, { ...message, body: 'x'.repeat(301) })).rejects.toThrow(
      'malformed request',
    );
    await expect(notify(electron, one, { ...message, icon: 'file:///etc/passwd' })).rejects.toThrow(
      'malformed request',
    );
    expect(electron.notifications).toEqual([]);
  });

  it('is quiet on a desktop without a notification service', async () => {
    const { electron, one } = await twoWindows({
      prepare: (fake) => (fake.supportsNotifications = false),
    });
    leaveApp(electron);
    await notify(electron, one);
    expect(electron.notifications).toEqual([]);
  });
});

describe('the unread badge and the taskbar', () => {
  it('shows the most any window has unread, and clears when they are read', async () => {
    const { electron, one, two } = await twoWindows();
    await setUnread(electron, one, 3);
    await setUnread(electron, two, 2);
    expect(electron.app.badgeCount).toBe(3);
    await setUnread(electron, one, 0);
    expect(electron.app.badgeCount).toBe(2);
    two.close();
    expect(electron.app.badgeCount).toBe(0);
  });

  it("draws the count on Windows over every window's taskbar button, new windows included", async () => {
    const { electron, one, two } = await twoWindows({ platform: 'win32' });
    await setUnread(electron, one, 3);
    expect([one.badgeOverlay, two.badgeOverlay]).toEqual([3, 3]);
    clickMenu(electron, 'New Window');
    expect(electron.openWindows.at(-1)?.badgeOverlay).toBe(3);
    await setUnread(electron, one, 0);
    expect(electron.openWindows.map((w) => w.badgeOverlay)).toEqual([null, null, null]);
  });

  it('says once, not at every message, that a Linux desktop has no badge', async () => {
    const { electron, one, logs } = await twoWindows({
      prepare: (fake) => (fake.app.badgeSupported = false),
    });
    for (const count of [1, 2, 3]) await setUnread(electron, one, count);
    expect(logs.filter((line) => line.includes('no app badge'))).toHaveLength(1);
  });

  it('refuses a count that is not a count', async () => {
    const { electron, one } = await twoWindows();
    await expect(setUnread(electron, one, -1)).rejects.toThrow('not a count');
    await expect(setUnread(electron, one, '3')).rejects.toThrow('not a count');
  });

  it.each(['linux', 'win32'] as const)(
    'flashes the taskbar on %s for a message arriving unfocused, until focused',
    async (platform) => {
      const { electron, one } = await twoWindows({ platform });
      leaveApp(electron);
      await notify(electron, one);
      expect(one.flashes).toEqual([true]);
      one.focus();
      expect(one.flashes).toEqual([true, false]);
    },
  );

  it('does not bounce the dock on macOS (the badge and the notification are enough)', async () => {
    const { electron, one } = await twoWindows({ platform: 'darwin' });
    leaveApp(electron);
    await notify(electron, one);
    expect(one.flashes).toEqual([]);
  });
});
