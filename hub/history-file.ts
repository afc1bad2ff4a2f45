// Chat history on disk, so it survives a restart of the app: one JSON line per message,
// after a header line naming the history. Written synchronously, one write per burst, before
// the hub lets the burst's relays out of the process (see hub.ts), so anything a sender saw
// acknowledged is in the kernel's hands even if the process is killed the next instant. A
// write that fails (a full disk, a folder that stopped being writable) is cut back out of
// the file, so the file never holds a message the hub took back. Reading it back, damaged
// or not, is history-reader.ts's. The file is compacted to the newest messages when it grows
// past its bound.

import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  writeFileSync,
  writevSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { ChatMessage } from '../protocol/messages';
import { History, type HistoryStore } from './history';
import { HISTORY_BOUND, type HistoryIndex } from './history-index';
import { loadHistory } from './history-reader';

const NEWLINE = Buffer.from('\n');

/**
 * The file-system calls a HistoryFile writes with: node:fs, or in tests a disk that fills up
 * or stops being writable on demand (no global mock of node:fs).
 */
export interface HistoryFs {
  openSync(path: string, flags: 'a'): number;
  writevSync(fd: number, buffers: readonly NodeJS.ArrayBufferView[]): number;
  ftruncateSync(fd: number, length: number): void;
  fstatSync(fd: number): { size: number };
  closeSync(fd: number): void;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
}

export const nodeHistoryFs: HistoryFs = {
  openSync: (path, flags) => openSync(path, flags),
  writevSync: (fd, buffers) => writevSync(fd, buffers),
  ftruncateSync: (fd, length) => ftruncateSync(fd, length),
  fstatSync: (fd) => fstatSync(fd),
  closeSync: (fd) => closeSync(fd),
  writeFileSync: (path, data) => writeFileSync(path, data),
  renameSync: (from, to) => renameSync(from, to),
};

/** A write the kernel took only part of: what a disk that fills part-way through returns. */
export class ShortWrite extends Error {
  constructor(
    readonly written: number,
    readonly size: number,
  ) {
    super(`history file: wrote ${written} of ${size} bytes`);
  }
}

export class HistoryFile implements HistoryStore {
  private fd: number;
  private lines = 0;
  /** The file's length after the last whole write: a failed one is cut back to it. */
  private bytes: number;
  private damaged = false;
  /** Where a compaction takes the messages to keep from (every message within the bound). */
  private index: HistoryIndex | null = null;

  private constructor(
    private readonly path: string,
    private readonly id: string,
    /** The newest messages a compaction keeps; the file grows to 1.25 × this first. */
    private readonly bound: number,
    lines: number,
    private readonly fs: HistoryFs,
  ) {
    this.fd = fs.openSync(path, 'a');
    this.bytes = fs.fstatSync(this.fd).size;
    this.lines = lines;
  }

  /**
   * Opens (or creates) the history at `path` and returns a History backed by it. `keep` bounds
   * what is replayed and deduped (History's capacity); `bound` (at least `keep`) what is kept
   * on file and can be paged back to and searched: a compaction rewrites the file to the
   * newest `bound` messages when it reaches 1.25 × bound.
   */
  static open(
    path: string,
    keep = 2000,
    onRecover?: (note: string) => void,
    fs: HistoryFs = nodeHistoryFs,
    bound = HISTORY_BOUND,
  ): History {
    mkdirSync(dirname(path), { recursive: true });
    // Whatever was there, the file now holds exactly the valid messages (history-reader.ts).
    const loaded = loadHistory(path, onRecover ?? (() => undefined));
    const kept = Math.max(keep, bound);
    const file = new HistoryFile(path, loaded.id, kept, loaded.messages.length, fs);
    const history = new History(keep, loaded, file, kept);
    file.index = history.index;
    return history;
  }

  write(lines: readonly Buffer[], recent: readonly ChatMessage[]): void {
    // After a write that could not be cut back, the file may hold a torn line: rewrite it.
    const full = this.lines + lines.length >= this.bound + Math.ceil(this.bound / 4);
    if (this.damaged || full) return this.compact(this.index?.all() ?? recent);
    const buffers = lines.flatMap((line) => [line, NEWLINE]);
    const size = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    try {
      // A disk that fills part-way through returns a short count rather than throwing.
      const written = this.fs.writevSync(this.fd, buffers);
      if (written !== size) throw new ShortWrite(written, size);
      this.lines += lines.length;
      this.bytes += size;
    } catch (err) {
      this.cutBack();
      throw err;
    }
  }

  close(): void {
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = -1;
  }

  /**
   * The history takes a failed burst's messages back (their seqs are given out again), so no
   * line of it may stay: a crash before the next write would bring them back on load.
   */
  private cutBack(): void {
    try {
      this.fs.ftruncateSync(this.fd, this.bytes);
    } catch {
      this.damaged = true; // the next write rewrites the file from memory instead
    }
  }

  /** Rewrites the file with only the messages still in memory (atomic via rename). */
  private compact(messages: readonly ChatMessage[]): void {
    this.damaged = true; // until the rewrite is whole
    const tmp = `${this.path}.tmp`;
    const header = JSON.stringify({ loopchatHistory: 1, id: this.id });
    const text = [header, ...messages.map((m) => JSON.stringify(m))].join('\n') + '\n';
    this.fs.writeFileSync(tmp, text);
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = -1;
    try {
      this.fs.renameSync(tmp, this.path);
    } finally {
      // Appending again, to the new file or (if the rename failed) the old one: never a stale fd.
      this.fd = this.fs.openSync(this.path, 'a');
    }
    this.lines = messages.length;
    this.bytes = Buffer.byteLength(text);
    this.damaged = false;
  }
}
