// Starts Loopchat's main process against the strict fake Electron and a fake hub, the way
// main.ts starts it against the real ones. Shared by the main-process unit tests.

import { expect } from 'vitest';
import type { HubAddress, HubOptions } from '../../hub/hub';
import { CONFIG_CHANNEL, type WindowConfig } from '../../protocol/bridge';
import { startLoopchat, type HubControl } from '../app';
import { findMenuItem } from '../menu';
import { CJS_PRELOAD, FakeElectron, type FakeFrame, type FakeWindow } from './fake-electron';

export const TOKEN = 'a1'.repeat(32);
export const PRELOAD = '/opt/loopchat/out/preload.cjs';
export const HUB: HubAddress = {
  port: 8123,
  url: 'ws://127.0.0.1:8123',
  pageUrl: 'http://127.0.0.1:8123/',
};

/** Stands in for hub/hub.ts; stop() can be held open to watch the app wait. */
export class FakeHub implements HubControl {
  options: HubOptions | undefined;
  startCalls = 0;
  stopCalls = 0;
  failStart: Error | null = null;
  private releaseStop: () => void = () => undefined;
  private stopped: Promise<void> = Promise.resolve();

  start(): Promise<HubAddress> {
    this.startCalls += 1;
    return this.failStart ? Promise.reject(this.failStart) : Promise.resolve(HUB);
  }

  stop(): Promise<void> {
    this.stopCalls += 1;
    return this.stopped;
  }

  /** From now on stop() stays pending until finishStop(). */
  holdStop(): void {
    this.stopped = new Promise((resolve) => {
      this.releaseStop = resolve;
    });
  }

  finishStop(): void {
    this.releaseStop();
  }
}

export interface LaunchOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string>;
  argv?: string[];
  hub?: FakeHub;
  hasLock?: boolean;
  /** Tokens handed out in order (the chat token first, then the console's). */
  tokens?: string[];
  /** Set up the fake before startLoopchat runs (e.g. make loads fail). */
  prepare?: (electron: FakeElectron) => void;
}

export function begin(options: LaunchOptions = {}) {
  const { platform = 'linux', env = {}, argv = [], hub = new FakeHub(), hasLock = true } = options;
  const electron = new FakeElectron(platform);
  electron.app.hasSingleInstanceLock = hasLock;
  electron.disk.addFile(PRELOAD, CJS_PRELOAD);
  options.prepare?.(electron);
  const logs: string[] = [];
  const madeDirs: string[] = [];
  const tokens = options.tokens ? [...options.tokens] : [];
  const started = startLoopchat(electron, {
    createHub: (hubOptions) => {
      hub.options = hubOptions;
      return hub;
    },
    createToken: () => tokens.shift() ?? TOKEN,
    rendererDir: '/opt/loopchat/out/renderer',
    preloadPath: PRELOAD,
    env,
    argv,
    cwd: '/home/ada',
    ensureDir: (path) => {
      madeDirs.push(path);
      electron.disk.addFolder(path);
    },
    files: electron.disk,
    claimFolder: (dir) => electron.disk.claimFolder(dir, 'desktop'),
    writeFile: (path, bytes) => electron.disk.writeBytes(path, bytes),
    log: (line) => logs.push(line),
  });
  return { electron, hub, logs, madeDirs, started };
}

export async function launch(options: LaunchOptions = {}) {
  const launched = begin(options);
  launched.electron.app.fireReady();
  const running = await launched.started;
  return { ...launched, running };
}

export function onlyWindow(electron: FakeElectron): FakeWindow {
  expect(electron.openWindows).toHaveLength(1);
  const [window] = electron.openWindows;
  if (!window) throw new Error('no window');
  return window;
}

export function clickMenu(electron: FakeElectron, label: string): void {
  const item = findMenuItem(electron.menu ?? [], (i) => i.label === label);
  if (!item?.click) throw new Error(`no clickable menu item "${label}"`);
  item.click();
}

/** What the window's page gets from window.loopchat.getConfig(). */
export function getConfig(electron: FakeElectron, window: FakeWindow, frame?: FakeFrame | null) {
  return electron.ipcMain.invoke(
    CONFIG_CHANNEL,
    window.webContents.invokeEvent(frame),
  ) as Promise<WindowConfig>;
}
