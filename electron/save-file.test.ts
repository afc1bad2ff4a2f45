// Saving a received file in the desktop app, driven the way a window's page drives it: through
// the preload's save-file channel, against the strict fake's dialog and disk.

import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { SAVE_FILE_CHANNEL } from '../protocol/bridge';
import { findMenuItem } from './menu';
import { FakeFrame, type FakeElectron, type FakeWindow } from './test/fake-electron';
import { launch, onlyWindow } from './test/launch-loopchat';

const DOWNLOADS = '/home/ada/Downloads';
const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff);

async function oneWindow() {
  const launched = await launch();
  launched.electron.disk.addFolder(DOWNLOADS);
  return { ...launched, window: onlyWindow(launched.electron) };
}

const save = (
  electron: FakeElectron,
  from: FakeWindow,
  request: unknown,
  frame?: FakeFrame | null,
) => electron.ipcMain.invoke(SAVE_FILE_CHANNEL, from.webContents.invokeEvent(frame), request);

describe('saving a received file', () => {
  it('asks where, modal to the asking window, and writes exactly the bytes there', async () => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/cat (saved).png`;
    await expect(save(electron, window, { name: 'cat.png', bytes })).resolves.toBe('saved');
    expect(electron.saveDialogs).toHaveLength(1);
    const [shown] = electron.saveDialogs;
    expect(shown?.window).toBe(window);
    // Opens in Downloads with the name filled in, on every OS (a bare name opens the last folder).
    expect(shown?.options).toMatchObject({ defaultPath: `${electron.app.downloads}/cat.png` });
    // Linux would overwrite a chosen file without asking unless told to ask.
    expect(shown?.options.properties).toContain('showOverwriteConfirmation');
    expect([...electron.disk.binaryFiles.keys()]).toEqual([`${DOWNLOADS}/cat (saved).png`]);
    expect(electron.disk.binaryFiles.get(`${DOWNLOADS}/cat (saved).png`)).toEqual(bytes);
  });

  it('writes nothing when the user closes the dialog', async () => {
    const { electron, window } = await oneWindow();
    await expect(save(electron, window, { name: 'cat.png', bytes })).resolves.toBe('canceled');
    expect(electron.saveDialogs).toHaveLength(1);
    expect(electron.disk.binaryFiles.size).toBe(0);
  });

  it('says why when the file cannot be written, and keeps nothing', async () => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => '/gone/cat.png';
    await expect(save(electron, window, { name: 'cat.png', bytes })).rejects.toThrow('ENOENT');
    expect(electron.disk.binaryFiles.size).toBe(0);
  });

  it.each<[string, (window: FakeWindow) => FakeFrame | null, string]>([
    [
      'a subframe, even on our origin',
      (w) => new FakeFrame('app://loopchat/index.html', w.webContents.mainFrame),
      'top-level frame',
    ],
    ['a frame that is gone', () => null, 'frame is gone'],
    ['a foreign page', () => new FakeFrame('https://evil.example/'), 'not a Loopchat page'],
  ])('refuses %s before any dialog', async (_what, frame, reason) => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    await expect(save(electron, window, { name: 'x.bin', bytes }, frame(window))).rejects.toThrow(
      reason,
    );
    expect(electron.saveDialogs).toEqual([]);
    expect(electron.disk.binaryFiles.size).toBe(0);
  });

  it('refuses the server console window: it has no files to save', async () => {
    const { electron } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    const view = findMenuItem(electron.menu ?? [], (i) => i.label === 'View');
    findMenuItem(view?.submenu ?? [], (i) => i.label === 'Server Console')?.click?.();
    const console = electron.openWindows.find((w) =>
      w.loadedUrls.some((u) => u.endsWith('/console.html')),
    );
    if (!console) throw new Error('the console did not open');
    await expect(save(electron, console, { name: 'x.bin', bytes })).rejects.toThrow(
      'the server console',
    );
    expect(electron.saveDialogs).toEqual([]);
  });

  it('refuses a webContents that is not one of our windows', async () => {
    const { electron } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    const guest = electron.createGuestContents();
    guest.mainFrame.url = 'app://loopchat/';
    await expect(
      electron.ipcMain.invoke(SAVE_FILE_CHANNEL, guest.invokeEvent(), { name: 'x.bin', bytes }),
    ).rejects.toThrow('not a Loopchat window');
    expect(electron.saveDialogs).toEqual([]);
  });

  it.each<[string, unknown]>([
    [
      'more bytes than one attachment may hold',
      { name: 'big.bin', bytes: new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1) },
    ],
    ['a path for a name', { name: '../../.bashrc', bytes }],
    ['an empty name', { name: ' ', bytes }],
    ['bytes that are not bytes', { name: 'x.bin', bytes: [1, 2, 3] }],
    ['an extra field', { name: 'x.bin', bytes, path: '/etc/passwd' }],
    ['no request at all', undefined],
  ])('refuses %s before any dialog', async (_what, request) => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    await expect(save(electron, window, request)).rejects.toThrow('saveFile refused');
    expect(electron.saveDialogs).toEqual([]);
    expect(electron.disk.binaryFiles.size).toBe(0);
  });

  it('refuses a few bytes that arrive over a buffer larger than one attachment', async () => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    const behind = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1);
    await expect(
      save(electron, window, { name: 'x.bin', bytes: behind.subarray(0, 3) }),
    ).rejects.toThrow('saveFile refused');
    expect(electron.saveDialogs).toEqual([]);
  });

  it('shows one save dialog at a time per window, and another once it has closed', async () => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/x.bin`;
    // The second arrives while the first's dialog is open.
    const [first, second] = await Promise.allSettled([
      save(electron, window, { name: 'x.bin', bytes }),
      save(electron, window, { name: 'y.bin', bytes }),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: 'saved' });
    expect(second).toMatchObject({ status: 'rejected' });
    expect(String((second as PromiseRejectedResult).reason)).toContain('already open');
    expect(electron.saveDialogs).toHaveLength(1);
    // A failed write frees the window too.
    electron.saveDialogChoice = () => '/gone/x.bin';
    await expect(save(electron, window, { name: 'x.bin', bytes })).rejects.toThrow('ENOENT');
    electron.saveDialogChoice = () => `${DOWNLOADS}/z.bin`;
    await expect(save(electron, window, { name: 'z.bin', bytes })).resolves.toBe('saved');
    expect(electron.saveDialogs).toHaveLength(3);
  });

  it('takes a file of exactly the largest attachment size', async () => {
    const { electron, window } = await oneWindow();
    electron.saveDialogChoice = () => `${DOWNLOADS}/max.bin`;
    const largest = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes);
    await expect(save(electron, window, { name: 'max.bin', bytes: largest })).resolves.toBe(
      'saved',
    );
    expect(electron.disk.binaryFiles.get(`${DOWNLOADS}/max.bin`)?.byteLength).toBe(
      ATTACHMENT_LIMITS.maxFileBytes,
    );
  });
});
