import { describe, expect, it } from 'vitest';
import { CONFIG_CHANNEL } from '../protocol/bridge';
import { findMenuItem } from './menu';
import { FakeElectron, FakeFrame } from './test/fake-electron';
import {
  begin,
  clickMenu,
  FakeHub,
  getConfig,
  launch,
  onlyWindow,
  PRELOAD,
  TOKEN,
} from './test/launch-loopchat';

describe('startup', () => {
  it('registers app:// before ready and waits for ready to start the hub and open a window', async () => {
    const { electron, hub, started } = begin();
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(hub.startCalls).toBe(0);
    expect(electron.windows).toHaveLength(0);

    electron.app.fireReady();
    await started;
    expect(hub.startCalls).toBe(1);
    expect(electron.protocol.handlers.has('app')).toBe(true);
    expect(electron.openWindows).toHaveLength(1);
  });

  it('starts the hub with the token, the app origin, port 8005 and the push interval', async () => {
    const { hub } = await launch({ env: { LOOPCHAT_PUSH_MS: '500' } });
    expect(hub.options).toMatchObject({
      token: TOKEN,
      allowedOrigins: ['app://loopchat'],
      port: 8005,
      pushIntervalMs: 500,
    });
  });

  it('pushes every 3 s by default', async () => {
    const { hub } = await launch();
    expect(hub.options?.pushIntervalMs).toBe(3000);
  });

  it('opens the first window with exactly the secure webPreferences on app://loopchat', async () => {
    const { electron } = await launch();
    const window = onlyWindow(electron);
    expect(window.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      preload: PRELOAD,
    });
    expect(window.loadedUrls).toEqual(['app://loopchat/index.html']);
  });

  it('shows the window only once it has painted', async () => {
    const { electron } = await launch();
    const window = onlyWindow(electron);
    expect(window.options.show).toBe(false);
    expect(window.visible).toBe(false);
    window.becomeReady();
    expect(window.visible).toBe(true);
  });

  it('loads the Vite dev server in development and lets the hub accept its origin', async () => {
    const { electron, hub } = await launch({
      env: { VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173' },
    });
    expect(onlyWindow(electron).loadedUrls).toEqual(['http://127.0.0.1:5173/']);
    expect(hub.options?.allowedOrigins).toEqual(['app://loopchat', 'http://127.0.0.1:5173']);
  });

  it('refuses a dev server URL that is not on this machine', async () => {
    const { electron, hub, logs } = await launch({
      env: { VITE_DEV_SERVER_URL: 'http://evil.example:5173' },
    });
    expect(onlyWindow(electron).loadedUrls).toEqual(['app://loopchat/index.html']);
    expect(hub.options?.allowedOrigins).toEqual(['app://loopchat']);
    expect(logs.join('\n')).toContain('Ignoring VITE_DEV_SERVER_URL');
  });

  it('leaves quietly when another instance is running', async () => {
    const { electron, hub, started } = begin({ hasLock: false });
    electron.app.fireReady();
    expect(await started).toBeNull();
    expect(electron.app.exited).toBe(true);
    expect(electron.windows).toHaveLength(0);
    expect(hub.options).toBeUndefined();
    expect(hub.startCalls).toBe(0);
  });

  it('says why and exits with an error when the hub cannot start', async () => {
    const hub = new FakeHub();
    hub.failStart = new Error('listen EACCES');
    const { electron, running } = await launch({ hub });
    expect(running).toBeNull();
    expect(electron.windows).toHaveLength(0);
    expect(electron.errorBoxes[0]?.content).toContain('listen EACCES');
    expect(electron.app.exitCode).toBe(1);
  });
});

describe('windows and the menu', () => {
  it('File > New Window (CmdOrCtrl+N) opens a second window with its own key and name', async () => {
    const { electron } = await launch();
    const newWindow = findMenuItem(electron.menu ?? [], (i) => i.accelerator === 'CmdOrCtrl+N');
    expect(newWindow?.label).toBe('New Window');
    newWindow?.click?.();

    expect(electron.openWindows).toHaveLength(2);
    const [first, second] = electron.openWindows;
    if (!first || !second) throw new Error('expected two windows');
    expect(second.options.webPreferences).toEqual(first.options.webPreferences);
    const configs = await Promise.all([getConfig(electron, first), getConfig(electron, second)]);
    expect(configs.map((c) => c.defaultName)).toEqual(['Window 1', 'Window 2']);
    expect(configs[0]?.windowKey).not.toBe(configs[1]?.windowKey);
  });

  it('gives a reopened window the lowest free slot, so its key is stable', async () => {
    const { electron } = await launch();
    clickMenu(electron, 'New Window');
    clickMenu(electron, 'New Window');
    const [, second] = electron.openWindows;
    if (!second) throw new Error('expected a second window');
    const before = await getConfig(electron, second);
    second.close();
    clickMenu(electron, 'New Window');
    const reopened = electron.openWindows.at(-1);
    if (!reopened) throw new Error('expected a window');
    expect(await getConfig(electron, reopened)).toEqual(before);
  });

  it('has Close Window, Quit, Edit and View items', async () => {
    const { electron } = await launch();
    const menu = electron.menu ?? [];
    const byRole = (role: string) => findMenuItem(menu, (i) => i.role === role);
    expect(byRole('close')?.label).toBe('Close Window');
    expect(byRole('quit')?.accelerator).toBe('Ctrl+Q');
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) {
      expect(byRole(role), role).toBeDefined();
    }
    for (const role of ['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom']) {
      expect(byRole(role), role).toBeDefined();
    }
    expect(byRole('togglefullscreen')).toBeDefined();
  });

  it('Help > About shows the product name and version', async () => {
    const { electron } = await launch();
    clickMenu(electron, 'About Loopchat');
    expect(electron.messageBoxes).toHaveLength(1);
    expect(electron.messageBoxes[0]?.message).toBe('Loopchat 0.1.0');
  });

  it('a second launch brings the existing window forward instead of starting another app', async () => {
    const { electron } = await launch();
    const window = onlyWindow(electron);
    window.minimized = true;
    electron.app.events.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(electron.openWindows).toHaveLength(1);
  });
});

describe('getConfig over IPC', () => {
  it('gives a Loopchat window the hub URL, token, key and name', async () => {
    const { electron } = await launch();
    const config = await getConfig(electron, onlyWindow(electron));
    expect(config).toEqual({
      hubUrl: 'ws://127.0.0.1:8123',
      token: TOKEN,
      windowKey: 'window-1',
      defaultName: 'Window 1',
    });
  });

  it('refuses a webContents that is not one of our windows', async () => {
    const { electron } = await launch();
    const stranger = { sender: { id: 9999 }, senderFrame: new FakeFrame('app://loopchat/') };
    await expect(electron.ipcMain.invoke(CONFIG_CHANNEL, stranger)).rejects.toThrow(
      'not a Loopchat window',
    );
  });

  it('refuses a window once it is showing a foreign page', async () => {
    const { electron } = await launch();
    const window = onlyWindow(electron);
    window.webContents.mainFrame.url = 'https://evil.example/';
    await expect(getConfig(electron, window)).rejects.toThrow('not a Loopchat page');
  });

  it('refuses a subframe, even one on our own origin', async () => {
    const { electron } = await launch();
    const window = onlyWindow(electron);
    const iframe = new FakeFrame('app://loopchat/index.html', window.webContents.mainFrame);
    await expect(getConfig(electron, window, iframe)).rejects.toThrow('top-level frame');
  });

  it('refuses a sender whose frame is gone', async () => {
    const { electron } = await launch();
    await expect(getConfig(electron, onlyWindow(electron), null)).rejects.toThrow('frame is gone');
  });

  it('refuses a closed window', async () => {
    const { electron } = await launch({ platform: 'darwin' });
    const window = onlyWindow(electron);
    // Asked just before closing, answered after: the window is gone by then.
    const asked = window.webContents.invokeEvent();
    window.close();
    expect(() => window.webContents).toThrow('Object has been destroyed');
    await expect(electron.ipcMain.invoke(CONFIG_CHANNEL, asked)).rejects.toThrow(
      "Error invoking remote method 'loopchat:get-config': UntrustedSenderError: getConfig refused: not a Loopchat window",
    );
  });
});

describe('window hardening', () => {
  it('blocks navigation away from the app but not within it', async () => {
    const { electron } = await launch();
    const contents = onlyWindow(electron).webContents;
    expect(contents.navigate('https://evil.example/phish')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(contents.mainFrame.url).toBe('app://loopchat/index.html');
    expect(contents.navigate('app://loopchat/index.html?reset')).toBe(true);
  });

  it('denies window.open and sends only http(s) links to the browser', async () => {
    const { electron } = await launch();
    const contents = onlyWindow(electron).webContents;
    expect(contents.windowOpen('https://example.com/docs')).toBe('deny');
    expect(contents.windowOpen('http://example.com/')).toBe('deny');
    expect(contents.windowOpen('file:///etc/passwd')).toBe('deny');
    expect(contents.windowOpen('smb://share/x')).toBe('deny');
    expect(contents.windowOpen('app://loopchat/index.html')).toBe('deny');
    expect(electron.openedExternally).toEqual(['https://example.com/docs', 'http://example.com/']);
    expect(electron.openWindows).toHaveLength(1);
  });

  it('denies every permission request and check', async () => {
    const { electron } = await launch();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      expect(await electron.session.request(permission), permission).toBe(false);
      expect(electron.session.check(permission), permission).toBe(false);
    }
  });
});

describe('lifecycle', () => {
  it.each(['linux', 'win32'] as const)('quits when the last window closes on %s', async (os) => {
    const { electron } = await launch({ platform: os });
    clickMenu(electron, 'New Window');
    electron.openWindows[0]?.close();
    expect(electron.app.quitCalls).toBe(0);
    electron.openWindows[0]?.close();
    expect(electron.app.quitCalls).toBe(1);
  });

  it('stays running without windows on macOS and reopens one on activate', async () => {
    const { electron } = await launch({ platform: 'darwin' });
    onlyWindow(electron).close();
    expect(electron.app.quitCalls).toBe(0);
    expect(electron.openWindows).toHaveLength(0);

    electron.app.events.emit('activate');
    expect(electron.openWindows).toHaveLength(1);
    electron.app.events.emit('activate');
    expect(electron.openWindows).toHaveLength(1);
  });

  it('puts About and Quit in the app menu on macOS', async () => {
    const { electron } = await launch({ platform: 'darwin' });
    const [appMenu, ...rest] = electron.menu ?? [];
    expect(appMenu?.label).toBe('Loopchat');
    expect(findMenuItem(appMenu?.submenu ?? [], (i) => i.role === 'quit')).toMatchObject({
      label: 'Quit Loopchat',
      accelerator: 'Cmd+Q',
    });
    expect(findMenuItem(appMenu?.submenu ?? [], (i) => i.label === 'About Loopchat')).toBeDefined();
    expect(findMenuItem(rest, (i) => i.role === 'quit')).toBeUndefined();
  });

  it('stops the hub before quitting and exits only once it has stopped', async () => {
    const hub = new FakeHub();
    const { electron } = await launch({ hub });
    hub.holdStop();

    electron.app.quit();
    expect(hub.stopCalls).toBe(1);
    expect(electron.app.exited).toBe(false);

    // Impatient user: a second Quit while the hub is stopping neither exits nor stops twice.
    electron.app.quit();
    expect(hub.stopCalls).toBe(1);
    expect(electron.app.exited).toBe(false);

    hub.finishStop();
    await expect.poll(() => electron.app.exited).toBe(true);
    expect(hub.stopCalls).toBe(1);
  });

  it('quits even if stopping the hub fails', async () => {
    const hub = new FakeHub();
    const { electron, logs } = await launch({ hub });
    hub.stop = () => Promise.reject(new Error('boom'));
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);
    expect(logs.join('\n')).toContain('boom');
  });

  it('closing the last window on Linux stops the hub, then exits', async () => {
    const hub = new FakeHub();
    const { electron } = await launch({ hub });
    hub.holdStop();
    onlyWindow(electron).close();
    expect(hub.stopCalls).toBe(1);
    expect(electron.app.exited).toBe(false);
    hub.finishStop();
    await expect.poll(() => electron.app.exited).toBe(true);
  });
});

describe('the data folder (--data-dir=DIR / LOOPCHAT_DATA_DIR)', () => {
  it('moves userData to --data-dir before asking for the single-instance lock', async () => {
    const { electron, madeDirs } = await launch({
      argv: ['/usr/bin/electron', '/repo', '--data-dir=/tmp/loopchat-e2e-1'],
    });
    expect(electron.app.userDataWhenLocked).toBe('/tmp/loopchat-e2e-1');
    expect(electron.app.getPath('userData')).toBe('/tmp/loopchat-e2e-1');
    expect(madeDirs).toEqual(['/tmp/loopchat-e2e-1']);
  });

  it('takes LOOPCHAT_DATA_DIR, resolved against the working folder; the flag wins', async () => {
    const fromEnv = await launch({ env: { LOOPCHAT_DATA_DIR: 'scratch/data' } });
    expect(fromEnv.electron.app.userDataWhenLocked).toBe('/home/ada/scratch/data');
    const both = await launch({
      env: { LOOPCHAT_DATA_DIR: '/from/env' },
      argv: ['--data-dir=/from/flag'],
    });
    expect(both.electron.app.userDataWhenLocked).toBe('/from/flag');
  });

  it('gives a run from the sources its own folder and lock, apart from an installed app', async () => {
    const { electron, madeDirs } = await launch();
    expect(electron.app.userDataWhenLocked).toBe('/home/user/.config/Loopchat (development)');
    expect(madeDirs).toEqual(['/home/user/.config/Loopchat (development)']);
  });

  it("leaves an installed app in Electron's default folder", async () => {
    const { electron, madeDirs } = await launch({
      prepare: (fake) => (fake.app.isPackaged = true),
    });
    expect(electron.app.userDataWhenLocked).toBe('/home/user/.config/Loopchat');
    expect(madeDirs).toEqual([]);
  });

  it('uses the data folder even when another instance holds its lock', async () => {
    const { electron, started } = begin({ argv: ['--data-dir=/tmp/d'], hasLock: false });
    expect(await started).toBeNull();
    expect(electron.app.userDataWhenLocked).toBe('/tmp/d');
  });
});

describe('every webContents is hardened (web-contents-created)', () => {
  it('a guest webContents that is not a window gets the same refusals', async () => {
    const { electron } = await launch();
    const guest = electron.createGuestContents();
    expect(guest.navigate('https://evil.example/')).toBe(false);
    expect(guest.windowOpen('file:///etc/passwd')).toBe('deny');
    expect(guest.navigateSubframe('https://evil.example/frame')).toBe(false);
  });

  it('blocks a subframe navigating away (will-frame-navigate), not one on our origin', async () => {
    const { electron } = await launch();
    const contents = onlyWindow(electron).webContents;
    expect(contents.navigateSubframe('https://evil.example/')).toBe(false);
    expect(contents.navigateSubframe('app://loopchat/index.html')).toBe(true);
  });
});

describe('when Electron behaves like Electron', () => {
  it('the fake throws, like Electron, for a scheme registered after ready', async () => {
    const electron = new FakeElectron();
    electron.app.fireReady();
    expect(() => electron.protocol.registerSchemesAsPrivileged([{ scheme: 'x' }])).toThrow(
      'before app is ready',
    );
  });

  it('quitting closes every window once the hub has stopped, without a second quit', async () => {
    const hub = new FakeHub();
    const { electron } = await launch({ hub });
    clickMenu(electron, 'New Window');
    hub.holdStop();
    electron.app.quit();
    expect(electron.openWindows).toHaveLength(2); // held until the hub has stopped
    hub.finishStop();
    await expect.poll(() => electron.app.exited).toBe(true);
    expect(electron.openWindows).toHaveLength(0);
    // The quit guard's one re-quit; closing windows during a quit is no window-all-closed.
    expect(electron.app.quitCalls).toBe(2);
  });

  it('a window whose page fails to load says why and closes, so the app does not linger', async () => {
    const { electron, logs } = await launch({
      env: { VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173' },
      prepare: (fake) => {
        fake.loadError = () =>
          new Error("ERR_CONNECTION_REFUSED (-102) loading 'http://127.0.0.1:5173/'");
      },
    });
    await expect.poll(() => electron.errorBoxes).toHaveLength(1);
    expect(electron.errorBoxes[0]?.content).toContain('ERR_CONNECTION_REFUSED');
    expect(electron.errorBoxes[0]?.content).toContain('http://127.0.0.1:5173/');
    expect(electron.openWindows).toHaveLength(0);
    // The last window is gone on Linux: the app quits (stopping the hub first).
    await expect.poll(() => electron.app.exited).toBe(true);
    expect(logs.join('\n')).toContain('Window 1 could not load');
  });

  it('a load superseded by another navigation (ERR_ABORTED) is only logged', async () => {
    const { electron, logs } = await launch({
      prepare: (fake) => {
        fake.loadError = () => new Error("ERR_ABORTED (-3) loading 'app://loopchat/index.html'");
      },
    });
    await expect.poll(() => logs.join('\n')).toContain('ERR_ABORTED');
    expect(electron.errorBoxes).toEqual([]);
    expect(electron.openWindows).toHaveLength(1);
  });
});

describe('what the strict fake catches', () => {
  it('a window whose preload cannot run says so instead of showing a page without a hub', async () => {
    const { electron, logs } = await launch({
      prepare: (fake) => fake.disk.files.delete(PRELOAD),
    });
    expect(logs.join('\n')).toContain(`could not run its preload ${PRELOAD}`);
    expect(electron.errorBoxes[0]?.content).toContain('ENOENT');
    expect(electron.errorBoxes[0]?.content).toContain(PRELOAD);
  });

  it('an ESM preload under the sandbox is reported the same way', async () => {
    const { electron } = await launch({
      prepare: (fake) => fake.disk.addFile(PRELOAD, "import { ipcRenderer } from 'electron';\n"),
    });
    expect(electron.errorBoxes[0]?.content).toContain('Cannot use import statement');
  });

  it('a load that fails after the user closed the window is only logged', async () => {
    const { electron, logs } = await launch({ prepare: (fake) => (fake.holdLoads = true) });
    const window = onlyWindow(electron);
    const finish = window.finishLoad;
    window.close();
    finish?.(new Error("ERR_FAILED (-2) loading 'app://loopchat/index.html'"));
    await expect.poll(() => logs.join('\n')).toContain('ERR_FAILED');
    expect(electron.errorBoxes).toEqual([]);
  });
});

describe('developer tools', () => {
  const hasDevTools = (electron: FakeElectron) =>
    findMenuItem(electron.menu ?? [], (i) => i.role === 'toggleDevTools') !== undefined;

  it('are in the View menu of an unpackaged run and not in an installed app', async () => {
    expect(hasDevTools((await launch()).electron)).toBe(true);
    const packaged = await launch({ prepare: (fake) => (fake.app.isPackaged = true) });
    expect(hasDevTools(packaged.electron)).toBe(false);
  });
});
