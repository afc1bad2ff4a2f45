// A small, typed fake of the Electron APIs in electron-api.ts, for unit tests (after
// electron/fiddle's tests/mocks/electron.ts). It records what the app asked for and lets a
// test play the user or the page: fire ready, navigate, call window.open, close windows,
// quit. It models the behaviour the app relies on, e.g. quit() runs before-quit/will-quit
// and only exits when neither is prevented.

import type { BrowserWindowConstructorOptions, CustomScheme, MessageBoxOptions } from 'electron';
import type {
  AppApi,
  AppProtocolHandler,
  ElectronApi,
  FrameApi,
  InvokeEvent,
  IpcMainApi,
  MenuItemSpec,
  NavigationEvent,
  PermissionCheckHandler,
  PermissionRequestHandler,
  PreventableEvent,
  ProtocolApi,
  SessionApi,
  WebContentsApi,
  WindowApi,
  WindowOpenDenied,
  WindowOpenDetails,
} from './electron-api';

/** An event whose preventDefault() a test can observe. */
class FakeEvent implements NavigationEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type Listener = (event: FakeEvent) => void;

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
  readonly events = new Emitter<'will-navigate' | 'will-redirect'>();
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenDenied) | null = null;

  constructor(readonly session: FakeSession) {}

  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): this {
    this.events.add(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenDenied): void {
    this.windowOpenHandler = handler;
  }

  /** The page navigates (link, location = …); true when the app let it happen. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const allowed = !this.events.emit(event, new FakeEvent(url));
    if (allowed) this.mainFrame.url = url;
    return allowed;
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
  ) {
    this.webContents = new FakeWebContents(session);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
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

export class FakeApp implements AppApi {
  readonly events = new Emitter<AppEvent>();
  hasSingleInstanceLock = true;
  isReady = false;
  quitCalls = 0;
  exited = false;
  exitCode: number | undefined;
  private markReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Electron finished initialising ('ready'). */
  fireReady(): void {
    this.isReady = true;
    this.markReady();
  }

  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }

  /** Like Electron: before-quit, then will-quit; either may cancel by preventDefault(). */
  quit(): void {
    this.quitCalls += 1;
    if (this.exited) return;
    if (this.events.emit('before-quit')) return;
    if (this.events.emit('will-quit')) return;
    this.exited = true;
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

  on(event: AppEvent, listener: (event: PreventableEvent) => void): this {
    this.events.add(event, listener);
    return this;
  }
}

export class FakeProtocol implements ProtocolApi {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, AppProtocolHandler>();
  registeredBeforeReady = false;

  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    // Electron throws when this comes after ready; the fake records it for a test to check.
    this.registeredBeforeReady = !this.app.isReady;
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
  readonly app = new FakeApp();
  readonly protocol = new FakeProtocol(this.app);
  readonly ipcMain = new FakeIpcMain();
  readonly session = new FakeSession();
  /** Every window ever created, in order (closed ones included). */
  readonly windows: FakeWindow[] = [];
  menu: MenuItemSpec[] | null = null;
  readonly openedExternally: string[] = [];
  readonly messageBoxes: MessageBoxOptions[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];

  constructor(readonly platform: NodeJS.Platform = 'linux') {}

  get openWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.closed);
  }

  createWindow(options: BrowserWindowConstructorOptions): FakeWindow {
    const window = new FakeWindow(options, this.session, () => {
      if (this.openWindows.length === 0) this.app.events.emit('window-all-closed');
    });
    this.windows.push(window);
    return window;
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
