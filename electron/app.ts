// Loopchat's main-process lifecycle: register the app:// scheme, take the single-instance
// lock, start the hub on ready, serve the renderer, answer getConfig, build the menu, open
// the first window, and stop the hub cleanly before quitting. Electron and the hub are
// passed in, so unit tests run all of this against fakes.

import { join } from 'node:path';
import { alreadyRunningLines, type FolderClaim, type FolderLock } from '../disk/folder-lock';
import type { HubAddress, HubOptions } from '../hub/hub';
import { claimAppIdentity } from './app-identity';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { Attention, registerAttentionHandlers } from './attention';
import { registerConfigHandler } from './config-ipc';
import { registerSaveFileHandler } from './save-file';
import { contextMenuTemplate } from './context-menu';
import type { ElectronApi } from './electron-api';
import { buildMenuTemplate } from './menu';
import { menuLanguage, type MenuLanguage } from './menu-text';
import { APP_ORIGIN, APP_SCHEME, APP_START_URL, createOriginCheck } from './origins';
import { stopHubBeforeQuit } from './quit-guard';
import { keepDictionariesLocal, spellcheckFromOs } from './spelling';
import { DEV_DATA_FOLDER, dataDirFrom, readSettings, type Env } from './settings';
import {
  readWindowState,
  WINDOW_STATE_FILE,
  writeWindowState,
  type StateFiles,
} from './window-state-file';
import { hardenWebContents, WindowRegistry, type OpenWindow } from './windows';

/** The part of the hub the app drives (hub/hub.ts implements it). */
export interface HubControl {
  start(): Promise<HubAddress>;
  stop(): Promise<void>;
}

export interface LoopchatDeps {
  createHub(options: HubOptions): HubControl;
  createToken(): string;
  /** The built renderer (out/renderer), served at app://loopchat/. */
  rendererDir: string;
  /** The CommonJS preload bundle (out/preload.cjs). */
  preloadPath: string;
  env: Env;
  /** process.argv, read for --data-dir=DIR. */
  argv: readonly string[];
  cwd: string;
  /** Creates a folder (and its parents) if missing: Electron's setPath wants one that exists. */
  ensureDir(path: string): void;
  /** window-state.json's reading, writing and setting aside. */
  files: StateFiles;
  /**
   * Takes the data folder's lock (disk/folder-lock.ts), the one browser mode takes too: the
   * single-instance lock only keeps out other copies of the app, not `npm run web`.
   */
  claimFolder(dir: string): FolderClaim;
  /** Writes a file the user saved from a window (save-file.ts), whole. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  log(line: string): void;
}

export interface RunningLoopchat {
  hubAddress: HubAddress;
  windows: WindowRegistry;
}

/**
 * The data folder first (the single-instance lock lives in userData, so each data folder is its
 * own instance: the e2e spec's temp folder never meets `npm start` or an installed copy), then
 * the lock, then the folder's own lock, which browser mode takes as well. Null when another
 * instance holds either. A run from the sources (`npm start`) has a folder of its own beside
 * the installed app's, so the two never share history or the lock.
 */
function claimInstance(electron: ElectronApi, deps: LoopchatDeps): FolderLock | null {
  const { app } = electron;
  const dataDir =
    dataDirFrom(deps.argv, deps.env, deps.cwd) ??
    (app.isPackaged ? null : join(app.getPath('appData'), DEV_DATA_FOLDER));
  if (dataDir) {
    deps.ensureDir(dataDir);
    app.setPath('userData', dataDir);
  }
  if (!app.requestSingleInstanceLock()) {
    // The running instance gets 'second-instance' and shows a window; this one just leaves.
    app.quit();
    return null;
  }
  const folder = app.getPath('userData');
  const claim = deps.claimFolder(folder);
  if (claim.kind === 'taken') return claim.lock;
  // Browser mode has this folder: say where it is rather than open the same history twice.
  const [first = '', ...links] = alreadyRunningLines(folder, claim.holder);
  deps.log(`[app] ${first}`);
  electron.showErrorBox('Loopchat is already running', [first, ...links].join('\n'));
  app.quit();
  return null;
}

/** Every webContents, not only our windows': a <webview> or devtools-opened page too. */
function hardenEveryWebContents(
  electron: ElectronApi,
  isTrusted: (origin: string) => boolean,
  log: (line: string) => void,
): void {
  electron.app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      spellcheckFromOs: spellcheckFromOs(electron.platform),
      isTrusted,
      openExternal: (url) => electron.openExternal(url),
      log,
    });
  });
}

/** The hub's address, or null after telling the user why it did not start (and exiting). */
async function startHubOrExit(
  electron: ElectronApi,
  hub: HubControl,
  log: (line: string) => void,
): Promise<HubAddress | null> {
  try {
    return await hub.start();
  } catch (err) {
    log(`[app] the hub could not start: ${String(err)}`);
    electron.showErrorBox('Loopchat could not start', `The chat hub did not start: ${String(err)}`);
    electron.app.exit(1);
    return null;
  }
}

function installMenu(
  electron: ElectronApi,
  windows: WindowRegistry,
  hubUrl: string,
  log: (line: string) => void,
): void {
  const { app } = electron;
  const appName = app.getName();
  electron.setApplicationMenu(
    buildMenuTemplate({
      platform: electron.platform,
      language: menuLanguage(app.getLocale()),
      appName,
      isPackaged: app.isPackaged,
      newWindow: () => windows.openWindow(),
      openServerConsole: () => windows.openConsole(),
      showAbout: () => {
        electron
          .showMessageBox({
            type: 'info',
            title: `About ${appName}`,
            message: `${appName} ${app.getVersion()}`,
            detail: `A chat that shows how WebSockets behave.\nHub: ${hubUrl}`,
            buttons: ['OK'],
          })
          .catch((err: unknown) => log(`[app] about dialog failed: ${String(err)}`));
      },
    }),
  );
}

/**
 * Starts Loopchat. Resolves once the first window is open, or with null when the app is
 * not going to run (another instance holds the lock, or the hub could not start).
 */
export async function startLoopchat(
  electron: ElectronApi,
  deps: LoopchatDeps,
): Promise<RunningLoopchat | null> {
  const { app } = electron;
  const { log } = deps;

  // Only allowed before `ready`, so this must run before the first await.
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  const lock = claimInstance(electron, deps);
  if (!lock) return null;
  claimAppIdentity(app, electron.platform);

  const settings = readSettings(deps.env, log);
  const devOrigins = settings.devServer ? [settings.devServer.origin] : [];
  const trustedOrigins = [APP_ORIGIN, ...devOrigins];
  const isTrusted = createOriginCheck(trustedOrigins);
  // Two capabilities: windows chat with `token`; only the console window gets `consoleToken`.
  const token = deps.createToken();
  const consoleToken = deps.createToken();
  const hub = deps.createHub({
    token,
    consoleToken,
    allowedOrigins: trustedOrigins,
    port: settings.port,
    pushIntervalMs: settings.pushIntervalMs,
    log,
  });

  hardenEveryWebContents(electron, isTrusted, log);
  // The folder is free again only once the hub has stopped writing to it.
  stopHubBeforeQuit(app, { stopHub: () => hub.stop().finally(() => lock.release()), log });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the dock icon re-opens one ('activate').
    if (electron.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  // First, in this turn: the session made here would otherwise start a dictionary download.
  keepDictionariesLocal(electron);
  const hubAddress = await startHubOrExit(electron, hub, log);
  if (!hubAddress) {
    lock.release();
    return null;
  }

  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(deps.rendererDir, hubAddress.port));
  const windows = openWindows(electron, deps, settings.devServer?.url ?? APP_START_URL, isTrusted);
  registerConfigHandler(electron.ipcMain, {
    hubUrl: hubAddress.url,
    token,
    consoleToken,
    slotFor: (id) => windows.slotFor(id),
    isTrusted,
  });
  installMenu(electron, windows, hubAddress.url, log);

  app.on('activate', () => {
    if (windows.count === 0) windows.openWindow();
  });
  app.on('second-instance', () => {
    if (!windows.focusLatest()) windows.openWindow();
  });

  return { hubAddress, windows };
}

/**
 * The window registry with what follows each window (notifications, badge, context menu,
 * saved positions), and the windows of the last session reopened, or one new window.
 */
function openWindows(
  electron: ElectronApi,
  deps: LoopchatDeps,
  startUrl: string,
  isTrusted: (url: string) => boolean,
): WindowRegistry {
  const { app } = electron;
  const { log, files } = deps;
  const statePath = join(app.getPath('userData'), WINDOW_STATE_FILE);
  const language = menuLanguage(app.getLocale());
  let attention: Attention | null = null;
  const windows = new WindowRegistry({
    electron,
    preloadPath: deps.preloadPath,
    startUrl,
    log,
    onLayout: (layout) => writeWindowState(files, statePath, layout, log),
    onOpened: (opened) => {
      attention?.track(opened);
      installContextMenu(electron, opened, language);
    },
  });
  attention = new Attention({ electron, windows, log });
  const senders = { slotFor: (id: number) => windows.slotFor(id), isTrusted };
  registerAttentionHandlers(electron.ipcMain, attention, windows, senders);
  registerSaveFileHandler(electron.ipcMain, {
    electron,
    downloadsFolder: () => app.getPath('downloads'),
    windows,
    senders,
    writeFile: deps.writeFile,
    log,
  });
  // Before the windows close, while they can still say where they are.
  app.on('before-quit', () => windows.quit());
  if (windows.restore(readWindowState(files, statePath, log)) === 0) windows.openWindow();
  return windows;
}

function installContextMenu(electron: ElectronApi, opened: OpenWindow, language: MenuLanguage) {
  const { window } = opened;
  const contents = window.webContents;
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, language, (word) =>
      contents.replaceMisspelling(word),
    );
    if (template.length > 0) electron.popupMenu(template, window);
  });
}
