// The desktop app and browser mode never run on one data folder at once: the app takes the
// folder's lock (disk/folder-lock.ts) besides Electron's single-instance lock.

import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../disk/folder-lock';
import { APP_PID } from './test/fake-electron';
import { begin, FakeHub, launch } from './test/launch-loopchat';

const DATA = '/home/ada/chat-data';
const LOCK = `${DATA}/${LOCK_FILE}`;
const argv = [`--data-dir=${DATA}`];
const BROWSER_PID = 777;
const browserLock = JSON.stringify({
  pid: BROWSER_PID,
  app: 'browser',
  urls: ['http://127.0.0.1:8005/#token=ab12', 'http://127.0.0.1:8005/console.html#token=cd34'],
});

describe("the data folder's lock", () => {
  it('holds the folder while the app runs and frees it once the hub has stopped', async () => {
    const { electron, hub } = await launch({ argv });
    expect(JSON.parse(electron.disk.files.get(LOCK) ?? '{}')).toMatchObject({
      pid: APP_PID,
      app: 'desktop',
    });
    electron.app.quit();
    await expect.poll(() => electron.app.exited).toBe(true);
    expect(hub.stopCalls).toBe(1);
    expect(electron.disk.files.has(LOCK)).toBe(false);
  });

  it('does not start on a folder browser mode is using, and says where that runs', async () => {
    const { electron, hub, logs } = await launch({
      argv,
      prepare: (fake) => {
        fake.disk.addFolder(DATA);
        fake.disk.addFile(LOCK, browserLock);
        fake.disk.livePids.add(BROWSER_PID);
      },
    });
    expect(hub.startCalls).toBe(0);
    expect(hub.options).toBeUndefined();
    expect(electron.windows).toHaveLength(0);
    expect(electron.app.exited).toBe(true);
    expect(logs).toEqual([
      `[app] Loopchat is already running on ${DATA} in browser mode (process ${BROWSER_PID}); open:`,
    ]);
    expect(electron.errorBoxes).toEqual([
      {
        title: 'Loopchat is already running',
        content: [
          `Loopchat is already running on ${DATA} in browser mode (process ${BROWSER_PID}); open:`,
          '  http://127.0.0.1:8005/#token=ab12',
          '  Server console: http://127.0.0.1:8005/console.html#token=cd34',
        ].join('\n'),
      },
    ]);
    expect(electron.disk.files.get(LOCK)).toBe(browserLock); // still browser mode's
  });

  it('takes over a lock left by a process that is gone (killed, crashed)', async () => {
    const { electron, hub } = await launch({
      argv,
      prepare: (fake) => {
        fake.disk.addFolder(DATA);
        fake.disk.addFile(LOCK, browserLock); // BROWSER_PID is not running
      },
    });
    expect(hub.startCalls).toBe(1);
    expect(electron.openWindows).toHaveLength(1);
    expect(JSON.parse(electron.disk.files.get(LOCK) ?? '{}')).toMatchObject({ pid: APP_PID });
  });

  it('leaves the folder alone when another copy of the app has it (single-instance lock)', () => {
    const { electron } = begin({ argv, hasLock: false });
    expect(electron.disk.files.has(LOCK)).toBe(false);
  });

  it('frees the folder when the hub cannot start', async () => {
    const hub = new FakeHub();
    hub.failStart = new Error('listen EACCES');
    const { electron } = await launch({ argv, hub });
    expect(electron.app.exitCode).toBe(1);
    expect(electron.disk.files.has(LOCK)).toBe(false);
  });
});
