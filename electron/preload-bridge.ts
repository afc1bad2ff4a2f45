// What the preload puts into the page: `window.loopchat` with getConfig, notify, setUnread,
// onShowMessage and saveFile, and nothing else. No Electron object, no generic invoke: the page can ask
// exactly these questions, on these channels.

import {
  BRIDGE_KEY,
  CONFIG_CHANNEL,
  isSaveFileRequest,
  NOTIFY_CHANNEL,
  SAVE_FILE_CHANNEL,
  SHOW_MESSAGE_CHANNEL,
  UNREAD_CHANNEL,
  type LoopchatBridge,
  type NotificationRequest,
  type SaveFileRequest,
  type SaveFileResult,
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
    // The name and the bytes only. Too many bytes are refused here, before they are copied
    // across; the main process checks again. IPC copies a typed array's whole ArrayBuffer, not
    // just its view, so the view's own bytes are copied out first: a few bytes over a huge
    // buffer would otherwise carry the whole buffer past the cap.
    saveFile: ({ name, bytes }: SaveFileRequest) => {
      const request = { name, bytes };
      if (!isSaveFileRequest(request)) {
        return Promise.reject(
          new TypeError('saveFile refused: a file name and at most one attachment of bytes'),
        );
      }
      const exact = { name, bytes: request.bytes.slice() };
      return ipc.invoke(SAVE_FILE_CHANNEL, exact) as Promise<SaveFileResult>;
    },
  };
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
