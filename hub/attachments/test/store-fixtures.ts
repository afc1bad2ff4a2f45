// Test helpers for the attachment store: a temporary data folder, a file system that fails on
// demand (a full disk, a vanished file), and bytes of each kind with their SHA-256.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeStoreFs, type StoreFs } from '../store-fs';

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

export function errno(code: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: simulated`);
  err.code = code;
  return err;
}

/** Temporary data folders, removed by cleanup(). */
export function tempDirs(): { make(): string; cleanup(): void } {
  const dirs: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'loopchat-attachments-'));
      dirs.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type FsOperation = keyof StoreFs;

/** The real file system, except that operations named in `failing` throw `failing[op]`. */
export function failingFs(): { fs: StoreFs; failing: Partial<Record<FsOperation, string>> } {
  const failing: Partial<Record<FsOperation, string>> = {};
  const fs = Object.fromEntries(
    Object.entries(nodeStoreFs).map(([op, fn]) => [
      op,
      (...args: unknown[]) => {
        const code = failing[op as FsOperation];
        if (code !== undefined) throw errno(code);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as StoreFs;
  return { fs, failing };
}

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `length` bytes starting with a PNG signature (if there is room), the rest a pattern. */
export function pngBytes(length: number, seed = 1): Uint8Array {
  const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
  bytes.set(PNG_HEAD.slice(0, length));
  return bytes;
}

/** `length` bytes of plain text (a "file" by its bytes). */
export function textBytes(length: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => 0x61 + ((i + seed) % 26));
}
