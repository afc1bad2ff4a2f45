// What the preload puts into the page: `window.loopchat.getConfig()` and nothing else. No
// Electron object, no generic invoke: the page can ask exactly one question.

import {
  BRIDGE_KEY,
  CONFIG_CHANNEL,
  type LoopchatBridge,
  type WindowConfig,
} from '../protocol/bridge';

export interface ContextBridgeApi {
  exposeInMainWorld(key: string, api: LoopchatBridge): void;
}

export interface IpcRendererApi {
  invoke(channel: string): Promise<unknown>;
}

export function exposeLoopchatBridge(contextBridge: ContextBridgeApi, ipc: IpcRendererApi): void {
  const bridge: LoopchatBridge = {
    // Arguments from the page are ignored on purpose. The main process is the trusted side
    // that builds this object, so its shape is not re-checked here.
    getConfig: () => ipc.invoke(CONFIG_CHANNEL) as Promise<WindowConfig>,
  };
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
