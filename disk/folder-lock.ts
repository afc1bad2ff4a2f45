// One running Loopchat per data folder: whoever starts first holds `loopchat.lock` in it, a file
// naming its process id and where it can be reached; a second start reads it and points the
// user there instead of opening the same history twice. The file appears whole or not at all
// (written aside, then hard-linked into place, which fails if it exists), so no one ever reads
// half a lock. A lock whose process is gone (killed, crashed, a power cut) is stale: the next
// start takes it over.

import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'loopchat.lock';

/** What a second start is told about the one running. */
export interface LockHolder {
  pid: number;
  /** 'browser' mode prints `urls` to open; the 'desktop' app's windows are its own. */
  app: 'browser' | 'desktop';
  urls: string[];
}

export interface FolderLock {
  readonly path: string;
  /** Records where this instance can be reached, once its hub listens. */
  update(urls: string[]): void;
  /** Removes the lock if it is still this process's (idempotent; also runs on exit). */
  release(): void;
}

export type FolderClaim =
  { kind: 'taken'; lock: FolderLock } | { kind: 'held'; holder: LockHolder };

export interface LockDeps {
  pid: number;
  /** Whether a process with this id is running (see pidAlive). */
  isAlive(pid: number): boolean;
  /**
   * Runs `release` when the process exits, however it exits short of a kill; returns a
   * function that cancels this (a lock released early needs no exit hook).
   */
  onExit(release: () => void): () => void;
}

/** `kill(pid, 0)` sends nothing: it only asks whether the process exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user. Only ESRCH means no such process.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const nodeDeps: LockDeps = {
  pid: process.pid,
  isAlive: pidAlive,
  onExit: (release) => {
    process.once('exit', release);
    return () => process.off('exit', release);
  },
};

/** The lock file's format: anything else (damaged, empty, hand-edited) is no lock at all. */
export function parseLockHolder(text: string): LockHolder | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { pid, app, urls } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return null;
  if (app !== 'browser' && app !== 'desktop') return null;
  if (!Array.isArray(urls) || !urls.every((url) => typeof url === 'string')) return null;
  return { pid: pid as number, app, urls: urls as string[] };
}

function readHolder(path: string): LockHolder | null | 'gone' {
  try {
    return parseLockHolder(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

/** Writes the lock's contents aside and links them into place: EEXIST if someone holds it. */
function placeLock(path: string, holder: LockHolder): void {
  const temporary = `${path}.${holder.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of two starts that both found it
 * stale only one moves it; the other finds it gone, or finds the winner's live lock and gives
 * it back.
 */
function removeStale(path: string, deps: LockDeps): void {
  const moved = `${path}.stale-${deps.pid}`;
  try {
    renameSync(path, moved);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const what = readHolder(moved);
  if (what !== 'gone' && what !== null && what.pid !== deps.pid && deps.isAlive(what.pid)) {
    renameSync(moved, path);
    return;
  }
  unlinkSync(moved);
}

function heldLock(path: string, holder: LockHolder, deps: LockDeps): FolderLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    cancelExitHook();
    const now = readHolder(path);
    if (now !== 'gone' && now?.pid === deps.pid) unlinkSync(path);
  };
  const cancelExitHook = deps.onExit(release);
  return {
    path,
    update(urls) {
      // Replaced whole through a rename: a reader sees the old contents or the new.
      const temporary = `${path}.${deps.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ ...holder, urls })}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
    release,
  };
}

/** Takes `dir`'s lock for this process, or says who holds it. `dir` must exist. */
export function claimFolder(
  dir: string,
  app: LockHolder['app'],
  deps: LockDeps = nodeDeps,
): FolderClaim {
  const path = join(dir, LOCK_FILE);
  const mine: LockHolder = { pid: deps.pid, app, urls: [] };
  // Bounded: each round either takes the lock, finds a live holder or clears a stale one.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      placeLock(path, mine);
      return { kind: 'taken', lock: heldLock(path, mine, deps) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    if (holder === 'gone') continue;
    if (holder !== null && holder.pid !== deps.pid && deps.isAlive(holder.pid)) {
      return { kind: 'held', holder };
    }
    removeStale(path, deps);
  }
  throw new Error(`${path}: could not take the lock (it keeps changing hands)`);
}

/** What a second start on a held folder says: one line, then the running one's links. */
export function alreadyRunningLines(dir: string, holder: LockHolder): string[] {
  const where =
    holder.app === 'desktop' ? 'as the desktop app' : `in browser mode (process ${holder.pid})`;
  const first = `Loopchat is already running on ${dir} ${where}${holder.urls.length > 0 ? '; open:' : '.'}`;
  const label = (url: string) => (url.includes('/console.html') ? 'Server console: ' : '');
  return [first, ...holder.urls.map((url) => `  ${label(url)}${url}`)];
}
