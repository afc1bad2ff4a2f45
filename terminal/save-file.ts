// Writing a received attachment into --save-dir: the name the sender gave is only a
// suggestion. It becomes one plain file name inside the folder (never a path out of it), and
// an existing file is never overwritten: "cat.png" becomes "cat (2).png", "cat (3).png", ….

import { open } from 'node:fs/promises';
import { join } from 'node:path';

// Control characters, path separators, and what Windows refuses in a name.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;
const MAX_NAME = 200;

/** A name that is one file inside a folder: no separators, no "." or "..", not empty. */
export function safeFileName(suggested: string): string {
  const cleaned = suggested.replace(UNSAFE, '_').trim().slice(0, MAX_NAME);
  // Leading dots would hide the file (".x") or climb (".."); trailing ones Windows drops.
  const name = cleaned.replace(/^\.+/, '').replace(/[. ]+$/, '');
  return name === '' ? 'attachment' : name;
}

/** `name`, then "stem (2).ext", "stem (3).ext", … */
export function numberedName(name: string, n: number): string {
  if (n === 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** How many numbered names are tried before giving up. */
const MAX_TRIES = 1000;

/**
 * Writes `bytes` to a new file in `dir` named after `suggested`; resolves with its path. Opened
 * with O_EXCL ('wx'), so an existing file (or a link planted there) is never written through.
 */
export async function writeNewFile(
  dir: string,
  suggested: string,
  bytes: Uint8Array,
): Promise<string> {
  const name = safeFileName(suggested);
  for (let n = 1; n <= MAX_TRIES; n++) {
    const path = join(dir, numberedName(name, n));
    let file;
    try {
      file = await open(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await file.writeFile(bytes);
    } finally {
      await file.close();
    }
    return path;
  }
  throw new Error(`${MAX_TRIES} files named like ${name} already exist`);
}
