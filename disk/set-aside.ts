// The one way Loopchat moves a damaged file (or a folder where a file belongs) out of the way:
// renamed to NAME.bad-<time> beside it, never deleted, so a person can look at it and nothing
// valid is ever lost. Every reader of the data folder goes through this.

import { existsSync, renameSync } from 'node:fs';

/** The two operations setting aside needs; the real file system unless a test injects faults. */
export interface SetAsideFs {
  rename(from: string, to: string): void;
  exists(path: string): boolean;
}

export const nodeSetAsideFs: SetAsideFs = {
  rename: (from, to) => renameSync(from, to),
  exists: (path) => existsSync(path),
};

/**
 * Renames `path` to `path.bad-<now>` (with `-2`, `-3`… when that name is taken, so an earlier
 * damaged copy is never overwritten) and returns the new path. Throws what rename throws.
 */
export function setAside(path: string, now: number, fs: SetAsideFs = nodeSetAsideFs): string {
  const aside = asidePath(path, now, fs);
  fs.rename(path, aside);
  return aside;
}

/** The name setAside would move `path` to, for a reader that copies the damaged part there. */
export function asidePath(
  path: string,
  now: number,
  fs: Pick<SetAsideFs, 'exists'> = nodeSetAsideFs,
): string {
  let aside = `${path}.bad-${now}`;
  for (let n = 2; fs.exists(aside); n += 1) aside = `${path}.bad-${now}-${n}`;
  return aside;
}
