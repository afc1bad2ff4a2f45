// Desktop attention for one window: a notification for someone else's message that arrives
// while the user is not looking at this window, unless the window is muted, and the unread
// count for the dock/taskbar badge. Where notifications go is the Notifier's business: the
// Electron main process through the preload, or the browser's Notification API.

import { NOTIFICATION_LIMITS, type NotificationRequest } from '../../../protocol/bridge';
import type { TimelineEntry } from '../../../client/client-types';

/** What the page knows about whether its user is looking at it. */
export interface PageFocus {
  hasFocus(): boolean;
  visibilityState(): DocumentVisibilityState;
}

/** Electron and the browser each deliver notifications their own way. */
export interface Notifier {
  /** 'granted' when notifications can be shown now; 'default' until the user allows them. */
  permission(): NotificationPermission;
  /** Asks the user; call only from a user action (the browser ignores it otherwise). */
  requestPermission(): Promise<NotificationPermission>;
  notify(request: NotificationRequest): void;
  setUnread(count: number): void;
  /** The user clicked the notification for this message. */
  onShowMessage(listener: (messageId: string) => void): void;
}

/** The request for a chat entry, cut to what a notification may carry. */
export function notificationFor(entry: TimelineEntry): NotificationRequest | null {
  if (entry.kind !== 'chat' || entry.own) return null;
  const { message } = entry;
  return {
    messageId: message.id.slice(0, NOTIFICATION_LIMITS.messageId),
    title: message.from.name.slice(0, NOTIFICATION_LIMITS.title),
    body: message.text.slice(0, NOTIFICATION_LIMITS.body),
  };
}

/** How many notified messages a click can still bring back, newest kept. */
const REMEMBERED = 100;

export class ChatAttention {
  /** The seq of each message this window asked to notify, by the id a click hands back. */
  private readonly notified = new Map<string, number>();

  constructor(
    private readonly page: PageFocus,
    private readonly notifier: Notifier,
    private readonly isMuted: () => boolean,
  ) {}

  /** Looking means this window has focus and is on screen. */
  private looking(): boolean {
    return this.page.hasFocus() && this.page.visibilityState() === 'visible';
  }

  arrived(entry: TimelineEntry): void {
    const request = notificationFor(entry);
    if (!request || entry.kind !== 'chat' || this.looking() || this.isMuted()) return;
    if (this.notifier.permission() !== 'granted') return;
    this.notifier.notify(request);
    this.notified.delete(request.messageId);
    this.notified.set(request.messageId, entry.message.seq);
    for (const oldest of this.notified.keys()) {
      if (this.notified.size <= REMEMBERED) break;
      this.notified.delete(oldest);
    }
  }

  /** The message a clicked notification was about, if this window asked for it. */
  seqOf(messageId: string): number | undefined {
    return this.notified.get(messageId);
  }

  unread(count: number): void {
    this.notifier.setUnread(count);
  }
}
