import { describe, expect, it } from 'vitest';
import { CONFIG_CHANNEL, type WindowConfig } from '../protocol/bridge';
import { startLoopchat, type HubControl } from './app';
import { FakeElectron, type FakeWindow } from './test/fake-electron';
import type { HubAddress, HubOptions } from '../hub/hub';
import { findMenuItem } from './menu';

const TOKEN = 'b2'.repeat(32);
const CONSOLE_TOKEN = 'c3'.repeat(32);
const HUB: HubAddress = {
  port: 8123,
  url: 'ws://127.0.0.1:8123',
  pageUrl: 'http://127.0.0.1:8123/',
};

const hub: HubControl = { start: () => Promise.resolve(HUB), stop: () => Promise.resolve() };
const hubOptions: HubOptions[] = [];

async function launch(env: Record<string, string> = {}) {
  const electron = new FakeElectron('linux');
  // The app asks for the chat token first, then the console's.
  const tokens = [TOKEN, CONSOLE_TOKEN];
  const started = startLoopchat(electron, {
    createHub: (options) => {
      hubOptions.push(options);
      return hub;
    },
    createToken: () => tokens.shift() ?? 'ff'.repeat(32),
    rendererDir: '/opt/loopchat/out/renderer',
    preloadPath: '/opt/loopchat/out/preload.cjs',
    env,
    argv: [],
    cwd: '/home/user',
    ensureDir: () => undefined,
    log: () => undefined,
  });
  electron.app.fireReady();
  await started;
  return electron;
}

function openConsole(electron: FakeElectron): void {
  const view = findMenuItem(electron.menu ?? [], (i) => i.label === 'View');
  const item = findMenuItem(view?.submenu ?? [], (i) => i.label === 'Server Console');
  if (!item?.click) throw new Error('no View > Server Console item');
  item.click();
}

const consoleWindows = (electron: FakeElectron): FakeWindow[] =>
  electron.openWindows.filter((w) => w.loadedUrls.some((u) => u.endsWith('/console.html')));

describe('View > Server Console', () => {
  it('opens the console page in a window with the same secure webPreferences', async () => {
    const electron = await launch();
    openConsole(electron);
    const [chat] = electron.openWindows;
    const [console] = consoleWindows(electron);
    if (!chat || !console) throw new Error('expected a chat window and a console window');
    expect(console.loadedUrls).toEqual(['app://loopchat/console.html']);
    expect(console.options.webPreferences).toEqual(chat.options.webPreferences);
    expect(console.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(console.options.title).toBe('Loopchat Server Console');
    console.becomeReady();
    expect(console.visible).toBe(true);
  });

  it('keeps one console window: a second click brings it forward', async () => {
    const electron = await launch();
    openConsole(electron);
    const [console] = consoleWindows(electron);
    if (!console) throw new Error('no console window');
    console.minimized = true;
    openConsole(electron);
    expect(consoleWindows(electron)).toHaveLength(1);
    expect(console.minimized).toBe(false);
    expect(console.focused).toBe(true);

    console.close();
    openConsole(electron);
    expect(consoleWindows(electron)).toHaveLength(1);
    expect(consoleWindows(electron)[0]).not.toBe(console);
  });

  it('gives only the console window the console token, and nothing once it is closed', async () => {
    const electron = await launch();
    openConsole(electron);
    const [chat] = electron.openWindows;
    const [console] = consoleWindows(electron);
    if (!chat || !console) throw new Error('expected a chat window and a console window');
    const ask = (window: FakeWindow) =>
      electron.ipcMain.invoke(
        CONFIG_CHANNEL,
        window.webContents.invokeEvent(),
      ) as Promise<WindowConfig>;
    const chatConfig = await ask(chat);
    expect(chatConfig).toMatchObject({ hubUrl: HUB.url, token: TOKEN });
    expect(JSON.stringify(chatConfig)).not.toContain(CONSOLE_TOKEN);
    const consoleConfig = await ask(console);
    expect(consoleConfig).toMatchObject({ hubUrl: HUB.url, token: CONSOLE_TOKEN });
    expect(JSON.stringify(consoleConfig)).not.toContain(TOKEN);
    // The hub holds the console to that same token.
    expect(hubOptions.at(-1)).toMatchObject({ token: TOKEN, consoleToken: CONSOLE_TOKEN });
    console.close();
    await expect(ask(console)).rejects.toThrow('not a Loopchat window');
  });

  it('keeps the console on our pages like any window', async () => {
    const electron = await launch();
    openConsole(electron);
    const [console] = consoleWindows(electron);
    if (!console) throw new Error('no console window');
    expect(console.webContents.navigate('https://evil.example/')).toBe(false);
    expect(console.webContents.windowOpen('app://loopchat/index.html')).toBe('deny');
  });

  it('loads the console from the Vite dev server in development', async () => {
    const electron = await launch({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173' });
    openConsole(electron);
    expect(consoleWindows(electron)[0]?.loadedUrls).toEqual(['http://127.0.0.1:5173/console.html']);
  });
});
