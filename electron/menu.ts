// The application menu, built as plain data so tests can find an item and click it. Labels
// come from menu-text.ts (English or Korean); accelerators follow each OS as Electron's own
// roles do (lib/browser/api/menu-item-roles.ts): Cmd on macOS, Ctrl elsewhere, Redo on Ctrl+Y
// and no accelerator for Exit on Windows, and an app menu holding About and Quit on macOS.

import type { MenuItemSpec } from './electron-api';
import { menuText, type MenuLanguage, type MenuTextKey } from './menu-text';

export interface MenuActions {
  platform: NodeJS.Platform;
  appName: string;
  /** Defaults to English. */
  language?: MenuLanguage;
  /** app.isPackaged: an installed app has no Toggle Developer Tools. */
  isPackaged: boolean;
  newWindow(): void;
  showAbout(): void;
  /** View > Server Console; the item appears only when this is given. */
  openServerConsole?: () => void;
}

const separator: MenuItemSpec = { type: 'separator' };

type Label = (key: MenuTextKey) => string;

function quitItem(platform: NodeJS.Platform, label: Label): MenuItemSpec {
  if (platform === 'darwin') return { label: label('quitApp'), role: 'quit', accelerator: 'Cmd+Q' };
  // Windows apps exit with Alt+F4 (the system's), not Ctrl+Q.
  if (platform === 'win32') return { label: label('exit'), role: 'quit' };
  return { label: label('quit'), role: 'quit', accelerator: 'Ctrl+Q' };
}

function editMenu(platform: NodeJS.Platform, label: Label): MenuItemSpec {
  return {
    label: label('edit'),
    submenu: [
      { label: label('undo'), role: 'undo', accelerator: 'CmdOrCtrl+Z' },
      {
        label: label('redo'),
        role: 'redo',
        accelerator: platform === 'win32' ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z',
      },
      separator,
      { label: label('cut'), role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { label: label('copy'), role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { label: label('paste'), role: 'paste', accelerator: 'CmdOrCtrl+V' },
      { label: label('selectAll'), role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
    ],
  };
}

function viewMenu(actions: MenuActions, label: Label): MenuItemSpec {
  const isMac = actions.platform === 'darwin';
  const serverConsole = actions.openServerConsole;
  return {
    label: label('view'),
    submenu: [
      ...(serverConsole
        ? [{ label: label('serverConsole'), click: () => serverConsole() }, separator]
        : []),
      { label: label('reload'), role: 'reload', accelerator: 'CmdOrCtrl+R' },
      // DevTools are for people working on Loopchat, not for users of an installed copy.
      ...(actions.isPackaged
        ? []
        : [
            {
              label: label('devTools'),
              role: 'toggleDevTools',
              accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I',
            } as const,
          ]),
      separator,
      { label: label('resetZoom'), role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { label: label('zoomIn'), role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { label: label('zoomOut'), role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      separator,
      {
        label: label('fullScreen'),
        role: 'togglefullscreen',
        accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11',
      },
    ],
  };
}

/** macOS: the menu named after the app, with About, Services, Hide and Quit. */
function appMenu(actions: MenuActions, label: Label): MenuItemSpec {
  return {
    label: actions.appName,
    submenu: [
      { label: label('about'), click: () => actions.showAbout() },
      separator,
      { label: label('services'), role: 'services' },
      separator,
      { label: label('hide'), role: 'hide', accelerator: 'Cmd+H' },
      { label: label('hideOthers'), role: 'hideOthers', accelerator: 'Alt+Cmd+H' },
      { label: label('showAll'), role: 'unhide' },
      separator,
      quitItem('darwin', label),
    ],
  };
}

/** macOS users expect a Window menu (Minimize, Zoom, Bring All to Front, the window list). */
function windowMenu(label: Label): MenuItemSpec {
  return {
    label: label('window'),
    role: 'windowMenu',
    submenu: [
      { label: label('minimize'), role: 'minimize', accelerator: 'Cmd+M' },
      { label: label('zoom'), role: 'zoom' },
      separator,
      { label: label('front'), role: 'front' },
    ],
  };
}

export function buildMenuTemplate(actions: MenuActions): MenuItemSpec[] {
  const isMac = actions.platform === 'darwin';
  const label = menuText(actions.language ?? 'en', actions.appName);

  const file: MenuItemSpec = {
    label: label('file'),
    submenu: [
      { label: label('newWindow'), accelerator: 'CmdOrCtrl+N', click: () => actions.newWindow() },
      { label: label('closeWindow'), role: 'close', accelerator: 'CmdOrCtrl+W' },
      // On macOS Quit lives in the app menu, as users expect.
      ...(isMac ? [] : [separator, quitItem(actions.platform, label)]),
    ],
  };

  // On macOS About is in the app menu; elsewhere Help holds it.
  const help: MenuItemSpec = {
    label: label('help'),
    role: 'help',
    submenu: isMac ? [] : [{ label: label('about'), click: () => actions.showAbout() }],
  };

  if (isMac) {
    return [
      appMenu(actions, label),
      file,
      editMenu(actions.platform, label),
      viewMenu(actions, label),
      windowMenu(label),
      help,
    ];
  }
  return [file, editMenu(actions.platform, label), viewMenu(actions, label), help];
}

/** Depth-first search of a template, e.g. for the item with a given label. */
export function findMenuItem(
  template: readonly MenuItemSpec[],
  matches: (item: MenuItemSpec) => boolean,
): MenuItemSpec | undefined {
  for (const item of template) {
    if (matches(item)) return item;
    const inner = item.submenu && findMenuItem(item.submenu, matches);
    if (inner) return inner;
  }
  return undefined;
}
