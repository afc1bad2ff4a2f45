// One upload's bytes while they arrive: appended to a file in the store's partial/ folder chunk
// by chunk (so the hub holds one chunk of it in memory, never the file), hashed as they pass.
// A partial file is never readable as an attachment: only AttachmentStore.commit moves it
// into place, once it is whole and its SHA-256 is the declared one.

import { createHash, type Hash } from 'node:crypto';
import type { StoreFs } from './store-fs';

export class PartialFile {
  private readonly hash: Hash = createHash('sha256');
  private written = 0;
  private open = true;

  constructor(
    private readonly fs: StoreFs,
    readonly path: string,
    private readonly fd: number,
    /** The bytes set aside for this upload under the storage cap. */
    readonly reservedBytes: number,
  ) {}

  get bytes(): number {
    return this.written;
  }

  /** Writes `bytes` after what came before. Throws what the file system throws (ENOSPC). */
  append(bytes: Uint8Array): void {
    if (!this.open) throw new Error(`${this.path} is closed`);
    this.fs.append(this.fd, bytes);
    this.hash.update(bytes);
    this.written += bytes.length;
  }

  /** Flushes and closes the file and returns the SHA-256 of everything appended. */
  finish(): string {
    this.fs.sync(this.fd);
    this.close();
    return this.hash.digest('hex');
  }

  /** Closes the file (idempotent); the store removes it. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.fs.close(this.fd);
  }
}
