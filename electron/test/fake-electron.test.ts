// The fake refuses what Electron refuses (see the list at the top of fake-electron.ts), so a
// main-process test cannot pass on behaviour the real app would never see.

import { describe, expect, it } from 'vitest';
import { CJS_PRELOAD, FakeElectron } from './fake-electron';

const PRELOAD = '/app/out/preload.cjs';

/** A fake whose app is ready, as it must be before any window exists. */
function readyElectron(platform?: NodeJS.Platform): FakeElectron {
  const electron = new FakeElectron(platform);
  electron.app.fireReady();
  return electron;
}

function windowWithPreload(electron: FakeElectron, preload: string, sandbox = true) {
  const window = electron.createWindow({ show: false, webPreferences: { preload, sandbox } });
  const errors: string[] = [];
  window.webContents.on('preload-error', (_event, path, error) =>
    errors.push(`${path}: ${error.message}`),
  );
  return { window, errors };
}

describe('the strict fake Electron', () => {
  it('setPath wants an absolute path to a folder that exists', () => {
    const { app, disk } = new FakeElectron();
    expect(() => app.setPath('userData', 'relative/dir')).toThrow('Path must be absolute');
    expect(() => app.setPath('userData', '/no/such/dir')).toThrow('Failed to set path');
    disk.addFolder('/no/such/dir');
    app.setPath('userData', '/no/such/dir');
    expect(app.getPath('userData')).toBe('/no/such/dir');
  });

  it('protocol.handle only after ready and once per scheme', async () => {
    const { app, protocol } = new FakeElectron();
    const handler = () => Promise.resolve(new Response('x'));
    expect(() => protocol.handle('app', handler)).toThrow('when app is ready');
    app.fireReady();
    protocol.handle('app', handler);
    expect(() => protocol.handle('app', handler)).toThrow('Failed to register protocol: app');
  });

  it('registerSchemesAsPrivileged once, before ready', () => {
    const { app, protocol } = new FakeElectron();
    protocol.registerSchemesAsPrivileged([{ scheme: 'app' }]);
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'b' }])).toThrow('twice');
    app.fireReady();
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'c' }])).toThrow('before app');
  });

  it('quit() ignores repeats while quitting and a window refusing to close cancels it', () => {
    const electron = readyElectron();
    const { app } = electron;
    const first = electron.createWindow({});
    const second = electron.createWindow({});
    let beforeQuit = 0;
    app.on('before-quit', () => (beforeQuit += 1));
    let refuse = true;
    second.on('close', (event) => {
      if (refuse) event.preventDefault();
    });
    app.quit();
    expect(first.isDestroyed()).toBe(true);
    expect(second.isDestroyed()).toBe(false);
    expect(app.exited).toBe(false);
    // The cancelled quit is over: a new quit starts again from before-quit.
    refuse = false;
    app.quit();
    expect(beforeQuit).toBe(2);
    expect(app.exited).toBe(true);
  });

  it('a repeated quit() while windows are closing does nothing', () => {
    const electron = readyElectron();
    const window = electron.createWindow({});
    let beforeQuit = 0;
    electron.app.on('before-quit', () => (beforeQuit += 1));
    window.on('closed', () => electron.app.quit());
    electron.app.quit();
    expect(beforeQuit).toBe(1);
    expect(electron.app.exited).toBe(true);
  });

  it("a closed window's webContents is destroyed", () => {
    const electron = readyElectron();
    const window = electron.createWindow({});
    const contents = window.webContents;
    window.close();
    expect(contents.isDestroyed()).toBe(true);
    expect(() => contents.id).toThrow('Object has been destroyed');
    expect(() => window.focus()).toThrow('Object has been destroyed');
    expect(() => window.webContents).toThrow('Object has been destroyed');
  });

  it('ipc errors arrive worded as Electron words them', async () => {
    const electron = readyElectron();
    const contents = electron.createWindow({}).webContents;
    electron.ipcMain.handle('ch', () => {
      throw new RangeError('nope');
    });
    expect(() => electron.ipcMain.handle('ch', () => 1)).toThrow('second handler');
    await expect(electron.ipcMain.invoke('ch', contents.invokeEvent())).rejects.toThrow(
      "Error invoking remote method 'ch': RangeError: nope",
    );
    await expect(electron.ipcMain.invoke('other', contents.invokeEvent())).rejects.toThrow(
      "Error invoking remote method 'other': Error: No handler registered for 'other'",
    );
  });

  it('runs a CommonJS preload; a missing one or ESM under the sandbox is a preload-error', async () => {
    const electron = readyElectron();
    electron.disk.addFile(PRELOAD, CJS_PRELOAD);
    electron.disk.addFile('/app/out/preload.mjs', "import { contextBridge } from 'electron';\n");

    const good = windowWithPreload(electron, PRELOAD);
    await good.window.loadURL('app://loopchat/index.html');
    expect(good.errors).toEqual([]);
    expect(good.window.webContents.hasBridge).toBe(true);

    const missing = windowWithPreload(electron, '/app/out/gone.cjs');
    await missing.window.loadURL('app://loopchat/index.html');
    expect(missing.errors).toEqual([expect.stringContaining('ENOENT')]);
    expect(missing.window.webContents.hasBridge).toBe(false);

    const esm = windowWithPreload(electron, '/app/out/preload.mjs');
    await esm.window.loadURL('app://loopchat/index.html');
    expect(esm.errors).toEqual([expect.stringContaining('Cannot use import statement')]);
    const unsandboxed = windowWithPreload(electron, '/app/out/preload.mjs', false);
    await unsandboxed.window.loadURL('app://loopchat/index.html');
    expect(unsandboxed.errors).toEqual([]);
  });

  it('hides the page of a window that is minimised or, on macOS, covered', () => {
    const electron = readyElectron('darwin');
    const first = electron.createWindow({ width: 800, height: 600 });
    expect(first.pageVisibility).toBe('visible');
    const second = electron.createWindow({ width: 800, height: 600 });
    expect(first.pageVisibility).toBe('hidden');
    second.minimize();
    expect(first.pageVisibility).toBe('visible');
    expect(second.pageVisibility).toBe('hidden');

    const linux = readyElectron('linux');
    const under = linux.createWindow({ width: 800, height: 600 });
    linux.createWindow({ width: 800, height: 600 });
    expect(under.pageVisibility).toBe('visible');
  });

  it('makes no window or notification before ready', () => {
    const electron = new FakeElectron();
    expect(() => electron.createWindow({})).toThrow('Cannot create BrowserWindow before app');
    expect(() => electron.createNotification({ title: 't', body: 'b', silent: false })).toThrow(
      'Cannot create Notification before app',
    );
    expect(() => electron.defaultSession()).toThrow('when app is ready');
  });

  it("fetches the locale's dictionary once the session exists, even with spelling off", async () => {
    const electron = readyElectron('linux');
    electron.app.locale = 'de-DE';
    electron.defaultSession().setSpellCheckerEnabled(false);
    await electron.session.dictionariesSettled();
    expect(electron.session.dictionaryDownloads).toEqual(['de-DE']);
  });

  it('drops the load when the languages are emptied in the same turn, not a turn later', async () => {
    const early = readyElectron('win32');
    early.defaultSession().setSpellCheckerLanguages([]);
    await early.session.dictionariesSettled();
    expect(early.session.dictionaryDownloads).toEqual([]);

    const late = readyElectron('win32');
    late.createWindow({});
    await late.session.dictionariesSettled();
    late.defaultSession().setSpellCheckerLanguages([]);
    expect(late.session.dictionaryDownloads).toEqual(['en-US']);
  });

  it('loads no Hunspell dictionary on macOS', async () => {
    const electron = readyElectron('darwin');
    electron.createWindow({});
    await electron.session.dictionariesSettled();
    expect(electron.session.dictionaryDownloads).toEqual([]);
  });

  it('showSaveDialog only after ready, with string options, and an empty path when closed', async () => {
    const early = new FakeElectron();
    early.app.fireReady();
    const window = early.createWindow({});
    const unready = new FakeElectron();
    expect(() => unready.showSaveDialog(window, {})).toThrow(
      'dialog module can only be used after app is ready',
    );
    const notAString = { defaultPath: 7 } as unknown as { defaultPath: string };
    expect(() => early.showSaveDialog(window, notAString)).toThrow(
      new TypeError('Default path must be a string'),
    );
    await expect(early.showSaveDialog(window, { defaultPath: 'a.txt' })).resolves.toEqual({
      canceled: true,
      filePath: '',
    });
    early.saveDialogChoice = () => '/home/ada/a.txt';
    await expect(early.showSaveDialog(window, {})).resolves.toEqual({
      canceled: false,
      filePath: '/home/ada/a.txt',
    });
  });

  it('writes bytes only into a folder that exists, never over a folder', async () => {
    const { disk } = new FakeElectron();
    await expect(disk.writeBytes('/nowhere/a.bin', Uint8Array.of(1))).rejects.toThrow('ENOENT');
    disk.addFolder('/home');
    disk.addFolder('/home/ada');
    await expect(disk.writeBytes('/home/ada', Uint8Array.of(1))).rejects.toThrow('EISDIR');
    await disk.writeBytes('/home/ada/a.bin', Uint8Array.of(1, 2));
    expect(disk.binaryFiles.get('/home/ada/a.bin')).toEqual(Uint8Array.of(1, 2));
  });
});
