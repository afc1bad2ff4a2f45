// Who the app is to Windows. Windows shows an app's toast notifications, groups its windows
// under its pinned taskbar icon and draws the badge overlay there only when the process's
// AppUserModelID matches the one on the Start menu shortcut, which electron-builder's NSIS
// installer takes from `appId` (electron-builder.config.ts). Electron's own default is
// "electron.app.<name>" (shell/common/application_info_win.cc), which matches no shortcut.

import type { AppApi } from './electron-api';

/** electron-builder.config.ts's `appId`; a test keeps the two equal. */
export const APP_USER_MODEL_ID = 'dev.loopchat.app';

/**
 * An installed app on Windows takes its installer's ID, before any window exists (a window
 * keeps the ID it was made with). A run from the sources has no shortcut of its own and keeps
 * Electron's default rather than be mistaken for the installed app.
 */
export function claimAppIdentity(
  app: Pick<AppApi, 'isPackaged' | 'setAppUserModelId'>,
  platform: NodeJS.Platform,
): void {
  if (platform === 'win32' && app.isPackaged) app.setAppUserModelId(APP_USER_MODEL_ID);
}
