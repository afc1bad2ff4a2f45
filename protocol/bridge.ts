// The one API the Electron preload exposes to a window (as `window.loopchat`). In browser
// mode there is no preload: the renderer derives the same WindowConfig from its own URL.

export interface WindowConfig {
  /** ws:// URL of the hub, always on 127.0.0.1. */
  hubUrl: string;
  /**
   * Per-launch secret the hub requires in the subprotocol list, for this page's role: a chat
   * window gets the chat token, the server console the console token (never both).
   */
  token: string;
  /** Stable per window across restarts (Electron) or per tab (browser mode). */
  windowKey: string;
  /** Name to use until the user picks one. */
  defaultName: string;
}

export interface LoopchatBridge {
  getConfig(): Promise<WindowConfig>;
}

export const BRIDGE_KEY = 'loopchat';
export const CONFIG_CHANNEL = 'loopchat:get-config';
