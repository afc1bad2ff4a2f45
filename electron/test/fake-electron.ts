// A small, typed fake of the Electron APIs in electron-api.ts, for unit tests (after
// electron/fiddle's tests/mocks/electron.ts). It records what the app asked for and lets a
// test play the user or the page: fire ready, navigate, call window.open, close windows,
// quit. It fails where Electron fails, so a test cannot pass on behaviour Electron would
// refuse: registerSchemesAsPrivileged after ready throws, setPath wants an absolute path,
// quit() closes the windows between before-quit and will-quit without a window-all-closed,
// and loadURL can reject.

import type { BrowserWindowConstructorOptions, CustomScheme, MessageBoxOptions } from 'electron';
import { isAbsolute } from 'node:path';
import type {
  AppApi,
  AppPathName,
  AppProtocolHandler,
  ElectronApi,
  FrameApi,
  InvokeEvent,
  IpcMainApi,
  MenuItemSpec,
  NavigationEvent,
  NavigationEventName,
  PermissionCheckHandler,
  PermissionRequestHandler,
  PreventableEvent,
  ProtocolApi,
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

// `never[]`: a listener that also takes a second argument (web-contents-created's contents)
// can be stored; the Emitter itself only ever passes the event.
type Listener = (event: FakeEvent, ...rest: never[]) => void;

class Emitter<Name extends string> {
  private readonly listeners = new Map<Name, Listener[]>();

  add(name: Name, listener: Listener, once = false): void {
    const wrapped: Listener = once
      ? (event) => {
          this.remove(name, wrapped);
          listener(event);
        }
      : listener;
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), wrapped]);
  }

  /** Calls every listener; returns true when one of them called preventDefault(). */
  emit(name: Name, event = new FakeEvent()): boolean {
    for (const listener of this.listeners.get(name) ?? []) listener(event);
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

export class FakeFrame implements FrameApi {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

export class FakeSession implements SessionApi {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;

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
}

let nextWebContentsId = 1;

export class FakeWebContents implements WebContentsApi {
  readonly id = nextWebContentsId++;
  /** The top-level frame; its URL follows loadURL. */
  readonly mainFrame = new FakeFrame('about:blank');
  readonly events = new Emitter<NavigationEventName>();
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenDenied) | null = null;

  constructor(readonly session: FakeSession) {}

  on(event: NavigationEventName, listener: (event: NavigationEvent) => void): this {
    this.events.add(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenDenied): void {
    this.windowOpenHandler = handler;
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
    return { sender: { id: this.id }, senderFrame: frame };
  }
}

export class FakeWindow implements WindowApi {
  readonly webContents: FakeWebContents;
  readonly loadedUrls: string[] = [];
  visible = false;
  focused = false;
  minimized = false;
  closed = false;
  private readonly events = new Emitter<'ready-to-show' | 'closed'>();

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    session: FakeSession,
    private readonly onClosed: (window: FakeWindow) => void,
    private readonly loadError: (url: string) => Error | null = () => null,
  ) {
    this.webContents = new FakeWebContents(session);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    const error = this.loadError(url);
    if (error) return Promise.reject(error);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  once(event: 'ready-to-show', listener: () => void): this {
    this.events.add(event, listener, true);
    return this;
  }

  on(event: 'closed', listener: () => void): this {
    this.events.add(event, listener);
    return this;
  }

  show(): void {
    this.visible = true;
  }

  focus(): void {
    this.focused = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  /** The first paint is ready. */
  becomeReady(): void {
    this.events.emit('ready-to-show');
  }

  /** The user closes the window. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.visible = false;
    this.events.emit('closed');
    this.onClosed(this);
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
  /** True from the moment quit() closes the windows. */
  quitting = false;
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

  /** Closes every window when quitting (FakeElectron provides it). */
  constructor(private readonly closeAllWindows: () => void = () => undefined) {}

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Electron finished initialising ('ready'). */
  fireReady(): void {
    this.isReady = true;
    this.markReady();
  }

  getPath(name: AppPathName): string {
    if (name !== 'userData') throw new Error(`Failed to get '${String(name)}' path`);
    return this.userData;
  }

  setPath(name: AppPathName, path: string): void {
    if (name !== 'userData') throw new Error(`Failed to set path '${String(name)}'`);
    if (!isAbsolute(path)) throw new Error('Path must be absolute');
    this.userData = path;
  }

  requestSingleInstanceLock(): boolean {
    this.userDataWhenLocked = this.userData;
    return this.hasSingleInstanceLock;
  }

  /**
   * Like Electron: before-quit, then every window closes (no window-all-closed), then
   * will-quit; before-quit or will-quit may cancel by preventDefault().
   */
  quit(): void {
    this.quitCalls += 1;
    if (this.exited) return;
    if (this.events.emit('before-quit')) return;
    this.quitting = true;
    this.closeAllWindows();
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

  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.isReady) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: AppProtocolHandler): void {
    this.handlers.set(scheme, handler);
  }
}

export class FakeIpcMain implements IpcMainApi {
  readonly handlers = new Map<string, (event: InvokeEvent) => unknown>();

  handle(channel: string, listener: (event: InvokeEvent) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  /** Like ipcRenderer.invoke: a throwing handler becomes a rejected promise. */
  async invoke(channel: string, event: InvokeEvent): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event);
  }
}

export class FakeElectron implements ElectronApi {
  readonly app = new FakeApp(() => this.openWindows.forEach((window) => window.close()));
  readonly protocol = new FakeProtocol(this.app);
  readonly ipcMain = new FakeIpcMain();
  readonly session = new FakeSession();
  /** Every window ever created, in order (closed ones included). */
  readonly windows: FakeWindow[] = [];
  menu: MenuItemSpec[] | null = null;
  readonly openedExternally: string[] = [];
  readonly messageBoxes: MessageBoxOptions[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  /** When set, loadURL rejects with what this returns for a URL (null: the load succeeds). */
  loadError: (url: string) => Error | null = () => null;

  constructor(readonly platform: NodeJS.Platform = 'linux') {}

  get openWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.closed);
  }

  createWindow(options: BrowserWindowConstructorOptions): FakeWindow {
    const window = new FakeWindow(
      options,
      this.session,
      () => {
        // Windows closed by quit() do not count: Electron is already quitting.
        if (this.openWindows.length === 0 && !this.app.quitting) {
          this.app.events.emit('window-all-closed');
        }
      },
      (url) => this.loadError(url),
    );
    this.windows.push(window);
    this.app.emitContentsCreated(window.webContents);
    return window;
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
}
