// What the preload puts into the page: `window.loopchat` with getConfig, notify, setUnread and
// onShowMessage, and nothing else. No Electron object, no generic invoke: the page can ask
// exactly these questions, on these channels.

import {
  BRIDGE_KEY,
  CONFIG_CHANNEL,
  NOTIFY_CHANNEL,
  SHOW_MESSAGE_CHANNEL,
  UNREAD_CHANNEL,
  type LoopchatBridge,
  type NotificationRequest,
  type WindowConfig,
} from '../protocol/bridge';

export interface ContextBridgeApi {
  exposeInMainWorld(key: string, api: LoopchatBridge): void;
}

export interface IpcRendererApi {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function exposeLoopchatBridge(contextBridge: ContextBridgeApi, ipc: IpcRendererApi): void {
  const bridge: LoopchatBridge = {
    // Arguments from the page are ignored on purpose. The main process is the trusted side
    // that builds this object, so its shape is not re-checked here.
    getConfig: () => ipc.invoke(CONFIG_CHANNEL) as Promise<WindowConfig>,
    // Only the three fields go across; the main process checks them again.
    notify: ({ messageId, title, body }: NotificationRequest) =>
      ipc.invoke(NOTIFY_CHANNEL, { messageId, title, body }).then(() => undefined),
    setUnread: (count: number) => ipc.invoke(UNREAD_CHANNEL, count).then(() => undefined),
    // The page gets the id alone, never the IPC event (which carries the sender).
    onShowMessage: (listener) => {
      ipc.on(SHOW_MESSAGE_CHANNEL, (_event, messageId) => {
        if (typeof messageId === 'string') listener(messageId);
      });
    },
  };
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
