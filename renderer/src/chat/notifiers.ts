// The two ways a window's notifications leave the page. In Electron, through the preload
// bridge to the main process, which owns the desktop Notification and the app badge. In
// browser mode, the Web Notification API, whose permission is asked for only from a click
// (browsers ignore or penalise a prompt that no user action led to).

import type { LoopchatBridge } from '../../../protocol/bridge';
import type { Notifier } from './attention';

export function bridgeNotifier(bridge: LoopchatBridge, log: (line: string) => void): Notifier {
  const report = (what: string) => (err: unknown) => log(`${what} failed: ${String(err)}`);
  return {
    // The desktop app needs no prompt: the OS's own settings decide for the whole app.
    permission: () => 'granted',
    requestPermission: () => Promise.resolve('granted'),
    notify: (request) => void bridge.notify(request).catch(report('notify')),
    setUnread: (count) => void bridge.setUnread(count).catch(report('setUnread')),
    onShowMessage: (listener) => bridge.onShowMessage(listener),
  };
}

/** The part of the page the Web Notification API needs. */
export interface WebNotificationHost {
  Notification: typeof Notification | undefined;
  focus(): void;
}

export function webNotifier(host: WebNotificationHost): Notifier {
  const showListeners: ((messageId: string) => void)[] = [];
  return {
    permission: () => host.Notification?.permission ?? 'denied',
    requestPermission: () =>
      host.Notification ? host.Notification.requestPermission() : Promise.resolve('denied'),
    notify: ({ messageId, title, body }) => {
      const Api = host.Notification;
      if (!Api || Api.permission !== 'granted') return;
      // The tag makes several tabs of this chat show one notification for one message.
      const shown = new Api(title, { body, tag: messageId });
      shown.onclick = () => {
        host.focus();
        for (const listener of showListeners) listener(messageId);
        shown.close();
      };
    },
    // A browser tab has no app badge; its title carries the count.
    setUnread: () => undefined,
    onShowMessage: (listener) => void showListeners.push(listener),
  };
}
