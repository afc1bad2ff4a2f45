// The data folder's lock with real processes: a live holder keeps it, a dead one's lock
// (killed with SIGKILL, no chance to clean up) is taken over, a damaged lock is no lock.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimFolder, LOCK_FILE, pidAlive, type LockDeps } from './folder-lock';
import { temporaryFolders } from './test/temp-folder';

const folder = temporaryFolders();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that runs until killed; resolves once it is running. */
function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  return new Promise((resolve) => child.stdout?.once('data', () => resolve(child)));
}

/** This process playing process `pid`; releases are collected instead of run at exit. */
function as(pid: number, alive: (pid: number) => boolean = pidAlive) {
  const atExit: (() => void)[] = [];
  const deps: LockDeps = {
    pid,
    isAlive: alive,
    onExit: (release) => {
      atExit.push(release);
      return () => undefined;
    },
  };
  return { deps, exit: () => atExit.forEach((release) => release()) };
}

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as unknown;

describe('one Loopchat per data folder', () => {
  it('takes a free folder, names itself in the lock, and frees it on exit', () => {
    const dir = folder();
    const me = as(process.pid);
    const claim = claimFolder(dir, 'browser', me.deps);
    expect(claim.kind).toBe('taken');
    expect(lockOf(dir)).toEqual({ pid: process.pid, app: 'browser', urls: [] });
    if (claim.kind === 'taken') claim.lock.update(['http://127.0.0.1:1/#token=ab']);
    expect(lockOf(dir)).toMatchObject({ urls: ['http://127.0.0.1:1/#token=ab'] });
    me.exit();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('tells a second claimant who holds the folder while that process runs', async () => {
    const dir = folder();
    const holder = await sleeper();
    const pid = holder.pid ?? 0;
    const first = claimFolder(dir, 'browser', as(pid).deps);
    if (first.kind === 'taken') first.lock.update(['http://127.0.0.1:9/#token=cd']);
    expect(claimFolder(dir, 'desktop', as(process.pid).deps)).toEqual({
      kind: 'held',
      holder: { pid, app: 'browser', urls: ['http://127.0.0.1:9/#token=cd'] },
    });
  });

  it('takes over the lock of a process killed with SIGKILL', async () => {
    const dir = folder();
    const holder = await sleeper();
    const pid = holder.pid ?? 0;
    expect(claimFolder(dir, 'browser', as(pid).deps).kind).toBe('taken');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(pidAlive(pid)).toBe(false);
    const next = claimFolder(dir, 'browser', as(process.pid).deps);
    expect(next.kind).toBe('taken');
    expect(lockOf(dir)).toMatchObject({ pid: process.pid });
    expect(readdirSync(dir)).toEqual([LOCK_FILE]); // no stale copy left behind
  });

  it.each([
    ['empty', ''],
    ['not JSON', '{"pid":'],
    ['without a pid', '{"app":"browser","urls":[]}'],
  ])('treats a lock file that is %s as no lock', (_what, text) => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), text);
    expect(claimFolder(dir, 'browser', as(process.pid).deps).kind).toBe('taken');
  });

  it('takes over a lock naming its own pid (a previous run that had the same pid)', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 31, app: 'browser', urls: [] }));
    expect(claimFolder(dir, 'browser', as(31, () => true).deps).kind).toBe('taken');
  });

  it('does not remove a lock another process has taken since', () => {
    const dir = folder();
    const first = as(101, () => true);
    claimFolder(dir, 'browser', first.deps);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 202, app: 'browser', urls: [] }));
    first.exit();
    expect(lockOf(dir)).toMatchObject({ pid: 202 });
  });

  it('lets exactly one of two claimants in, however many times they try', () => {
    const dir = folder();
    const alive = new Set([1, 2]);
    const claims = [1, 2].map((pid) =>
      claimFolder(dir, 'browser', as(pid, (p) => alive.has(p)).deps),
    );
    expect(claims.map((c) => c.kind).sort()).toEqual(['held', 'taken']);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
