// The command line Loopchat's unpackaged app is started with, by `npm start` and by the
// Playwright Electron spec. Playwright on Windows runs Electron through the shell and quotes
// each argument without escaping backslashes, so an argument ending in `\` turns its closing
// quote into a literal `"` (`D:\a\loopchat\loopchat"`). Every path here is resolved, which
// drops trailing separators, and a quote is refused outright.

import path from 'node:path';

/** Our own flag (not Chromium's --user-data-dir): the folder for settings, history and the lock. */
export const DATA_DIR_FLAG = '--data-dir';

export interface LaunchArgsOptions {
  /** The folder holding package.json (Electron reads `main` and the app name from it). */
  appDir: string;
  /** Where this run keeps its data; default: the OS's per-user app data folder. */
  dataDir?: string;
}

type PathApi = Pick<typeof path, 'resolve'>;

/** `value` as an absolute path without a trailing separator; throws for one that cannot be quoted. */
export function withoutTrailingSeparator(value: string, paths: PathApi = path): string {
  const resolved = paths.resolve(value);
  // resolve() keeps the separator of a root (`D:\`), which would still eat the quote.
  if (resolved.includes('"') || resolved.endsWith('\\')) {
    throw new Error(`this path cannot be passed on a command line safely: ${value}`);
  }
  return resolved;
}

export function electronLaunchArgs(options: LaunchArgsOptions, paths: PathApi = path): string[] {
  const args = [withoutTrailingSeparator(options.appDir, paths)];
  if (options.dataDir !== undefined) {
    args.push(`${DATA_DIR_FLAG}=${withoutTrailingSeparator(options.dataDir, paths)}`);
  }
  return args;
}
