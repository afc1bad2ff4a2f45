// The few synchronous file operations the attachment store uses, behind one small interface so
// tests can make any of them fail (a full disk, a vanished file) and see that nothing partial
// becomes readable and nothing stored is lost.

import * as fs from 'node:fs';

export interface StoreFs {
  mkdir(path: string): void;
  /** Removes a folder and everything in it; nothing if it is not there. */
  removeAll(path: string): void;
  list(path: string): string[];
  stat(path: string): { size: number; mtimeMs: number } | null;
  readText(path: string): string | null;
  /** Writes `text` to `path` through a temporary file and a rename: never half a file. */
  writeTextAtomic(path: string, text: string): void;
  open(path: string, flags: 'w' | 'r'): number;
  /** Writes all of `bytes` at the end of what `fd` has written so far. */
  append(fd: number, bytes: Uint8Array): void;
  /** Reads up to `length` bytes at `position`; fewer at the end of the file. */
  read(fd: number, length: number, position: number): Uint8Array;
  sync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

export const nodeStoreFs: StoreFs = {
  mkdir: (path) => void fs.mkdirSync(path, { recursive: true }),
  removeAll: (path) => fs.rmSync(path, { recursive: true, force: true }),
  list: (path) => fs.readdirSync(path),
  stat(path) {
    try {
      const s = fs.statSync(path);
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  },
  readText(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  },
  writeTextAtomic(path, text) {
    const temp = `${path}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, path);
  },
  open: (path, flags) => fs.openSync(path, flags),
  append(fd, bytes) {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
  },
  read(fd, length, position) {
    const buffer = Buffer.alloc(length);
    const got = fs.readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, got);
  },
  sync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  remove(path) {
    try {
      fs.unlinkSync(path);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  },
};
