// The application menu. Built as plain data so tests can find an item and click it.

import type { MenuItemSpec } from './electron-api';

export interface MenuActions {
  platform: NodeJS.Platform;
  appName: string;
  /** app.isPackaged: an installed app has no Toggle Developer Tools. */
  isPackaged: boolean;
  newWindow(): void;
  showAbout(): void;
  /** View > Server Console; the item appears only when this is given. */
  openServerConsole?: () => void;
}

const separator: MenuItemSpec = { type: 'separator' };

export function buildMenuTemplate(actions: MenuActions): MenuItemSpec[] {
  const isMac = actions.platform === 'darwin';
  const quit: MenuItemSpec = { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' };

  const file: MenuItemSpec = {
    label: 'File',
    submenu: [
      { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => actions.newWindow() },
      { label: 'Close Window', role: 'close', accelerator: 'CmdOrCtrl+W' },
      // On macOS Quit lives in the app menu, as users expect.
      ...(isMac ? [] : [separator, quit]),
    ],
  };

  const edit: MenuItemSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const serverConsole = actions.openServerConsole;
  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      ...(serverConsole
        ? [{ label: 'Server Console', click: () => serverConsole() }, separator]
        : []),
      { role: 'reload' },
      // DevTools are for people working on Loopchat, not for users of an installed copy.
      ...(actions.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  // macOS users expect a Window menu (Minimize, Zoom, Bring All to Front, the window list).
  const window: MenuItemSpec[] = isMac ? [{ role: 'windowMenu' }] : [];

  const help: MenuItemSpec = {
    label: 'Help',
    submenu: [{ label: `About ${actions.appName}`, click: () => actions.showAbout() }],
  };

  const appMenu: MenuItemSpec[] = isMac ? [{ label: actions.appName, role: 'appMenu' }] : [];
  return [...appMenu, file, edit, view, ...window, help];
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
