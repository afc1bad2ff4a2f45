// Loopchat windows: created with locked-down webPreferences, kept on Loopchat's own pages
// (no navigation away, no window.open, no permissions: hardenWebContents, which app.ts applies
// to every webContents Electron creates), and given a slot so each one has a windowKey and a
// default name.

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { ElectronApi, NavigationEvent, WebContentsApi, WindowApi } from './electron-api';
import { isWebUrl } from './origins';

/** Matches the renderer's page background so a new window does not flash white. */
export const WINDOW_BACKGROUND = '#f6f7f9';

/** The renderer is an ordinary web page; it reaches the main process only via the preload. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    preload: preloadPath,
  };
}

export function windowOptions(preloadPath: string, title: string): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 720,
    minWidth: 420,
    minHeight: 360,
    title,
    backgroundColor: WINDOW_BACKGROUND,
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface HardeningPolicy {
  /** True for URLs on Loopchat's own origin(s). */
  isTrusted(url: string): boolean;
  openExternal(url: string): Promise<void>;
  log(line: string): void;
}

/** Keeps a webContents on our pages and gives it no powers beyond the page itself. */
export function hardenWebContents(contents: WebContentsApi, policy: HardeningPolicy): void {
  const stayHome = (event: NavigationEvent) => {
    if (policy.isTrusted(event.url)) return;
    event.preventDefault();
    policy.log(`[window] blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // Subframes (an injected iframe) navigate without a will-navigate.
  contents.on('will-frame-navigate', stayHome);

  contents.setWindowOpenHandler(({ url }) => {
    // Web links go to the user's browser; anything else (file:, custom schemes) goes nowhere.
    if (isWebUrl(url)) {
      policy.openExternal(url).catch((err: unknown) => {
        policy.log(`[window] could not open ${url} externally: ${String(err)}`);
      });
    } else {
      policy.log(`[window] refused to open ${url}`);
    }
    return { action: 'deny' };
  });

  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    policy.log(`[window] denied permission request: ${permission}`);
    callback(false);
  });
  contents.session.setPermissionCheckHandler(() => false);
}

/** What a window is called until its user picks a name, and how it finds its own state. */
export interface WindowSlot {
  /** 1-based; the lowest slot free when the window opened. */
  readonly slot: number;
  /** Stable per slot, so "Window 1" finds its saved state again after a restart. */
  readonly windowKey: string;
  readonly defaultName: string;
}

export function slotInfo(slot: number): WindowSlot {
  return { slot, windowKey: `window-${slot}`, defaultName: `Window ${slot}` };
}

/** The server console's identity: not a chat window, so it takes no numbered slot. */
export const CONSOLE_SLOT: WindowSlot = {
  slot: 0,
  windowKey: 'server-console',
  defaultName: 'Server Console',
};

export interface WindowRegistryOptions {
  electron: Pick<ElectronApi, 'createWindow' | 'showErrorBox'>;
  preloadPath: string;
  /** app://loopchat/index.html, or the Vite dev server in development. */
  startUrl: string;
  /** app://loopchat/console.html (or the dev server's); defaults to console.html beside startUrl. */
  consoleUrl?: string;
  log(line: string): void;
}

/** Chromium's code when a load is superseded by another navigation: not a failure to report. */
const ABORTED = 'ERR_ABORTED';

interface OpenWindow {
  readonly window: WindowApi;
  readonly slot: WindowSlot;
}

function bringForward(window: WindowApi): WindowApi {
  if (window.isMinimized()) window.restore();
  window.focus();
  return window;
}

export class WindowRegistry {
  /** By webContents id, captured at creation: a closed window's webContents is unusable. */
  private readonly open = new Map<number, OpenWindow>();
  /** The one server console window, while it is open. */
  private console: { readonly window: WindowApi; readonly id: number } | null = null;

  constructor(private readonly options: WindowRegistryOptions) {}

  get count(): number {
    return this.open.size;
  }

  /** The slot of the window whose webContents has this id, if it is one of ours. */
  slotFor(webContentsId: number): WindowSlot | undefined {
    if (this.console?.id === webContentsId) return CONSOLE_SLOT;
    return this.open.get(webContentsId)?.slot;
  }

  /**
   * View > Server Console: opens the console window, or brings the open one forward (there is
   * only ever one). It talks to the hub over WebSocket like any window, with the same
   * locked-down webPreferences.
   */
  openConsole(): WindowApi {
    if (this.console) return bringForward(this.console.window);
    const { startUrl, consoleUrl } = this.options;
    const url = consoleUrl ?? new URL('console.html', startUrl).href;
    const window = this.create('Loopchat Server Console', url, 'The server console', (id) => {
      if (this.console?.id === id) this.console = null;
    });
    this.console = { window, id: window.webContents.id };
    return window;
  }

  openWindow(): WindowApi {
    const slot = slotInfo(this.lowestFreeSlot());
    const window = this.create('Loopchat', this.options.startUrl, slot.defaultName, (id) =>
      this.open.delete(id),
    );
    this.open.set(window.webContents.id, { window, slot });
    return window;
  }

  /** Every window the same way: locked-down preferences, shown once painted, then loaded. */
  private create(
    title: string,
    url: string,
    what: string,
    onClosed: (webContentsId: number) => void,
  ): WindowApi {
    const { electron, preloadPath } = this.options;
    const window = electron.createWindow(windowOptions(preloadPath, title));
    const id = window.webContents.id;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => onClosed(id));
    // The page still loads without the preload, but with no window.loopchat it has no hub.
    window.webContents.on('preload-error', (_event, preloadPath, error) => {
      this.report(window, `${what} could not run its preload ${preloadPath}: ${error.message}`);
    });
    this.load(window, url, what);
    return window;
  }

  private report(window: WindowApi, problem: string): void {
    this.options.log(`[window] ${problem}`);
    if (window.isDestroyed()) return;
    this.options.electron.showErrorBox('Loopchat could not open a window', problem);
  }

  /**
   * A window whose page fails to load would stay hidden forever (it is shown on ready-to-show),
   * leaving an app with no visible window: say what failed and close it instead.
   */
  private load(window: WindowApi, url: string, what: string): void {
    const { electron, log } = this.options;
    window.loadURL(url).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      log(`[window] ${what} could not load ${url}: ${reason}`);
      // Closed by the user while loading: nothing left to explain or close.
      if (reason.includes(ABORTED) || window.isDestroyed()) return;
      electron.showErrorBox(
        'Loopchat could not open a window',
        `${what} could not load ${url}:\n${reason}`,
      );
      window.close();
    });
  }

  /** Brings the most recently opened window forward; false when there is none. */
  focusLatest(): boolean {
    const latest = [...this.open.values()].at(-1);
    if (!latest) return false;
    bringForward(latest.window);
    return true;
  }

  private lowestFreeSlot(): number {
    const taken = new Set([...this.open.values()].map((w) => w.slot.slot));
    let slot = 1;
    while (taken.has(slot)) slot += 1;
    return slot;
  }
}
