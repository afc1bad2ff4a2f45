// A small, typed fake of the Electron APIs in electron-api.ts, for unit tests (after
// electron/fiddle's tests/mocks/electron.ts). It records what the app asked for and lets a
// test play the user or the page: fire ready, navigate, call window.open, close, minimise or
// cover windows, quit. It fails where Electron fails, so a test cannot pass on behaviour
// Electron would refuse. Each rule was read in Electron 45's sources (electron/electron at
// v45.0.0-nightly.20260821) and names the file that enforces it:
// - app.setPath wants an absolute path to a folder that exists: "Path must be absolute",
//   "Failed to set path" (shell/browser/api/electron_api_app.cc, App::SetPath).
// - protocol.handle needs a ready app (it goes through session.defaultSession,
//   lib/browser/api/protocol.ts; electron_api_session.cc throws before ready) and takes a
//   scheme once ("Failed to register protocol"); registerSchemesAsPrivileged is "called only
//   once", before ready (docs/api/protocol.md, electron_api_protocol.cc).
// - app.quit() returns at once while a quit is in progress; it closes every window, a window
//   whose 'close' is cancelled cancels the quit, and will-quit follows the last window
//   closing, with no window-all-closed (shell/browser/browser.cc, native_window.cc).
// - a closed window and its webContents are destroyed: every method, `id` too, throws
//   "Object has been destroyed" (shell/common/gin_helper/function_template.h).
// - ipcRenderer.invoke rejects with "Error invoking remote method '<channel>': <error>", the
//   error as error.toString() (lib/renderer/api/ipc-renderer.ts, lib/browser/ipc-dispatch.ts);
//   a second ipcMain.handle for a channel throws (lib/browser/ipc-main-impl.ts).
// - a page reads its preload when it loads; under the sandbox the file runs as a CommonJS
//   function body, so a missing file or an ESM `import` emits 'preload-error' and the page runs
//   without the bridge (lib/sandboxed_renderer/preload.ts, lib/browser/rpc-server.ts).
// - a page is hidden while its window is not shown or minimised, and on macOS and Windows
//   (which track occlusion) while another window covers it entirely; maximize() shows a
//   hidden window (docs/api/base-window.md).
// - BrowserWindow and Notification cannot be made before ready (electron_api_browser_window.cc,
//   electron_api_notification.cc), nor the session reached (electron_api_session.cc).
// - on Windows app.setBadgeCount draws an overlay on the windows open at that moment only; a
//   window opened later has none until it is set again (shell/browser/browser_win.cc).
// - the session, when it first exists, loads the locale's Hunspell dictionary on Windows and
//   Linux and downloads it from Google's CDN a task later; setSpellCheckerEnabled(false) stops
//   none of it, only emptying the languages in the same turn does (Session::Session calls
//   InitializeDictionaries; Chromium's SpellcheckService::LoadDictionaries does not look at
//   kSpellCheckEnable; setSpellCheckerLanguages sets the list, a new load dropping the old).
// - dialog.showSaveDialog throws before ready ("dialog module can only be used after app is
//   ready") and on a title, defaultPath, buttonLabel, message or nameFieldLabel that is not a
//   string (lib/browser/api/dialog.ts); it resolves { canceled: true, filePath: '' } when the
//   user closes it, else { canceled: false, filePath } (shell/browser/ui/file_dialog_linux.cc,
//   file_dialog_win.cc, file_dialog_mac.mm).

import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MessageBoxOptions,
  SaveDialogOptions,
} from 'electron';
import { dirname, isAbsolute } from 'node:path';
import type { ContextMenuFacts } from '../context-menu';
import type { StateFiles } from '../window-state-file';
import {
  LOCK_FILE,
  parseLockHolder,
  type FolderClaim,
  type LockHolder,
} from '../../disk/folder-lock';
import type {
  AppApi,
  AppPathName,
  AppProtocolHandler,
  DisplayApi,
  ElectronApi,
  FrameApi,
  InvokeEvent,
  IpcMainApi,
  MenuItemSpec,
  NavigationEvent,
  NavigationEventName,
  NotificationApi,
  NotificationOptions,
  PermissionCheckHandler,
  PermissionRequestHandler,
  PreventableEvent,
  ProtocolApi,
  SaveDialogResult,
  ScreenApi,
  SessionApi,
  WebContentsApi,
  WindowApi,
  WindowOpenDenied,
  WindowOpenDetails,
} from '../electron-api';

/** An event whose preventDefault() a test can observe. */
class FakeEvent implements NavigationEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// `never[]`: a listener that also takes more arguments (web-contents-created's contents,
// preload-error's path and error) can be stored; emit() passes them through.
type Listener = (event: FakeEvent, ...rest: never[]) => void;

class Emitter<Name extends string> {
  private readonly listeners = new Map<Name, Listener[]>();

  add(name: Name, listener: Listener, once = false): void {
    const wrapped: Listener = once
      ? (event, ...rest) => {
          this.remove(name, wrapped);
          listener(event, ...rest);
        }
      : listener;
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), wrapped]);
  }

  /** Calls every listener; returns true when one of them called preventDefault(). */
  emit(name: Name, event = new FakeEvent(), ...rest: unknown[]): boolean {
    for (const listener of this.listeners.get(name) ?? []) listener(event, ...(rest as never[]));
    return event.defaultPrevented;
  }

  count(name: Name): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  private remove(name: Name, listener: Listener): void {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((l) => l !== listener),
    );
  }
}

/** What Electron throws for any call on a destroyed window or webContents. */
export const DESTROYED = 'Object has been destroyed';

function destroyedError(): TypeError {
  return new TypeError(DESTROYED);
}

/** The fake app's process id. */
export const APP_PID = 4242;

const fsError = (code: string, path: string): Error =>
  Object.assign(new Error(`${code}: ${path}`), { code });

/**
 * The folders and files the fake's Electron can see (setPath, preload loading), and the app's
 * own files (window-state.json) through the StateFiles operations, failing as node:fs does:
 * reading a folder is EISDIR, renaming what is not there ENOENT.
 */
export class FakeDisk implements StateFiles {
  readonly folders = new Set<string>();
  readonly files = new Map<string, string>();

  addFolder(path: string): void {
    this.folders.add(path);
  }

  addFile(path: string, contents: string): void {
    this.files.set(path, contents);
  }

  read(path: string, maxBytes: number): Uint8Array | null {
    if (this.folders.has(path)) throw fsError('EISDIR', path);
    const text = this.files.get(path);
    return text === undefined ? null : Buffer.from(text).subarray(0, maxBytes + 1);
  }

  write(path: string, text: string): void {
    if (this.folders.has(path)) throw fsError('EISDIR', path);
    this.files.set(path, text);
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.folders.has(path) || this.binaryFiles.has(path);
  }

  /** Files written as bytes (a saved attachment), a copy of what was written. */
  readonly binaryFiles = new Map<string, Uint8Array>();

  /** fs.promises.writeFile of bytes: into a folder that exists, never over a folder. */
  writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    if (this.folders.has(path)) return Promise.reject(fsError('EISDIR', path));
    if (!this.folders.has(dirname(path))) return Promise.reject(fsError('ENOENT', path));
    this.binaryFiles.set(path, bytes.slice());
    return Promise.resolve();
  }

  /** Process ids the fake's machine runs (the app's own among them). */
  readonly livePids = new Set<number>([APP_PID]);

  /**
   * disk/folder-lock.ts's claimFolder over this disk, as strict as the real one: the folder
   * must exist; a lock naming a live process other than ours is held; any other is taken over.
   */
  claimFolder(dir: string, app: LockHolder['app'], pid = APP_PID): FolderClaim {
    if (!this.folders.has(dir)) throw fsError('ENOENT', dir);
    const path = `${dir}/${LOCK_FILE}`;
    const text = this.files.get(path);
    const holder = text === undefined ? null : parseLockHolder(text);
    if (holder !== null && holder.pid !== pid && this.livePids.has(holder.pid)) {
      return { kind: 'held', holder };
    }
    const mine: LockHolder = { pid, app, urls: [] };
    this.files.set(path, JSON.stringify(mine));
    const release = () => {
      if (parseLockHolder(this.files.get(path) ?? '')?.pid === pid) this.files.delete(path);
    };
    const update = (urls: string[]) => this.files.set(path, JSON.stringify({ ...mine, urls }));
    return { kind: 'taken', lock: { path, update, release } };
  }

  rename(from: string, to: string): void {
    const text = this.files.get(from);
    if (this.folders.delete(from)) this.folders.add(to);
    else if (text === undefined) throw fsError('ENOENT', from);
    else {
      this.files.delete(from);
      this.files.set(to, text);
    }
  }
}

/** A preload as esbuild's CommonJS bundle starts (out/preload.cjs). */
export const CJS_PRELOAD = '"use strict";\nvar import_electron = require("electron");\n';

export class FakeFrame implements FrameApi {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

/** What a FakeSession needs to know about the app it belongs to. */
interface SessionHost {
  platform(): NodeJS.Platform;
  isReady(): boolean;
  locale(): string;
}

export class FakeSession implements SessionApi {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  /** Hunspell dictionaries fetched from Google's CDN (the fake's disk never holds one). */
  readonly dictionaryDownloads: string[] = [];
  /** kSpellCheckDictionaries: set from the locale when the session comes to exist. */
  private languages: string[] = [];
  /** The dictionaries LoadDictionaries asked for, still being looked for on disk. */
  private loading: string[] = [];
  private settled: Promise<void> = Promise.resolve();
  private exists = false;

  constructor(private readonly host: SessionHost) {}

  /**
   * Something reached the session (session.defaultSession, protocol.handle, a new window).
   * Electron refuses before ready; the first time, Session's constructor starts loading the
   * locale's dictionary on Windows and Linux, whatever setSpellCheckerEnabled says.
   */
  reach(): this {
    if (!this.host.isReady()) {
      throw new TypeError('Session can only be received when app is ready');
    }
    if (this.exists) return this;
    this.exists = true;
    if (this.host.platform() !== 'darwin') this.languages = [this.host.locale()];
    this.loadDictionaries();
    return this;
  }

  /**
   * SpellcheckService::LoadDictionaries: the dictionaries loading before are dropped, each one
   * in the list is looked for on a file thread and, missing, downloaded in a later task.
   */
  private loadDictionaries(): void {
    const loading = [...this.languages];
    this.loading = loading;
    if (loading.length === 0) return;
    this.settled = new Promise((resolve) =>
      setImmediate(() => {
        // Replaced since (the list changed in the same turn): those objects were destroyed.
        if (this.loading === loading) this.dictionaryDownloads.push(...loading);
        this.loading = [];
        resolve();
      }),
    );
  }

  /** Resolves once every dictionary load started so far has downloaded or been dropped. */
  dictionariesSettled(): Promise<void> {
    return this.settled;
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }

  /** What a page asking for `permission` would be told (Chromium's default is to grant). */
  request(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve));
  }

  check(permission: string): boolean {
    return this.checkHandler ? this.checkHandler(null, permission) : true;
  }

  /** Chromium's default: spelling is checked. Turning it off stops no dictionary load. */
  spellCheckerEnabled = true;

  setSpellCheckerEnabled(enable: boolean): void {
    this.spellCheckerEnabled = enable;
  }

  /** Windows and Linux only (a no-op on macOS); an empty list also turns checking off. */
  setSpellCheckerLanguages(languages: string[]): void {
    if (this.host.platform() === 'darwin') return;
    this.languages = [...languages];
    this.spellCheckerEnabled = languages.length > 0;
    this.loadDictionaries();
  }
}

let nextWebContentsId = 1;

type ContentsEvent = NavigationEventName | 'preload-error' | 'context-menu';

export class FakeWebContents implements WebContentsApi {
  private readonly contentsId = nextWebContentsId++;
  /** The top-level frame; its URL follows loadURL. */
  readonly mainFrame = new FakeFrame('about:blank');
  readonly events = new Emitter<ContentsEvent>();
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenDenied) | null = null;
  destroyed = false;
  /** True once a page ran the preload, so `window.loopchat` exists in it. */
  hasBridge = false;
  /** What the main process sent the page, in order. */
  readonly sent: { channel: string; args: unknown[] }[] = [];

  constructor(private readonly contentsSession: FakeSession) {}

  /** Throws like Electron once the contents are destroyed. */
  protected alive(): void {
    if (this.destroyed) throw destroyedError();
  }

  get id(): number {
    this.alive();
    return this.contentsId;
  }

  get session(): FakeSession {
    this.alive();
    return this.contentsSession;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  on(event: NavigationEventName, listener: (event: NavigationEvent) => void): this;
  on(
    event: 'preload-error',
    listener: (event: unknown, preloadPath: string, error: Error) => void,
  ): this;
  on(event: 'context-menu', listener: (event: unknown, params: ContextMenuFacts) => void): this;
  on(event: ContentsEvent, listener: Listener): this {
    this.alive();
    this.events.add(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenDenied): void {
    this.alive();
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.alive();
    this.sent.push({ channel, args });
  }

  /** Words put in place of a misspelling, in order. */
  readonly replacements: string[] = [];

  replaceMisspelling(word: string): void {
    this.alive();
    this.replacements.push(word);
  }

  /** The user right-clicks in the page. */
  rightClick(params: ContextMenuFacts): void {
    this.events.emit('context-menu', new FakeEvent(), params);
  }

  /**
   * The top-level page navigates (link, location = …); true when the app let it happen. Like
   * Electron, a will-navigate is preceded by will-frame-navigate, which fires for every frame.
   */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const blocked =
      (event === 'will-navigate' && this.events.emit('will-frame-navigate', new FakeEvent(url))) ||
      this.events.emit(event, new FakeEvent(url));
    if (!blocked) this.mainFrame.url = url;
    return !blocked;
  }

  /** An iframe navigates: Electron emits only will-frame-navigate, never will-navigate. */
  navigateSubframe(url: string): boolean {
    return !this.events.emit('will-frame-navigate', new FakeEvent(url));
  }

  /** The page calls window.open(url); without a handler Electron would allow it. */
  windowOpen(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }

  /** An IPC event as if sent by this window's top-level frame (or the given frame). */
  invokeEvent(frame: FakeFrame | null = this.mainFrame): InvokeEvent {
    return { sender: { id: this.contentsId }, senderFrame: frame };
  }

  /** The sandboxed renderer runs the preload as a CommonJS function body, or reports why not. */
  runPreload(preload: string | undefined, sandbox: boolean, disk: FakeDisk): void {
    this.hasBridge = false;
    if (preload === undefined) return;
    // web_contents_preferences.cc: a relative preload is logged and skipped, no event.
    if (!isAbsolute(preload)) return;
    const source = disk.files.get(preload);
    const error =
      source === undefined
        ? Object.assign(new Error(`ENOENT: no such file or directory, open '${preload}'`), {
            code: 'ENOENT',
          })
        : sandbox && /^\s*(import|export)\s/m.test(source)
          ? new SyntaxError('Cannot use import statement outside a module')
          : null;
    if (error) {
      this.events.emit('preload-error', new FakeEvent(), preload, error);
      return;
    }
    this.hasBridge = true;
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    outer.x <= inner.x &&
    outer.y <= inner.y &&
    outer.x + outer.width >= inner.x + inner.width &&
    outer.y + outer.height >= inner.y + inner.height
  );
}

type WindowEvent = 'ready-to-show' | 'closed' | 'close' | 'focus';

/** What a FakeWindow needs from the FakeElectron that made it. */
interface WindowHost {
  readonly session: FakeSession;
  readonly disk: FakeDisk;
  loadError(url: string): Error | null;
  /** True when loads stay pending until the test calls finishLoad(). */
  holdLoads(): boolean;
  /** Moves the window to the top of the stack and gives it focus (blurring the others). */
  raise(window: FakeWindow): void;
  /** Where Electron puts a window whose options give no x/y: centred on the primary display. */
  centred(width: number, height: number): Rect;
  /** The work area of the display a rectangle is on (where a maximised window fills). */
  workAreaOf(rect: Rect): Rect;
  closed(window: FakeWindow): void;
  closeCancelled(): void;
  /** macOS and Windows hide a covered window's page; Linux does not track occlusion. */
  tracksOcclusion(): boolean;
  isCovered(window: FakeWindow): boolean;
}

export class FakeWindow implements WindowApi {
  private readonly contents: FakeWebContents;
  readonly loadedUrls: string[] = [];
  /** Shown (show() or ready-to-show + show()) and not closed. */
  visible = false;
  focused = false;
  minimized = false;
  closed = false;
  maximized = false;
  /** Every flashFrame(flag) call, in order. */
  readonly flashes: boolean[] = [];
  /** Windows: the count drawn over this window's taskbar button (null: none). */
  badgeOverlay: number | null = null;
  /** The normal (unmaximised) bounds. */
  bounds: Rect;
  private readonly events = new Emitter<WindowEvent>();

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly host: WindowHost,
  ) {
    this.contents = new FakeWebContents(host.session);
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    this.bounds =
      options.x !== undefined && options.y !== undefined
        ? { x: options.x, y: options.y, width, height }
        : host.centred(width, height);
  }

  private alive(): void {
    if (this.closed) throw destroyedError();
  }

  get webContents(): FakeWebContents {
    this.alive();
    return this.contents;
  }

  isDestroyed(): boolean {
    return this.closed;
  }

  loadURL(url: string): Promise<void> {
    this.alive();
    this.loadedUrls.push(url);
    const loaded = new Promise<void>((resolve, reject) => {
      this.finishLoad = (error = this.host.loadError(url)) => {
        this.finishLoad = null;
        if (error) return reject(error);
        this.contents.mainFrame.url = url;
        const prefs = this.options.webPreferences;
        this.contents.runPreload(prefs?.preload, prefs?.sandbox ?? true, this.host.disk);
        resolve();
      };
    });
    if (!this.host.holdLoads()) this.finishLoad?.();
    return loaded;
  }

  /** Set while a held load is pending (FakeElectron.holdLoads): ends it, failing with `error`. */
  finishLoad: ((error?: Error | null) => void) | null = null;

  once(event: 'ready-to-show', listener: () => void): this {
    this.alive();
    this.events.add(event, listener, true);
    return this;
  }

  on(event: 'closed' | 'focus', listener: () => void): this;
  on(event: 'close', listener: (event: PreventableEvent) => void): this;
  on(event: WindowEvent, listener: Listener): this {
    this.alive();
    this.events.add(event, listener);
    return this;
  }

  show(): void {
    this.alive();
    this.visible = true;
    this.minimized = false;
    this.host.raise(this);
  }

  focus(): void {
    this.alive();
    this.host.raise(this);
  }

  isFocused(): boolean {
    this.alive();
    return this.focused;
  }

  isMinimized(): boolean {
    this.alive();
    return this.minimized;
  }

  restore(): void {
    this.alive();
    this.minimized = false;
  }

  getBounds(): Rect {
    this.alive();
    return this.maximized ? this.host.workAreaOf(this.bounds) : { ...this.bounds };
  }

  getNormalBounds(): Rect {
    this.alive();
    return { ...this.bounds };
  }

  isMaximized(): boolean {
    this.alive();
    return this.maximized;
  }

  /** Like Electron, this also shows a hidden window, without focusing it (base-window.md). */
  maximize(): void {
    this.alive();
    this.maximized = true;
    this.visible = true;
  }

  flashFrame(flag: boolean): void {
    this.alive();
    this.flashes.push(flag);
  }

  /** The user drags or resizes the window. */
  moveTo(bounds: Rect): void {
    this.alive();
    this.bounds = { ...bounds };
  }

  /** The user minimises the window. */
  minimize(): void {
    this.alive();
    this.minimized = true;
    this.focused = false;
  }

  /** document.visibilityState of its page, as Chromium would report it. */
  get pageVisibility(): 'visible' | 'hidden' {
    if (this.closed || !this.visible || this.minimized) return 'hidden';
    if (!this.host.tracksOcclusion()) return 'visible';
    return !this.maximized && this.host.isCovered(this) ? 'hidden' : 'visible';
  }

  /** The first paint is ready. */
  becomeReady(): void {
    this.events.emit('ready-to-show');
  }

  /** Focus moved here ('focus'); FakeElectron.raise calls it. */
  gainFocus(): void {
    this.focused = true;
    this.events.emit('focus');
  }

  /** The app or the user asks the window to close; a 'close' listener may refuse. */
  close(): void {
    this.alive();
    if (this.events.emit('close')) {
      this.host.closeCancelled();
      return;
    }
    this.closed = true;
    this.visible = false;
    this.focused = false;
    this.contents.destroyed = true;
    this.events.emit('closed');
    this.host.closed(this);
  }
}

type AppEvent = 'window-all-closed' | 'activate' | 'second-instance' | 'before-quit' | 'will-quit';
type ContentsCreatedListener = (event: PreventableEvent, contents: WebContentsApi) => void;

export class FakeApp implements AppApi {
  readonly events = new Emitter<AppEvent>();
  private readonly contentsCreated: ContentsCreatedListener[] = [];
  hasSingleInstanceLock = true;
  isReady = false;
  isPackaged = false;
  /** Browser::is_quitting_: from a quit() that before-quit let through until it is cancelled. */
  quitting = false;
  readonly appData = '/home/user/.config';
  /** What Electron's getPath('downloads') gives: the folder need not exist. */
  readonly downloads = '/home/user/Downloads';
  private userData = '/home/user/.config/Loopchat';
  /** The userData folder at the moment the single-instance lock was asked for. */
  userDataWhenLocked: string | null = null;
  quitCalls = 0;
  exited = false;
  exitCode: number | undefined;
  private markReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  /** FakeElectron provides the windows and the disk. */
  constructor(
    private readonly disk: FakeDisk,
    private readonly openWindowCount: () => number,
    private readonly closeAllWindows: () => void,
    /** Windows draws the badge as an overlay on each window open at the time. */
    private readonly drawOverlays: (count: number) => void = () => undefined,
  ) {
    disk.addFolder(this.appData);
    disk.addFolder(this.userData);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Electron finished initialising ('ready'). */
  fireReady(): void {
    this.isReady = true;
    this.markReady();
  }

  getPath(name: AppPathName): string {
    if (name === 'appData') return this.appData;
    if (name === 'downloads') return this.downloads;
    if (name !== 'userData') throw new Error(`Failed to get '${String(name)}' path`);
    return this.userData;
  }

  setPath(name: AppPathName, path: string): void {
    if (!isAbsolute(path)) throw new Error('Path must be absolute');
    // PathService::OverrideAndCreateIfNeeded(..., create = false) fails for a missing folder.
    if (name !== 'userData' || !this.disk.folders.has(path)) throw new Error('Failed to set path');
    this.userData = path;
  }

  requestSingleInstanceLock(): boolean {
    this.userDataWhenLocked = this.userData;
    return this.hasSingleInstanceLock;
  }

  /** Browser::Quit: before-quit, then close every window; will-quit once none is left. */
  quit(): void {
    this.quitCalls += 1;
    if (this.quitting || this.exited) return;
    if (this.events.emit('before-quit')) return;
    this.quitting = true;
    if (this.openWindowCount() === 0) this.notifyAndShutdown();
    else this.closeAllWindows();
  }

  /** A window closed; Browser::OnWindowAllClosed decides what the last one means. */
  windowClosed(remaining: number): void {
    if (remaining > 0) return;
    if (this.quitting) this.notifyAndShutdown();
    else this.events.emit('window-all-closed');
  }

  /** A 'close' listener refused: Browser::OnWindowCloseCancelled ends the quit. */
  closeCancelled(): void {
    this.quitting = false;
  }

  private notifyAndShutdown(): void {
    if (this.events.emit('will-quit')) {
      this.quitting = false;
      return;
    }
    this.exited = true;
  }

  /** Electron created a webContents (a window's, or a guest's such as a <webview>). */
  emitContentsCreated(contents: WebContentsApi): void {
    for (const listener of this.contentsCreated) listener(new FakeEvent(), contents);
  }

  exit(exitCode = 0): void {
    this.exited = true;
    this.exitCode = exitCode;
  }

  /** The badge as last set; Linux reports failure without a LauncherEntry service. */
  badgeCount = 0;
  badgeSupported = true;

  setBadgeCount(count: number): boolean {
    if (!Number.isSafeInteger(count) || count < 0) throw new TypeError('Invalid badge count');
    if (!this.badgeSupported) return false;
    this.badgeCount = count;
    this.drawOverlays(count);
    return true;
  }

  /** Windows' AppUserModelID as set by the app (null: Electron's default). */
  appUserModelId: string | null = null;
  /** How many windows were open when it was set: those keep the ID they were made with. */
  windowsOpenAtAppUserModelId = 0;

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
    this.windowsOpenAtAppUserModelId = this.openWindowCount();
  }

  locale = 'en-US';

  getLocale(): string {
    return this.locale;
  }

  getName(): string {
    return 'Loopchat';
  }

  getVersion(): string {
    return '0.1.0';
  }

  on(event: AppEvent, listener: (event: PreventableEvent) => void): this;
  on(event: 'web-contents-created', listener: ContentsCreatedListener): this;
  on(event: AppEvent | 'web-contents-created', listener: ContentsCreatedListener): this {
    if (event === 'web-contents-created') this.contentsCreated.push(listener);
    else this.events.add(event, listener);
    return this;
  }
}

export class FakeProtocol implements ProtocolApi {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, AppProtocolHandler>();
  private registered = false;

  constructor(
    private readonly app: FakeApp,
    private readonly session: () => FakeSession,
  ) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.isReady) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    // Documented as "can be called only once"; a second call replaces the first list.
    if (this.registered) throw new Error('registerSchemesAsPrivileged called twice');
    this.registered = true;
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: AppProtocolHandler): void {
    // protocol.handle is session.defaultSession.protocol.handle (lib/browser/api/protocol.ts).
    this.session();
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
}

type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainApi {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  /** What the page's ipcRenderer.invoke resolves with, or rejects with as Electron words it. */
  async invoke(channel: string, event: InvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    try {
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return await handler(event, ...args);
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  }
}

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** `screen`, which Electron refuses before ready (shell/browser/api/electron_api_screen.cc). */
export class FakeScreen implements ScreenApi {
  /** Each display's work area; the first is the primary display. */
  workAreas: Rect[] = [{ x: 0, y: 25, width: 1440, height: 875 }];

  constructor(private readonly app: FakeApp) {}

  private ready(): void {
    if (!this.app.isReady) {
      throw new Error("The 'screen' module can't be used before the app 'ready' event");
    }
  }

  getAllDisplays(): DisplayApi[] {
    this.ready();
    return this.workAreas.map((workArea) => ({ workArea: { ...workArea } }));
  }

  getPrimaryDisplay(): DisplayApi {
    const [primary] = this.getAllDisplays();
    if (!primary) throw new Error('no display');
    return primary;
  }

  getDisplayMatching(rect: Rect): DisplayApi {
    const displays = this.getAllDisplays();
    let best = this.getPrimaryDisplay();
    for (const display of displays) {
      if (overlapArea(display.workArea, rect) > overlapArea(best.workArea, rect)) best = display;
    }
    return best;
  }
}

export class FakeNotification implements NotificationApi {
  shown = false;
  closed = false;
  private readonly events = new Emitter<'click' | 'close'>();

  constructor(readonly options: NotificationOptions) {}

  show(): void {
    this.shown = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.emit('close');
  }

  on(event: 'click' | 'close', listener: () => void): this {
    this.events.add(event, listener);
    return this;
  }

  /** The user clicks the notification. */
  click(): void {
    this.events.emit('click');
  }
}

export class FakeElectron implements ElectronApi {
  readonly disk = new FakeDisk();
  readonly app = new FakeApp(
    this.disk,
    () => this.openWindows.length,
    () => this.closeAll(),
    (count) => {
      // Browser::SetBadgeCount on Windows (browser_win.cc): every window in the list now, and
      // only those; 0 clears the overlay.
      if (this.platform !== 'win32') return;
      for (const window of this.openWindows) window.badgeOverlay = count > 0 ? count : null;
    },
  );
  readonly protocol = new FakeProtocol(this.app, () => this.defaultSession());
  readonly ipcMain = new FakeIpcMain();
  readonly screen = new FakeScreen(this.app);
  readonly session = new FakeSession({
    platform: () => this.platform,
    isReady: () => this.app.isReady,
    locale: () => this.app.locale,
  });
  /** Every notification the app made, in order. */
  readonly notifications: FakeNotification[] = [];
  /** False to play a desktop without a notification service. */
  supportsNotifications = true;
  /** Every window ever created, in order (closed ones included). */
  readonly windows: FakeWindow[] = [];
  /** Open windows, bottom of the stack first. */
  private stack: FakeWindow[] = [];
  menu: MenuItemSpec[] | null = null;
  readonly openedExternally: string[] = [];
  readonly messageBoxes: MessageBoxOptions[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  /** When set, loadURL rejects with what this returns for a URL (null: the load succeeds). */
  loadError: (url: string) => Error | null = () => null;
  /** When true, each load stays pending until the test calls the window's finishLoad(). */
  holdLoads = false;

  constructor(readonly platform: NodeJS.Platform = 'linux') {}

  get openWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.closed);
  }

  /** session.defaultSession, which exists only once the app is ready. */
  defaultSession(): FakeSession {
    return this.session.reach();
  }

  createWindow(options: BrowserWindowConstructorOptions): FakeWindow {
    if (!this.app.isReady) throw new Error('Cannot create BrowserWindow before app is ready');
    // A window's webContents brings its session into being.
    this.session.reach();
    const window = new FakeWindow(options, this.windowHost());
    this.windows.push(window);
    this.stack.push(window);
    if (options.show !== false) window.show();
    this.app.emitContentsCreated(window.webContents);
    return window;
  }

  private windowHost(): WindowHost {
    return {
      session: this.session,
      disk: this.disk,
      loadError: (url) => this.loadError(url),
      holdLoads: () => this.holdLoads,
      raise: (window) => this.raise(window),
      centred: (width, height) => {
        const [area = { x: 0, y: 0, width, height }] = this.screen.workAreas;
        return {
          x: area.x + Math.round((area.width - width) / 2),
          y: area.y + Math.round((area.height - height) / 2),
          width,
          height,
        };
      },
      workAreaOf: (rect) => this.screen.getDisplayMatching(rect).workArea,
      closed: (window) => {
        this.stack = this.stack.filter((w) => w !== window);
        this.app.windowClosed(this.openWindows.length);
      },
      closeCancelled: () => this.app.closeCancelled(),
      tracksOcclusion: () => this.platform === 'darwin' || this.platform === 'win32',
      isCovered: (window) => {
        const above = this.stack.slice(this.stack.indexOf(window) + 1);
        return above.some((w) => w.visible && !w.minimized && contains(w.bounds, window.bounds));
      },
    };
  }

  private raise(window: FakeWindow): void {
    this.stack = [...this.stack.filter((w) => w !== window), window];
    for (const other of this.openWindows) if (other !== window) other.focused = false;
    window.gainFocus();
  }

  /** WindowList::CloseAllWindows: asks each window in turn (macOS: newest first). */
  private closeAll(): void {
    const order = this.platform === 'darwin' ? [...this.openWindows].reverse() : this.openWindows;
    for (const window of order) if (!window.closed) window.close();
  }

  notificationsSupported(): boolean {
    return this.supportsNotifications;
  }

  createNotification(options: NotificationOptions): FakeNotification {
    if (!this.app.isReady) throw new Error('Cannot create Notification before app is ready');
    const notification = new FakeNotification(options);
    this.notifications.push(notification);
    return notification;
  }

  /** Electron creates a webContents that is not a window of ours (a <webview> guest, say). */
  createGuestContents(): FakeWebContents {
    const contents = new FakeWebContents(this.session);
    this.app.emitContentsCreated(contents);
    return contents;
  }

  setApplicationMenu(template: MenuItemSpec[]): void {
    this.menu = template;
  }

  /** Every context menu popped up, with the window it appeared in. */
  readonly popups: { template: MenuItemSpec[]; window: WindowApi }[] = [];

  popupMenu(template: MenuItemSpec[], window: WindowApi): void {
    this.popups.push({ template, window });
  }

  openExternal(url: string): Promise<void> {
    this.openedExternally.push(url);
    return Promise.resolve();
  }

  showMessageBox(options: MessageBoxOptions): Promise<unknown> {
    this.messageBoxes.push(options);
    return Promise.resolve({ response: 0, checkboxChecked: false });
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  /** Every save dialog shown, with the window it was modal to. */
  readonly saveDialogs: { window: WindowApi; options: SaveDialogOptions }[] = [];
  /** The user's answer to a save dialog: a path, or null to close it (the default). */
  saveDialogChoice: (options: SaveDialogOptions) => string | null = () => null;

  showSaveDialog(window: WindowApi, options: SaveDialogOptions): Promise<SaveDialogResult> {
    if (!this.app.isReady) throw new Error('dialog module can only be used after app is ready');
    const strings = [
      ['title', 'Title'],
      ['buttonLabel', 'Button label'],
      ['defaultPath', 'Default path'],
      ['message', 'Message'],
      ['nameFieldLabel', 'Name field label'],
    ] as const;
    for (const [key, label] of strings) {
      const value: unknown = options[key];
      if (value !== undefined && typeof value !== 'string')
        throw new TypeError(`${label} must be a string`);
    }
    this.saveDialogs.push({ window, options });
    const chosen = this.saveDialogChoice(options);
    return Promise.resolve(
      chosen === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: chosen },
    );
  }
}
