// What the attachment store does when it opens a data folder: it trusts no file it did not just
// write. The index is read through protocol/stored-attachments.ts; an attachment file is
// checked against its entry (size) or, with no entry to go by, against its own name (SHA-256
// of its bytes). What fails is set aside as NAME.bad-<time>, never deleted, never served.

import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { setAside as setAsideFile } from '../../disk/set-aside';
import { detectKind, SNIFF_BYTES } from '../../protocol/file-kind';
import { parseAttachmentIndex, type IndexedAttachment } from '../../protocol/stored-attachments';
import { isSha256 } from '../../protocol/upload-validate';
import type { StoreFs } from './store-fs';

export const INDEX_FILE = 'index.json';
export const PARTIAL_DIR = 'partial';
const READ_BYTES = 64 * 1024;

export interface Recovered {
  attachments: IndexedAttachment[];
  /** Whether the index on disk differs from `attachments` and must be written again. */
  changed: boolean;
}

export interface RecoveryContext {
  fs: StoreFs;
  dir: string;
  now: () => number;
  note: (text: string) => void;
}

/** Moves `name` out of the way as `name.bad-<time>` (disk/set-aside.ts), for a person to look at. */
export function setAside(ctx: RecoveryContext, name: string, why: string): void {
  try {
    const aside = setAsideFile(join(ctx.dir, name), ctx.now(), {
      rename: (from, to) => ctx.fs.rename(from, to),
      exists: (path) => ctx.fs.stat(path) !== null,
    });
    ctx.note(`${join(ctx.dir, name)}: ${why}; set aside as ${basename(aside)}`);
  } catch (err) {
    ctx.note(`${join(ctx.dir, name)}: ${why}; could not set it aside (${String(err)})`);
  }
}

/** Reads a whole attachment file to check it against its name; null if it does not match. */
export function verifyFile(ctx: RecoveryContext, sha256: string): IndexedAttachment | null {
  const path = join(ctx.dir, sha256);
  const stat = ctx.fs.stat(path);
  if (stat === null) return null;
  const fd = ctx.fs.open(path, 'r');
  try {
    const hash = createHash('sha256');
    let head = new Uint8Array(0);
    let size = 0;
    for (;;) {
      const bytes = ctx.fs.read(fd, READ_BYTES, size);
      if (bytes.length === 0) break;
      if (size === 0) head = bytes.slice(0, SNIFF_BYTES);
      hash.update(bytes);
      size += bytes.length;
    }
    if (hash.digest('hex') !== sha256) return null;
    return { sha256, size, kind: detectKind(head), storedAt: stat.mtimeMs };
  } finally {
    ctx.fs.close(fd);
  }
}

function readIndex(ctx: RecoveryContext): IndexedAttachment[] | null {
  let text: string | null;
  try {
    text = ctx.fs.readText(join(ctx.dir, INDEX_FILE));
  } catch (err) {
    // A folder in its place, or no permission: the files themselves are the index then.
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    setAside(ctx, INDEX_FILE, `could not be read (${code}); rebuilt from the files`);
    return null;
  }
  if (text === null) return null;
  const index = parseAttachmentIndex(text);
  if (index === null)
    setAside(ctx, INDEX_FILE, 'not a valid attachment index; rebuilt from the files');
  return index?.attachments ?? null;
}

/**
 * The attachments in `ctx.dir`: the index's entries whose files are there at the right size
 * (or, at another size, whose bytes match their name: the index was wrong), plus every attachment file the index does not list whose bytes match its name (a crash
 * between storing a file and writing the index, or a rebuild after a damaged index).
 */
export function recover(ctx: RecoveryContext): Recovered {
  const indexed = readIndex(ctx);
  const files = new Set(ctx.fs.list(ctx.dir).filter(isSha256));
  const attachments: IndexedAttachment[] = [];
  let changed = indexed === null;
  for (const entry of indexed ?? []) {
    if (!files.delete(entry.sha256)) {
      ctx.note(`${join(ctx.dir, entry.sha256)} is missing; its attachment is no longer available`);
      changed = true;
    } else if (ctx.fs.stat(join(ctx.dir, entry.sha256))?.size !== entry.size) {
      // The index or the file is wrong: the file's own name says which.
      const found = verifyFile(ctx, entry.sha256);
      if (found === null) setAside(ctx, entry.sha256, `not the ${entry.size} bytes the index says`);
      else attachments.push(found);
      changed = true;
    } else {
      attachments.push(entry);
    }
  }
  for (const sha256 of files) {
    const found = verifyFile(ctx, sha256);
    if (found === null) setAside(ctx, sha256, 'its bytes do not match its name');
    else attachments.push(found);
    changed = true;
  }
  return { attachments, changed };
}
