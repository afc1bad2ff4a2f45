// The hub's attachments at rest, in `attachments/` beside history.jsonl in the data folder.
// Content-addressed: a file is named by the SHA-256 of its bytes, so the same bytes are stored
// once. Uploads are written chunk by chunk to partial/ (partial-file.ts) and moved into place
// by one rename only when whole and their hash matches: nothing partial is ever readable as
// an attachment. A storage cap bounds the folder; making room evicts the oldest attachments,
// which windows then show as "no longer available". The index (index.json) lists what is
// stored; it is rewritten through a rename and can always be rebuilt from the files.

import { join } from 'node:path';
import { ATTACHMENT_LIMITS, chunkLength } from '../../protocol/attachment-limits';
import type { AttachmentKind } from '../../protocol/file-kind';
import type { IndexedAttachment } from '../../protocol/stored-attachments';
import type { StoredAttachment } from '../../protocol/upload-messages';
import { PartialFile } from './partial-file';
import { nodeStoreFs, type StoreFs } from './store-fs';
import { INDEX_FILE, PARTIAL_DIR, recover, setAside, type RecoveryContext } from './store-recovery';

export const ATTACHMENTS_DIR = 'attachments';

export interface StoreOptions {
  capBytes?: number;
  fs?: StoreFs;
  now?: () => number;
  /** A line for the hub's log when the store repairs or sets aside what it found. */
  onRecover?: (note: string) => void;
  /** An attachment left the store to make room (its bytes are no longer available). */
  onEvicted?: (attachment: IndexedAttachment) => void;
}

export type Reserved =
  | { ok: true; partial: PartialFile }
  | { ok: false; code: 'storage-full' | 'disk-error'; message: string };

export type Committed =
  | { ok: true; attachment: StoredAttachment }
  | { ok: false; code: 'hash-mismatch' | 'disk-error'; message: string };

const diskMessage = (err: unknown): string =>
  (err as NodeJS.ErrnoException).code === 'ENOSPC'
    ? 'the hub could not store the file: its disk is full'
    : `the hub could not store the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`;

export class AttachmentStore {
  private readonly entries = new Map<string, IndexedAttachment>();
  private used = 0;
  private reserved = 0;
  private partials = 0;
  private indexStale = false;
  private readonly ctx: RecoveryContext;

  private constructor(
    readonly dir: string,
    readonly capBytes: number,
    private readonly fs: StoreFs,
    private readonly options: StoreOptions,
  ) {
    this.ctx = { fs, dir, now: options.now ?? Date.now, note: (t) => options.onRecover?.(t) };
  }

  /** Opens (or creates) the store in `dataDir`. Partial uploads of an earlier run are dropped. */
  static open(dataDir: string, options: StoreOptions = {}): AttachmentStore {
    const fs = options.fs ?? nodeStoreFs;
    const cap = options.capBytes ?? ATTACHMENT_LIMITS.defaultStorageCapBytes;
    const store = new AttachmentStore(join(dataDir, ATTACHMENTS_DIR), cap, fs, options);
    fs.mkdir(store.dir);
    fs.removeAll(join(store.dir, PARTIAL_DIR));
    fs.remove(join(store.dir, `${INDEX_FILE}.tmp`));
    fs.mkdir(join(store.dir, PARTIAL_DIR));
    const { attachments, changed } = recover(store.ctx);
    for (const a of attachments) store.add(a);
    store.indexStale = changed;
    store.makeRoom(0);
    store.writeIndex();
    return store;
  }

  get usedBytes(): number {
    return this.used;
  }

  get reservedBytes(): number {
    return this.reserved;
  }

  /** What the store holds of `sha256`, or undefined (never stored, or evicted). */
  get(sha256: string): StoredAttachment | undefined {
    const entry = this.entries.get(sha256);
    return entry && { sha256: entry.sha256, size: entry.size, kind: entry.kind };
  }

  /** The same bytes were sent again: they count as new for eviction. */
  touch(sha256: string): void {
    const entry = this.entries.get(sha256);
    if (!entry) return;
    entry.storedAt = this.ctx.now();
    this.writeIndex(true);
  }

  /**
   * Sets `size` bytes aside under the cap (evicting the oldest attachments if need be) and
   * opens a partial file for an upload of that size.
   */
  reserve(size: number): Reserved {
    if (size > this.capBytes) {
      return {
        ok: false,
        code: 'storage-full',
        message: `the file is larger than the hub's whole storage (${this.capBytes} bytes)`,
      };
    }
    if (!this.makeRoom(size)) {
      return {
        ok: false,
        code: 'storage-full',
        message: "the hub's storage is taken by uploads in progress; try again later",
      };
    }
    const path = join(this.dir, PARTIAL_DIR, `${(this.partials += 1)}.part`);
    try {
      const partial = new PartialFile(this.fs, path, this.fs.open(path, 'w'), size);
      this.reserved += size;
      return { ok: true, partial };
    } catch (err) {
      return { ok: false, code: 'disk-error', message: diskMessage(err) };
    }
  }

  /** Drops an upload's partial bytes and gives its reserved space back. */
  discard(partial: PartialFile): void {
    partial.close();
    this.reserved -= partial.reservedBytes;
    this.removeQuietly(partial.path);
  }

  /** Moves a whole upload into place if its bytes hash to `sha256`; otherwise drops them. */
  commit(partial: PartialFile, sha256: string, kind: AttachmentKind): Committed {
    let actual: string;
    try {
      actual = partial.finish();
    } catch (err) {
      this.discard(partial);
      return { ok: false, code: 'disk-error', message: diskMessage(err) };
    }
    if (actual !== sha256) {
      this.discard(partial);
      return {
        ok: false,
        code: 'hash-mismatch',
        message: `the bytes' SHA-256 is ${actual}, not the declared ${sha256}`,
      };
    }
    if (!this.entries.has(sha256)) {
      try {
        this.fs.rename(partial.path, join(this.dir, sha256));
      } catch (err) {
        this.discard(partial);
        return { ok: false, code: 'disk-error', message: diskMessage(err) };
      }
      this.add({ sha256, size: partial.bytes, kind, storedAt: this.ctx.now() });
    }
    this.reserved -= partial.reservedBytes;
    this.removeQuietly(partial.path); // only there if the same bytes were stored meanwhile
    this.touch(sha256);
    return { ok: true, attachment: { sha256, size: partial.bytes, kind } };
  }

  /** Chunk `index` of an attachment, read from disk; undefined if the store no longer has it. */
  readChunk(
    sha256: string,
    index: number,
    chunkBytes = ATTACHMENT_LIMITS.chunkBytes,
  ): Uint8Array | undefined {
    const entry = this.entries.get(sha256);
    if (!entry) return undefined;
    const length = chunkLength(entry.size, index, chunkBytes);
    let fd: number;
    try {
      fd = this.fs.open(join(this.dir, sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.drop(sha256);
      this.ctx.note(`${join(this.dir, sha256)} is missing; its attachment is no longer available`);
      this.writeIndex(true);
      return undefined;
    }
    try {
      const bytes = this.fs.read(fd, length, index * chunkBytes);
      if (bytes.length === length) return bytes;
    } finally {
      this.fs.close(fd);
    }
    this.drop(sha256);
    setAside(this.ctx, sha256, `shorter than the ${entry.size} bytes the index says`);
    this.writeIndex(true);
    return undefined;
  }

  /** A file the store no longer needs; one it cannot remove is noted, not fatal. */
  private removeQuietly(path: string): void {
    try {
      this.fs.remove(path);
    } catch (err) {
      this.ctx.note(`${path}: could not be removed (${String(err)})`);
    }
  }

  private add(entry: IndexedAttachment): void {
    this.entries.set(entry.sha256, entry);
    this.used += entry.size;
  }

  private drop(sha256: string): IndexedAttachment | undefined {
    const entry = this.entries.get(sha256);
    if (entry) {
      this.entries.delete(sha256);
      this.used -= entry.size;
    }
    return entry;
  }

  /** Evicts the oldest attachments until `size` more bytes fit; false if they cannot. */
  private makeRoom(size: number): boolean {
    const oldestFirst = [...this.entries.values()].sort((a, b) => a.storedAt - b.storedAt);
    let evicted = false;
    while (this.used + this.reserved + size > this.capBytes && oldestFirst.length > 0) {
      const entry = oldestFirst.shift() as IndexedAttachment;
      this.drop(entry.sha256);
      this.removeQuietly(join(this.dir, entry.sha256));
      this.options.onEvicted?.(entry);
      evicted = true;
    }
    if (evicted) this.writeIndex(true);
    return this.used + this.reserved + size <= this.capBytes;
  }

  /**
   * Writes the index if anything changed. A failed write leaves the old index, which open()
   * repairs from the files, and is tried again with the next change.
   */
  private writeIndex(changed = false): void {
    if (!changed && !this.indexStale) return;
    const attachments = [...this.entries.values()];
    try {
      this.fs.writeTextAtomic(
        join(this.dir, INDEX_FILE),
        JSON.stringify({ loopchatAttachments: 1, attachments }),
      );
      this.indexStale = false;
    } catch (err) {
      this.indexStale = true;
      this.ctx.note(
        `${join(this.dir, INDEX_FILE)}: could not be written (${String(err)}); kept in memory`,
      );
    }
  }
}
