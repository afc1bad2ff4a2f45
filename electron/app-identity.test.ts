import { describe, expect, it } from 'vitest';
import config from '../electron-builder.config';
import { APP_USER_MODEL_ID } from './app-identity';
import { launch } from './test/launch-loopchat';

describe("the app's identity on Windows", () => {
  it("an installed app takes its installer's ID before any window opens", async () => {
    const { electron } = await launch({
      platform: 'win32',
      prepare: (fake) => (fake.app.isPackaged = true),
    });
    expect(electron.app.appUserModelId).toBe(config.appId);
    expect(electron.app.windowsOpenAtAppUserModelId).toBe(0);
    expect(electron.openWindows).toHaveLength(1);
  });

  it('the ID is the one electron-builder gives the Start menu shortcut', () => {
    expect(APP_USER_MODEL_ID).toBe(config.appId);
  });

  it("a run from the sources keeps Electron's default, as does every other OS", async () => {
    const fromSources = await launch({ platform: 'win32' });
    const installedOnLinux = await launch({ prepare: (fake) => (fake.app.isPackaged = true) });
    expect([fromSources, installedOnLinux].map((l) => l.electron.app.appUserModelId)).toEqual([
      null,
      null,
    ]);
  });
});
