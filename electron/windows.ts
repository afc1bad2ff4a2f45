// Loopchat windows: created with locked-down webPreferences, kept on Loopchat's own pages
// (no navigation away, no window.open, no permissions: hardenWebContents, which app.ts applies
// to every webContents Electron creates), and given a slot so each one has a windowKey and a
// default name.

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { StoredWindow } from '../protocol/stored-window-state';
import type {
  ElectronApi,
  NavigationEvent,
  Rectangle,
  WebContentsApi,
  WindowApi,
} from './electron-api';
import { spellcheckFromOs } from './spelling';
import { isWebUrl } from './origins';
import { cascadeFrom, clampToDisplays } from './window-placement';

/** Matches the renderer's page background so a new window does not flash white. */
export const WINDOW_BACKGROUND = '#f6f7f9';

/**
 * The renderer is an ordinary web page; it reaches the main process only via the preload.
 * Spelling is checked only where the OS does it (macOS); elsewhere Electron would download
 * dictionaries (see context-menu.ts).
 */
export function secureWebPreferences(
  preloadPath: string,
  platform: NodeJS.Platform = 'linux',
): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: spellcheckFromOs(platform),
    preload: preloadPath,
  };
}

export const DEFAULT_SIZE = { width: 960, height: 720 };

export function windowOptions(
  preloadPath: string,
  title: string,
  bounds: Partial<Rectangle> = DEFAULT_SIZE,
  platform: NodeJS.Platform = 'linux',
): BrowserWindowConstructorOptions {
  return {
    ...DEFAULT_SIZE,
    ...bounds,
    minWidth: 420,
    minHeight: 360,
    title,
    backgroundColor: WINDOW_BACKGROUND,
    show: false,
    webPreferences: secureWebPreferences(preloadPath, platform),
  };
}

export interface HardeningPolicy {
  /** True on macOS, whose spellchecker needs no download. */
  spellcheckFromOs: boolean;
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
  // Without the OS's own checker (macOS), Chromium's would download Hunspell dictionaries.
  if (!policy.spellcheckFromOs) contents.session.setSpellCheckerEnabled(false);
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
  electron: Pick<ElectronApi, 'createWindow' | 'showErrorBox' | 'screen' | 'platform'>;
  preloadPath: string;
  /** app://loopchat/index.html, or the Vite dev server in development. */
  startUrl: string;
  /** app://loopchat/console.html (or the dev server's); defaults to console.html beside startUrl. */
  consoleUrl?: string;
  log(line: string): void;
  /** The windows that should reopen at the next launch, whenever that changes. */
  onLayout?: (windows: StoredWindow[]) => void;
  /** A window opened (notifications, badge and context menu follow it from here). */
  onOpened?: (opened: OpenWindow) => void;
}

/** Chromium's code when a load is superseded by another navigation: not a failure to report. */
const ABORTED = 'ERR_ABORTED';

export interface OpenWindow {
  readonly window: WindowApi;
  readonly slot: WindowSlot;
  /** The webContents id, read while it was alive. */
  readonly id: number;
}

function bringForward(window: WindowApi): WindowApi {
  if (window.isMinimized()) window.restore();
  window.focus();
  return window;
}

/** The slot a saved key names, or null for one that is not a chat window's. */
function slotOfKey(key: string): number | null {
  const match = /^window-(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}

export class WindowRegistry {
  /** By webContents id, captured at creation: a closed window's webContents is unusable. */
  private readonly open = new Map<number, OpenWindow>();
  /** The id of the window that last had focus, while it is open. */
  private lastFocused: number | null = null;
  /** Set once the app is quitting: windows closing now are still meant to reopen. */
  private quitting = false;

  constructor(private readonly options: WindowRegistryOptions) {}

  /** Chat windows open (the console is not counted). */
  get count(): number {
    return this.chatWindows().length;
  }

  /** The slot of the window whose webContents has this id, if it is one of ours. */
  slotFor(webContentsId: number): WindowSlot | undefined {
    return this.open.get(webContentsId)?.slot;
  }

  /** The open window with this webContents id. */
  windowFor(webContentsId: number): OpenWindow | undefined {
    return this.open.get(webContentsId);
  }

  /** Every open window, the console included, in the order they opened. */
  all(): OpenWindow[] {
    return [...this.open.values()];
  }

  private chatWindows(): OpenWindow[] {
    return this.all().filter((w) => w.slot !== CONSOLE_SLOT);
  }

  /**
   * View > Server Console: opens the console window, or brings the open one forward (there is
   * only ever one). It talks to the hub over WebSocket like any window, with the same
   * locked-down webPreferences.
   */
  openConsole(saved?: StoredWindow): WindowApi {
    const existing = this.all().find((w) => w.slot === CONSOLE_SLOT);
    if (existing) return bringForward(existing.window);
    const { startUrl, consoleUrl } = this.options;
    const url = consoleUrl ?? new URL('console.html', startUrl).href;
    return this.create('Loopchat Server Console', url, CONSOLE_SLOT, saved);
  }

  /** A new chat window in the lowest free slot, or in the saved one it is restoring. */
  openWindow(saved?: StoredWindow): WindowApi {
    const wanted = saved ? slotOfKey(saved.key) : null;
    const taken = new Set(this.chatWindows().map((w) => w.slot.slot));
    const slot = slotInfo(wanted !== null && !taken.has(wanted) ? wanted : this.lowestFreeSlot());
    return this.create('Loopchat', this.options.startUrl, slot, saved);
  }

  /** Reopens the windows saved at the last quit; the number of chat windows opened. */
  restore(saved: readonly StoredWindow[]): number {
    for (const window of saved) {
      if (window.key === CONSOLE_SLOT.windowKey) this.openConsole(window);
      else this.openWindow(window);
    }
    return this.count;
  }

  /** The app is quitting: remember every open window, and keep them listed as they close. */
  quit(): void {
    if (this.open.size > 0) this.options.onLayout?.(this.layout());
    this.quitting = this.open.size > 0 || this.quitting;
  }

  /** Every window the same way: locked-down preferences, shown once painted, then loaded. */
  private create(title: string, url: string, slot: WindowSlot, saved?: StoredWindow): WindowApi {
    const { electron, preloadPath } = this.options;
    const window = electron.createWindow(
      windowOptions(preloadPath, title, this.placeNew(saved?.bounds), electron.platform),
    );
    const id = window.webContents.id;
    const opened: OpenWindow = { window, slot, id };
    this.open.set(id, opened);
    this.lastFocused = id;
    window.once('ready-to-show', () => {
      // maximize() would show a hidden window at once, before its first paint.
      if (saved?.maximized) window.maximize();
      window.show();
    });
    window.on('focus', () => (this.lastFocused = id));
    window.on('close', () => this.closing(id));
    window.on('closed', () => {
      this.open.delete(id);
      if (this.lastFocused === id) this.lastFocused = null;
    });
    const what = slot === CONSOLE_SLOT ? 'The server console' : slot.defaultName;
    // The page still loads without the preload, but with no window.loopchat it has no hub.
    window.webContents.on('preload-error', (_event, preloadPath, error) => {
      this.report(window, `${what} could not run its preload ${preloadPath}: ${error.message}`);
    });
    this.load(window, url, what);
    this.options.onOpened?.(opened);
    return window;
  }

  /**
   * Saved bounds clamped to today's displays; otherwise one step down and right of the window
   * that last had focus, so the new one never hides it; otherwise Electron centres it.
   */
  private placeNew(saved: Rectangle | undefined): Partial<Rectangle> {
    const { screen } = this.options.electron;
    if (saved) {
      const areas = screen.getAllDisplays().map((d) => d.workArea);
      return clampToDisplays(saved, areas) ?? DEFAULT_SIZE;
    }
    const from = this.lastFocused === null ? undefined : this.open.get(this.lastFocused);
    if (!from) return DEFAULT_SIZE;
    const bounds = from.window.getNormalBounds();
    return cascadeFrom(bounds, screen.getDisplayMatching(bounds).workArea);
  }

  /** Where every open window is, for the next launch (read while each is still alive). */
  private layout(exceptId?: number): StoredWindow[] {
    return this.all()
      .filter((w) => w.id !== exceptId)
      .map(({ window, slot }) => ({
        key: slot.windowKey,
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
      }));
  }

  /**
   * A window is about to close (it is still alive). Closed by hand while others stay open, it
   * will not reopen; the last window, or any window while quitting, is remembered as open.
   */
  private closing(id: number): void {
    if (this.quitting) return;
    const others = this.all().filter((w) => w.id !== id);
    this.options.onLayout?.(this.layout(others.length > 0 ? id : undefined));
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

  /** Brings the most recently focused (else opened) chat window forward; false when none. */
  focusLatest(): boolean {
    const chats = this.chatWindows();
    const latest = chats.find((w) => w.id === this.lastFocused) ?? chats.at(-1);
    if (!latest) return false;
    bringForward(latest.window);
    return true;
  }

  private lowestFreeSlot(): number {
    const taken = new Set(this.chatWindows().map((w) => w.slot.slot));
    let slot = 1;
    while (taken.has(slot)) slot += 1;
    return slot;
  }
}
