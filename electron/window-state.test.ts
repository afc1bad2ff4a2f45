// New windows cascade instead of hiding the one under them; positions and the open windows
// come back at the next launch, on the displays that exist then.

import { describe, expect, it } from 'vitest';
import { WINDOW_STATE_FILE } from './window-state-file';
import type { FakeElectron, FakeWindow } from './test/fake-electron';
import { clickMenu, launch, type LaunchOptions } from './test/launch-loopchat';

const DATA = '/home/user/.config/Loopchat (development)';
const STATE = `${DATA}/${WINDOW_STATE_FILE}`;

function shown(electron: FakeElectron): FakeWindow[] {
  for (const window of electron.openWindows) window.becomeReady();
  return electron.openWindows;
}

/** A second launch that finds the first one's data folder as it left it. */
async function relaunch(previous: FakeElectron, options: LaunchOptions = {}) {
  return launch({
    ...options,
    prepare: (fake) => {
      for (const [path, text] of previous.disk.files) fake.disk.addFile(path, text);
      options.prepare?.(fake);
    },
  });
}

describe('a new window', () => {
  it('does not cover the focused one, so its page is not hidden on macOS', async () => {
    const { electron } = await launch({ platform: 'darwin' });
    clickMenu(electron, 'New Window');
    const [first, second] = shown(electron);
    expect(second?.bounds).toMatchObject({
      x: (first?.bounds.x ?? 0) + 32,
      y: (first?.bounds.y ?? 0) + 32,
    });
    expect(first?.pageVisibility).toBe('visible');
    expect(second?.pageVisibility).toBe('visible');
  });

  it('leaves a window that fills its display in view on macOS too', async () => {
    const { electron } = await launch({ platform: 'darwin' });
    const [first] = shown(electron);
    const [area] = electron.screen.workAreas;
    if (!first || !area) throw new Error('expected a window and a display');
    first.moveTo(area);
    first.focus();
    clickMenu(electron, 'New Window');
    shown(electron);
    expect(first.pageVisibility).toBe('visible');
  });

  it('cascades from the window that has focus, not the newest one', async () => {
    const { electron } = await launch();
    clickMenu(electron, 'New Window');
    const [first] = shown(electron);
    first?.moveTo({ x: 100, y: 100, width: 800, height: 600 });
    first?.focus();
    clickMenu(electron, 'New Window');
    expect(electron.openWindows.at(-1)?.bounds).toEqual({
      x: 132,
      y: 132,
      width: 800,
      height: 600,
    });
  });

  it('stays on the display of the focused window, wrapping at its edge', async () => {
    const { electron } = await launch({
      prepare: (fake) => {
        fake.screen.workAreas = [
          { x: 0, y: 0, width: 1440, height: 900 },
          { x: 1440, y: 0, width: 1920, height: 1080 },
        ];
      },
    });
    const [first] = shown(electron);
    first?.moveTo({ x: 2380, y: 350, width: 960, height: 720 });
    first?.focus();
    clickMenu(electron, 'New Window');
    expect(electron.openWindows.at(-1)?.bounds).toEqual({ x: 1440, y: 0, width: 960, height: 720 });
  });
});

describe('window state across launches', () => {
  it('reopens the windows that were open at quit, the console too, where they were', async () => {
    const { electron } = await launch();
    clickMenu(electron, 'New Window');
    clickMenu(electron, 'Server Console');
    const [one, two, console] = shown(electron);
    one?.moveTo({ x: 10, y: 40, width: 700, height: 500 });
    two?.moveTo({ x: 600, y: 200, width: 800, height: 600 });
    two?.maximize();
    console?.moveTo({ x: 300, y: 100, width: 900, height: 650 });
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);

    const next = (await relaunch(electron)).electron;
    const reopened = shown(next);
    expect(reopened.map((w) => w.loadedUrls[0])).toEqual([
      'app://loopchat/index.html',
      'app://loopchat/index.html',
      'app://loopchat/console.html',
    ]);
    expect(reopened.map((w) => w.bounds)).toEqual([
      { x: 10, y: 40, width: 700, height: 500 },
      { x: 600, y: 200, width: 800, height: 600 },
      { x: 300, y: 100, width: 900, height: 650 },
    ]);
    expect(reopened.map((w) => w.isMaximized())).toEqual([false, true, false]);
  });

  it('shows a restored maximised window only once it has painted, as any window', async () => {
    const { electron } = await launch();
    const [only] = shown(electron);
    only?.maximize();
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);
    const [restored] = (await relaunch(electron)).electron.openWindows;
    expect(restored?.visible).toBe(false);
    restored?.becomeReady();
    expect(restored?.visible).toBe(true);
    expect(restored?.isMaximized()).toBe(true);
  });

  it('keeps each window its key, so "Window 2" finds its own chat again', async () => {
    const { electron } = await launch();
    clickMenu(electron, 'New Window');
    clickMenu(electron, 'New Window');
    electron.openWindows[0]?.close(); // closed by hand: Window 1 does not come back
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);
    const next = await relaunch(electron);
    const keys = await Promise.all(
      next.electron.openWindows.map(async (w) => {
        const config = await next.electron.ipcMain.invoke(
          'loopchat:get-config',
          w.webContents.invokeEvent(),
        );
        return (config as { windowKey: string }).windowKey;
      }),
    );
    expect(keys).toEqual(['window-2', 'window-3']);
  });

  it('brings back the last window closed on Linux, which quit the app', async () => {
    const { electron } = await launch();
    const [only] = shown(electron);
    only?.moveTo({ x: 50, y: 60, width: 700, height: 500 });
    only?.close();
    await expect.poll(() => electron.app.exited).toBe(true);
    const next = await relaunch(electron);
    expect(next.electron.openWindows.map((w) => w.bounds)).toEqual([
      { x: 50, y: 60, width: 700, height: 500 },
    ]);
  });

  it('moves a window from a monitor that is gone onto one that is there', async () => {
    const { electron } = await launch({
      prepare: (fake) => fake.screen.workAreas.push({ x: 1440, y: 0, width: 1920, height: 1080 }),
    });
    shown(electron)[0]?.moveTo({ x: 2000, y: 100, width: 800, height: 600 });
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);
    const next = await relaunch(electron); // one display: x 0..1440, y 25..900
    expect(next.electron.openWindows[0]?.bounds).toEqual({
      x: 640,
      y: 100,
      width: 800,
      height: 600,
    });
  });

  it('sets a damaged file aside and opens one window as on a first launch', async () => {
    const { electron, logs } = await launch({
      prepare: (fake) => fake.disk.addFile(STATE, '{"version":1,"windows":[{"key":"x"'),
    });
    expect(electron.openWindows).toHaveLength(1);
    const aside = [...electron.disk.files.keys()].filter((path) =>
      path.startsWith(`${STATE}.bad-`),
    );
    expect(aside).toHaveLength(1);
    expect(electron.disk.files.get(aside[0] ?? '')).toBe('{"version":1,"windows":[{"key":"x"');
    expect(logs.filter((line) => line.includes(WINDOW_STATE_FILE))).toEqual([
      `[app] ${STATE} is not JSON; moved to ${aside[0]?.split('/').at(-1)}; opening one window`,
    ]);
  });

  it('sets aside a folder where the file belongs and opens one window', async () => {
    const { electron, logs } = await launch({ prepare: (fake) => fake.disk.addFolder(STATE) });
    expect(electron.openWindows).toHaveLength(1);
    expect([...electron.disk.folders].some((path) => path.startsWith(`${STATE}.bad-`))).toBe(true);
    expect(logs.join('\n')).toContain(`${STATE} is a folder, not a file; moved to`);
  });
});
