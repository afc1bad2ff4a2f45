// Spelling without downloads. On macOS Chromium asks the OS's own spellchecker. On Windows and
// Linux it uses Hunspell, and the moment the session first exists it starts loading the
// dictionary of the system's language, fetching it from Google's CDN when it is not on disk
// (Electron's Session constructor calls InitializeDictionaries; Chromium's LoadDictionaries
// loads every listed language whether spellchecking is on or not). No traffic may leave the
// machine, so there the list is emptied in the same turn the session is made, which drops the
// load before its download begins, and spelling stays off in every page.

import type { ElectronApi } from './electron-api';

/** Only macOS checks spelling with the OS's own dictionaries; elsewhere it would download. */
export function spellcheckFromOs(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/**
 * Call once the app is ready, before anything else reaches the session (protocol.handle, a
 * window): reaching it here is what makes it, and the load it starts is dropped at once.
 */
export function keepDictionariesLocal(electron: Pick<ElectronApi, 'platform' | 'defaultSession'>) {
  if (spellcheckFromOs(electron.platform)) return;
  const session = electron.defaultSession();
  session.setSpellCheckerLanguages([]);
  session.setSpellCheckerEnabled(false);
}
