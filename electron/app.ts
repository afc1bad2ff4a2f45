// Loopchat's main-process lifecycle: register the app:// scheme, take the single-instance
// lock, start the hub on ready, serve the renderer, answer getConfig, build the menu, open
// the first window, and stop the hub cleanly before quitting. Electron and the hub are
// passed in, so unit tests run all of this against fakes.

import type { HubAddress, HubOptions } from '../hub/hub';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { registerConfigHandler } from './config-ipc';
import type { ElectronApi } from './electron-api';
import { buildMenuTemplate } from './menu';
import { APP_ORIGIN, APP_SCHEME, APP_START_URL, createOriginCheck } from './origins';
import { stopHubBeforeQuit } from './quit-guard';
import { dataDirFrom, readSettings, type Env } from './settings';
import { hardenWebContents, WindowRegistry } from './windows';

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
  log(line: string): void;
}

export interface RunningLoopchat {
  hubAddress: HubAddress;
  windows: WindowRegistry;
}

/**
 * The data folder first (the single-instance lock lives in userData, so each data folder is its
 * own instance: the e2e spec's temp folder never meets `npm start` or an installed copy), then
 * the lock. False when another instance holds it.
 */
function claimInstance(electron: ElectronApi, deps: LoopchatDeps): boolean {
  const { app } = electron;
  const dataDir = dataDirFrom(deps.argv, deps.env, deps.cwd);
  if (dataDir) {
    deps.ensureDir(dataDir);
    app.setPath('userData', dataDir);
  }
  if (app.requestSingleInstanceLock()) return true;
  // The running instance gets 'second-instance' and shows a window; this one just leaves.
  app.quit();
  return false;
}

/** Every webContents, not only our windows': a <webview> or devtools-opened page too. */
function hardenEveryWebContents(
  electron: ElectronApi,
  isTrusted: (origin: string) => boolean,
  log: (line: string) => void,
): void {
  electron.app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
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
  if (!claimInstance(electron, deps)) return null;

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
  stopHubBeforeQuit(app, { stopHub: () => hub.stop(), log });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the dock icon re-opens one ('activate').
    if (electron.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  const hubAddress = await startHubOrExit(electron, hub, log);
  if (!hubAddress) return null;

  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(deps.rendererDir, hubAddress.port));
  const windows = new WindowRegistry({
    electron,
    preloadPath: deps.preloadPath,
    startUrl: settings.devServer?.url ?? APP_START_URL,
    log,
  });
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

  windows.openWindow();
  return { hubAddress, windows };
}
