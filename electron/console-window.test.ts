import { describe, expect, it } from 'vitest';
import { CONFIG_CHANNEL, type WindowConfig } from '../protocol/bridge';
import { findMenuItem } from './menu';
import type { FakeElectron, FakeWindow } from './test/fake-electron';
import type { InvokeEvent } from './electron-api';
import { FakeHub, HUB, launch as launchLoopchat } from './test/launch-loopchat';

const TOKEN = 'b2'.repeat(32);
const CONSOLE_TOKEN = 'c3'.repeat(32);

const hub = new FakeHub();

async function launch(env: Record<string, string> = {}) {
  const launched = await launchLoopchat({ env, hub, tokens: [TOKEN, CONSOLE_TOKEN] });
  return launched.electron;
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
    const ask = (event: InvokeEvent) =>
      electron.ipcMain.invoke(CONFIG_CHANNEL, event) as Promise<WindowConfig>;
    const fromConsole = console.webContents.invokeEvent();
    const chatConfig = await ask(chat.webContents.invokeEvent());
    expect(chatConfig).toMatchObject({ hubUrl: HUB.url, token: TOKEN });
    expect(JSON.stringify(chatConfig)).not.toContain(CONSOLE_TOKEN);
    const consoleConfig = await ask(fromConsole);
    expect(consoleConfig).toMatchObject({ hubUrl: HUB.url, token: CONSOLE_TOKEN });
    expect(JSON.stringify(consoleConfig)).not.toContain(TOKEN);
    // The hub holds the console to that same token.
    expect(hub.options).toMatchObject({ token: TOKEN, consoleToken: CONSOLE_TOKEN });
    console.close();
    await expect(ask(fromConsole)).rejects.toThrow('not a Loopchat window');
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
