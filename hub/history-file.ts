// Chat history on disk, so it survives a restart of the app: one JSON line per message,
// after a header line naming the history. Written synchronously, one write per burst, before
// the hub lets the burst's relays out of the process (see hub.ts), so anything a sender saw
// acknowledged is in the kernel's hands even if the process is killed the next instant.
// Reading it back, damaged or not, is history-reader.ts's. The file is compacted to the newest
// messages when it grows past its bound.

import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChatMessage } from '../protocol/messages';
import { History, type HistoryStore } from './history';
import { HISTORY_BOUND, type HistoryIndex } from './history-index';
import { loadHistory } from './history-reader';

const NEWLINE = Buffer.from('\n');

export class HistoryFile implements HistoryStore {
  private fd: number;
  private lines = 0;
  private damaged = false;
  /** Where a compaction takes the messages to keep from (every message within the bound). */
  private index: HistoryIndex | null = null;

  private constructor(
    private readonly path: string,
    private readonly id: string,
    /** The newest messages a compaction keeps; the file grows to 1.25 × this first. */
    private readonly bound: number,
    lines: number,
  ) {
    this.fd = openSync(path, 'a');
    this.lines = lines;
  }

  /**
   * Opens (or creates) the history at `path` and returns a History backed by it. `keep` bounds
   * what is replayed and deduped (History's capacity); `bound` (at least `keep`) what is kept
   * on file and can be paged back to and searched: a compaction rewrites the file to the
   * newest `bound` messages when it would pass 1.25 × bound.
   */
  static open(
    path: string,
    keep = 2000,
    onRecover?: (note: string) => void,
    bound = HISTORY_BOUND,
  ): History {
    mkdirSync(dirname(path), { recursive: true });
    // Whatever was there, the file now holds exactly the valid messages (history-reader.ts).
    const loaded = loadHistory(path, onRecover ?? (() => undefined));
    const kept = Math.max(keep, bound);
    const file = new HistoryFile(path, loaded.id, kept, loaded.messages.length);
    const history = new History(keep, loaded, file, kept);
    file.index = history.index;
    return history;
  }

  write(lines: readonly Buffer[], recent: readonly ChatMessage[]): void {
    // After a failed write (a full disk) the file may have a gap or a torn line: rewrite it.
    const full = this.lines + lines.length > this.bound + Math.ceil(this.bound / 4);
    if (this.damaged || full) return this.compact(this.index?.all() ?? recent);
    const buffers = lines.flatMap((line) => [line, NEWLINE]);
    const size = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    try {
      // A disk that fills part-way through returns a short count rather than throwing.
      const written = writevSync(this.fd, buffers);
      if (written !== size) throw new Error(`history file: wrote ${written} of ${size} bytes`);
      this.lines += lines.length;
    } catch (err) {
      this.damaged = true;
      throw err;
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** Rewrites the file with only the messages still in memory (atomic via rename). */
  private compact(messages: readonly ChatMessage[]): void {
    this.damaged = true; // until the rewrite is whole
    const tmp = `${this.path}.tmp`;
    const header = JSON.stringify({ loopchatHistory: 1, id: this.id });
    writeFileSync(tmp, [header, ...messages.map((m) => JSON.stringify(m))].join('\n') + '\n');
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    try {
      renameSync(tmp, this.path);
    } finally {
      // Appending again, to the new file or (if the rename failed) the old one: never a stale fd.
      this.fd = openSync(this.path, 'a');
    }
    this.lines = messages.length;
    this.damaged = false;
  }
}
