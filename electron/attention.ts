// Getting the user's attention for messages that arrive while they are elsewhere: a desktop
// notification (asked for by a window through the preload, with the same sender checks as
// getConfig), the app badge, and a flashing taskbar entry on Windows and Linux. Clicking a
// notification brings its window forward and tells the page which message to show.

import {
  isNotificationRequest,
  isUnreadCount,
  NOTIFY_CHANNEL,
  SHOW_MESSAGE_CHANNEL,
  UNREAD_CHANNEL,
  type NotificationRequest,
} from '../protocol/bridge';
import { trustedSlot, type SenderCheck } from './config-ipc';
import type { ElectronApi, IpcMainApi, NotificationApi } from './electron-api';
import type { OpenWindow, WindowRegistry } from './windows';

/** How many notified message ids are remembered, so several windows yield one notification. */
const REMEMBERED_IDS = 200;

export interface AttentionOptions {
  electron: Pick<ElectronApi, 'app' | 'platform' | 'notificationsSupported' | 'createNotification'>;
  windows: Pick<WindowRegistry, 'all' | 'windowFor'>;
  log(line: string): void;
}

export class Attention {
  /** Each window's unread count, by webContents id. */
  private readonly unread = new Map<number, number>();
  /** The notification each window is showing; a newer one replaces it. */
  private readonly shown = new Map<number, NotificationApi>();
  private readonly notifiedIds: string[] = [];
  /** Windows whose taskbar entry is flashing. */
  private readonly flashing = new Set<number>();
  /** Said once: a desktop without a badge refuses every count alike. */
  private saidNoBadge = false;

  constructor(private readonly options: AttentionOptions) {}

  private anyFocused(): boolean {
    return this.options.windows.all().some((w) => w.window.isFocused());
  }

  /** Electron flashes the taskbar on Windows and Linux; on macOS flashFrame bounces the dock. */
  private get flashes(): boolean {
    return this.options.electron.platform !== 'darwin';
  }

  /** A window's page asks for a notification. Shown only while no Loopchat window has focus. */
  notify(from: OpenWindow, request: NotificationRequest): boolean {
    const { electron } = this.options;
    if (this.anyFocused()) return false;
    this.flash(from, true);
    // Every window receives every message: the first one to ask is the one a click opens.
    if (this.notifiedIds.includes(request.messageId)) return false;
    this.notifiedIds.push(request.messageId);
    if (this.notifiedIds.length > REMEMBERED_IDS) this.notifiedIds.shift();
    if (!electron.notificationsSupported()) return false;

    this.shown.get(from.id)?.close();
    const notification = electron.createNotification({
      title: request.title,
      body: request.body,
      silent: false,
    });
    // Held here until closed: Electron drops the click of a collected Notification.
    this.shown.set(from.id, notification);
    notification.on('click', () => this.open(from.id, request.messageId));
    notification.on('close', () => {
      if (this.shown.get(from.id) === notification) this.shown.delete(from.id);
    });
    notification.show();
    return true;
  }

  private open(id: number, messageId: string): void {
    const target = this.options.windows.windowFor(id);
    if (!target) return; // the window closed since
    if (target.window.isMinimized()) target.window.restore();
    target.window.show();
    target.window.focus();
    target.window.webContents.send(SHOW_MESSAGE_CHANNEL, messageId);
  }

  setUnread(from: OpenWindow, count: number): void {
    this.unread.set(from.id, count);
    if (count === 0) this.flash(from, false);
    this.applyBadge();
  }

  /**
   * The badge shows the most any one window has unread: each window receives every message,
   * so a sum would count one message once per window.
   */
  private applyBadge(): void {
    const count = Math.max(0, ...this.unread.values());
    if (this.options.electron.app.setBadgeCount(count) || this.saidNoBadge) return;
    this.saidNoBadge = true;
    this.options.log('[app] this desktop has no app badge; the unread count stays in the titles');
  }

  private flash(target: OpenWindow, on: boolean): void {
    if (!this.flashes || this.flashing.has(target.id) === on) return;
    target.window.flashFrame(on);
    if (on) this.flashing.add(target.id);
    else this.flashing.delete(target.id);
  }

  /** Follows a window: stop flashing once it has focus, forget it once it closes. */
  track(opened: OpenWindow): void {
    const { window, id } = opened;
    window.on('focus', () => this.flash(opened, false));
    window.on('closed', () => {
      this.flashing.delete(id);
      this.shown.get(id)?.close();
      this.shown.delete(id);
      this.unread.delete(id);
      this.applyBadge();
    });
    // On Windows the badge is an overlay on each window open when it was set.
    if (this.options.electron.platform === 'win32' && this.unread.size > 0) this.applyBadge();
  }
}

/** notify and setUnread over IPC, from our own windows only, with their arguments checked. */
export function registerAttentionHandlers(
  ipcMain: IpcMainApi,
  attention: Attention,
  windows: Pick<WindowRegistry, 'windowFor'>,
  senders: SenderCheck,
): void {
  const sender = (event: Parameters<typeof trustedSlot>[0], what: string): OpenWindow => {
    trustedSlot(event, senders, what);
    const window = windows.windowFor(event.sender.id);
    if (!window) throw new Error(`${what} refused: not a Loopchat window`);
    return window;
  };
  ipcMain.handle(NOTIFY_CHANNEL, (event, request) => {
    const from = sender(event, 'notify');
    if (!isNotificationRequest(request)) throw new TypeError('notify refused: a malformed request');
    attention.notify(from, request);
  });
  ipcMain.handle(UNREAD_CHANNEL, (event, count) => {
    const from = sender(event, 'setUnread');
    if (!isUnreadCount(count)) throw new TypeError('setUnread refused: not a count');
    attention.setUnread(from, count);
  });
}
