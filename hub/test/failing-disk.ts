// A disk for tests that fills up or stops being writable on demand: the history file's
// HistoryFs seam, passing through to node:fs while `fault` is null. Not part of the app.

import { nodeHistoryFs, type HistoryFs } from '../history-file';

/** How a write fails: its errno code, or "short" (the kernel took only part of it). */
export type DiskFault = 'ENOSPC' | 'EACCES' | 'EROFS' | 'short';

const messages: Record<Exclude<DiskFault, 'short'>, string> = {
  ENOSPC: 'no space left on device',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
};

function fsError(code: Exclude<DiskFault, 'short'>, call: string): Error {
  return Object.assign(new Error(`${code}: ${messages[code]}, ${call}`), { code });
}

export class FailingDisk implements HistoryFs {
  /** Every write, rewrite and rename fails this way until it is set back to null. */
  fault: DiskFault | null = null;
  /** Cutting a failed write back fails too (the file keeps a torn line). */
  truncateFails = false;
  /** Writes that failed. */
  failures = 0;

  openSync(path: string, flags: 'a'): number {
    if (this.fault !== null && this.fault !== 'short') throw this.fail(this.fault, 'open');
    return nodeHistoryFs.openSync(path, flags);
  }

  writevSync(fd: number, buffers: readonly NodeJS.ArrayBufferView[]): number {
    if (this.fault === null) return nodeHistoryFs.writevSync(fd, buffers);
    // Part of the first line reaches the file either way, as when a disk fills mid-write.
    const first = buffers[0] as Buffer;
    const written = nodeHistoryFs.writevSync(fd, [first.subarray(0, Math.ceil(first.length / 2))]);
    if (this.fault === 'short') {
      this.failures += 1;
      return written;
    }
    throw this.fail(this.fault, 'write');
  }

  ftruncateSync(fd: number, length: number): void {
    if (this.truncateFails) throw fsError('EROFS', 'ftruncate');
    nodeHistoryFs.ftruncateSync(fd, length);
  }

  fstatSync(fd: number): { size: number } {
    return nodeHistoryFs.fstatSync(fd);
  }

  closeSync(fd: number): void {
    nodeHistoryFs.closeSync(fd);
  }

  writeFileSync(path: string, data: string): void {
    if (this.fault === null) return nodeHistoryFs.writeFileSync(path, data);
    // A full disk leaves a partial temporary file; an unwritable folder none at all.
    if (this.fault === 'ENOSPC' || this.fault === 'short')
      nodeHistoryFs.writeFileSync(path, data.slice(0, data.length >> 1));
    throw this.fail(this.fault === 'short' ? 'ENOSPC' : this.fault, 'write');
  }

  renameSync(from: string, to: string): void {
    if (this.fault !== null)
      throw this.fail(this.fault === 'short' ? 'ENOSPC' : this.fault, 'rename');
    nodeHistoryFs.renameSync(from, to);
  }

  private fail(code: Exclude<DiskFault, 'short'>, call: string): Error {
    this.failures += 1;
    return fsError(code, call);
  }
}
