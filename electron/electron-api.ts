// The few Electron APIs the main process uses, as narrow structural types. main.ts passes the
// real modules (the type checker proves they fit); unit tests pass a small fake
// (test/fake-electron.ts), because the Electron binary cannot run everywhere the tests do.

import type { ContextMenuFacts } from './context-menu';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  SaveDialogOptions,
} from 'electron';

export interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-redirect / will-frame-navigate: the event object carries the target URL. */
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** A frame as the main process sees it (WebFrameMain). */
export interface FrameApi {
  readonly url: string;
  /** null for a window's top-level frame. */
  readonly parent: FrameApi | null;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

export type PermissionCheckHandler = (webContents: unknown, permission: string) => boolean;

export interface SessionApi {
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler): void;
  /** Off: pages are not checked. A dictionary load already started goes on (spelling.ts). */
  setSpellCheckerEnabled(enable: boolean): void;
  /** Windows and Linux: the Hunspell dictionaries to load; an empty list loads none. */
  setSpellCheckerLanguages(languages: string[]): void;
}

export interface WindowOpenDetails {
  readonly url: string;
}

/** Loopchat never lets a page open a window, so the only answer it can give is deny. */
export interface WindowOpenDenied {
  action: 'deny';
}

/** will-frame-navigate fires for subframes too; will-navigate only for the top-level frame. */
export type NavigationEventName = 'will-navigate' | 'will-redirect' | 'will-frame-navigate';

/**
 * Every method of a webContents or window throws "Object has been destroyed" once the window
 * has closed (gin_helper's function_template.h), `id` included: read it while it is alive.
 */
export interface WebContentsApi {
  readonly id: number;
  readonly session: SessionApi;
  isDestroyed(): boolean;
  on(event: NavigationEventName, listener: (event: NavigationEvent) => void): unknown;
  /**
   * The preload threw or could not be read (lib/browser/rpc-server.ts): the page still loads,
   * without `window.loopchat`.
   */
  on(
    event: 'preload-error',
    listener: (event: unknown, preloadPath: string, error: Error) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenDenied): void;
  /** A message to the page's preload (ipcRenderer.on). */
  send(channel: string, ...args: unknown[]): void;
  /** A right-click in the page; Electron shows nothing unless the app pops a menu up. */
  on(event: 'context-menu', listener: (event: unknown, params: ContextMenuFacts) => void): unknown;
  replaceMisspelling(word: string): void;
}

export interface WindowApi {
  readonly webContents: WebContentsApi;
  /** Rejects when the page fails to load (e.g. ERR_CONNECTION_REFUSED from a dev server). */
  loadURL(url: string): Promise<void>;
  /** Asks to close: 'close' may cancel it (and with it a quit in progress), then 'closed'. */
  close(): void;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed' | 'focus', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  show(): void;
  focus(): void;
  isFocused(): boolean;
  isMinimized(): boolean;
  restore(): void;
  getBounds(): Rectangle;
  /** The bounds it returns to when unmaximised (getBounds() while it is normal). */
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  maximize(): void;
  /** Windows and Linux: flashes the taskbar entry until called with false. */
  flashFrame(flag: boolean): void;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayApi {
  readonly workArea: Rectangle;
}

/** Electron's `screen`; usable only once the app is ready. */
export interface ScreenApi {
  getAllDisplays(): DisplayApi[];
  getPrimaryDisplay(): DisplayApi;
  /** The display that most closely intersects `rect`. */
  getDisplayMatching(rect: Rectangle): DisplayApi;
}

/** userData is the one path Loopchat moves; appData is where Electron's default lives. */
export type AppPathName = 'userData' | 'appData' | 'downloads';

export interface AppApi {
  /** False when run from the sources (`npm start`, the e2e spec), true in an installed app. */
  readonly isPackaged: boolean;
  whenReady(): Promise<unknown>;
  getPath(name: AppPathName): string;
  /** Electron throws for a relative path or a folder that does not exist. */
  setPath(name: AppPathName, path: string): void;
  /** Keyed on the userData folder, so a different data folder is a different instance. */
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(exitCode?: number): void;
  getName(): string;
  getVersion(): string;
  /** The UI language Chromium picked from the system, e.g. "en-US" or "ko". */
  getLocale(): string;
  /**
   * macOS dock, Linux launchers with the LauncherEntry API, and on Windows an overlay on the
   * taskbar icon of each window open at the time (shell/browser/browser_win.cc), so it is set
   * again when a window opens. 0 hides it.
   */
  setBadgeCount(count: number): boolean;
  /** Windows: the AppUserModelID notifications and the taskbar go by (app-identity.ts). */
  setAppUserModelId(id: string): void;
  on(event: 'window-all-closed' | 'activate' | 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit' | 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  /** Every webContents: windows, and any guest or devtools contents Electron creates. */
  on(
    event: 'web-contents-created',
    listener: (event: PreventableEvent, contents: WebContentsApi) => void,
  ): unknown;
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

export interface ProtocolApi {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: AppProtocolHandler): void;
}

/** What an ipcMain.handle listener gets to decide whether to trust the caller. */
export interface InvokeEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameApi | null;
}

export interface IpcMainApi {
  /** The page's arguments arrive as they were sent: untrusted, checked by each handler. */
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

/**
 * One menu entry. A subset of Electron's MenuItemConstructorOptions whose `click` takes no
 * arguments, so tests can click an item without inventing Electron objects.
 */
export interface MenuItemSpec {
  label?: string;
  role?: MenuItemConstructorOptions['role'];
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent: boolean;
}

/** A main-process Notification; Electron drops its click once the object is collected. */
export interface NotificationApi {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

/**
 * What dialog.showSaveDialog resolves with (shell/browser/ui/file_dialog_*.cc): the chosen
 * path, or `canceled` with an empty path when the user closed the dialog.
 */
export interface SaveDialogResult {
  canceled: boolean;
  filePath: string;
}

export interface ElectronApi {
  readonly platform: NodeJS.Platform;
  readonly app: AppApi;
  readonly protocol: ProtocolApi;
  readonly ipcMain: IpcMainApi;
  readonly screen: ScreenApi;
  /** session.defaultSession: only once the app is ready; reaching it first makes it. */
  defaultSession(): SessionApi;
  createWindow(options: BrowserWindowConstructorOptions): WindowApi;
  /** False where the desktop has no notification service (Notification.isSupported()). */
  notificationsSupported(): boolean;
  createNotification(options: NotificationOptions): NotificationApi;
  setApplicationMenu(template: MenuItemSpec[]): void;
  /** Shows a menu at the pointer in `window` (a context menu). */
  popupMenu(template: MenuItemSpec[], window: WindowApi): void;
  openExternal(url: string): Promise<void>;
  showMessageBox(options: MessageBoxOptions): Promise<unknown>;
  /** A save dialog, modal to `window`; usable only once the app is ready. */
  showSaveDialog(window: WindowApi, options: SaveDialogOptions): Promise<SaveDialogResult>;
  showErrorBox(title: string, content: string): void;
}
