// Electron entry point (bundled to out/main.js). Wires the real Electron modules and the real
// hub into startLoopchat; all the logic lives in app.ts and is unit-tested with fakes.

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopchat } from './app';
import type { ElectronApi } from './electron-api';
import { claimFolder } from '../disk/folder-lock';
import { nodeJsonFileFs } from '../disk/json-file';
import { HistoryFile } from '../hub/history-file';
import { AttachmentStore } from '../hub/attachments/attachment-store';
import { createHub } from '../hub/hub';
import { createToken } from '../hub/token';

const outDir = dirname(fileURLToPath(import.meta.url));

const electron: ElectronApi = {
  platform: process.platform,
  app,
  protocol,
  ipcMain,
  screen,
  defaultSession: () => session.defaultSession,
  createWindow: (options) => new BrowserWindow(options),
  notificationsSupported: () => Notification.isSupported(),
  createNotification: (options) => new Notification(options),
  setApplicationMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
  popupMenu: (template, window) => {
    // Only our own windows reach here; Electron wants its BrowserWindow back.
    const target = BrowserWindow.getAllWindows().find((w) => w === window);
    Menu.buildFromTemplate(template).popup(target ? { window: target } : {});
  },
  openExternal: (url) => shell.openExternal(url),
  showMessageBox: (options) => dialog.showMessageBox(options),
  showSaveDialog: (window, options) => {
    // As for popupMenu: only our own windows reach here, and Electron wants its BaseWindow.
    const target = BrowserWindow.getAllWindows().find((w) => w === window);
    return target ? dialog.showSaveDialog(target, options) : dialog.showSaveDialog(options);
  },
  showErrorBox: (title, content) => dialog.showErrorBox(title, content),
};

// Ctrl+C in the terminal of `npm start` quits through the normal path, so the hub closes
// every connection with 1001 instead of the process just vanishing. `on`, not `once`: Ctrl+C
// reaches Electron twice (from the terminal's process group and relayed by the launcher), and
// a second signal with no listener would kill it mid-quit; app.quit() is safe to repeat.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

const log = (line: string) => console.log(line);

startLoopchat(electron, {
  // Chat history lives in the app's data folder, so it survives a restart.
  createHub: (options) =>
    createHub({
      ...options,
      // `npm start -- --verbose`: every handshake header in the log.
      verboseLog: process.argv.includes('--verbose'),
      history: HistoryFile.open(join(app.getPath('userData'), 'history.jsonl'), undefined, log),
      // Files and images beside the history, in attachments/.
      attachments: AttachmentStore.open(app.getPath('userData'), { onRecover: log }),
    }),
  createToken,
  rendererDir: join(outDir, 'renderer'),
  preloadPath: join(outDir, 'preload.cjs'),
  env: process.env,
  argv: process.argv,
  cwd: process.cwd(),
  ensureDir: (path) => mkdirSync(path, { recursive: true }),
  files: {
    ...nodeJsonFileFs,
    // A crash mid-write leaves the old file or the new one, never half of either.
    write: (path, text) => {
      writeFileSync(`${path}.tmp`, text);
      renameSync(`${path}.tmp`, path);
    },
  },
  claimFolder: (dir) => {
    // Electron's default userData may not exist yet; the lock file goes inside it.
    mkdirSync(dir, { recursive: true });
    return claimFolder(dir, 'desktop');
  },
  writeFile: (path, bytes) => writeFile(path, bytes),
  log,
}).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
