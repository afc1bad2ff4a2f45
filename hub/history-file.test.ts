import type * as NodeFs from 'node:fs';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HistoryFile } from './history-file';
import { HISTORY_BOUND } from './history-index';
import { readHistoryFile, scanHistory } from './history-reader';

// A full disk, on demand: the next writevSync writes part of a line, then either fails or (as
// libuv does when the disk fills part-way) returns the short count.
// `rename: 'fail'` makes the next renameSync (the end of a compaction) fail the same way.
const disk = vi.hoisted(() => ({
  next: 'ok' as 'ok' | 'fail' | 'short',
  rename: 'ok' as 'ok' | 'fail',
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return {
    ...fs,
    writevSync(fd: number, buffers: NodeJS.ArrayBufferView[]) {
      const mode = disk.next;
      disk.next = 'ok';
      if (mode === 'ok') return fs.writevSync(fd, buffers);
      const written = fs.writeSync(fd, '{"type":"chat","seq":');
      if (mode === 'short') return written;
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    },
    renameSync(from: string, to: string) {
      const mode = disk.rename;
      disk.rename = 'ok';
      if (mode === 'ok') return fs.renameSync(from, to);
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    },
  };
});

const peer = { id: 'w1', name: 'Ada' };
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'loopchat-history-')), 'history.jsonl');

describe('history file', () => {
  it('survives a restart: same history id, same messages, sequence continues', () => {
    const path = tempFile();
    const first = HistoryFile.open(path);
    first.append('a', peer, 'one');
    first.append('b', peer, 'two');
    first.flush(); // the hub flushes at the end of each turn of the event loop
    const again = HistoryFile.open(path);
    expect(again.id).toBe(first.id);
    expect(again.seqOf('w1', 'b')).toBe(2);
    expect(again.oldestRememberedSeq).toBe(1);
    expect(HistoryFile.open(path, 1).oldestRememberedSeq).toBe(2); // keeps only the newest
    expect(again.append('c', peer, 'three').seq).toBe(3);
    expect(
      again.replayAfter({ historyId: first.id, lastSeq: 1 }).messages.map((m) => m.text),
    ).toEqual(['two', 'three']);
  });

  it('drops a torn last line after a crash and keeps every line before it', () => {
    const path = tempFile();
    const history = HistoryFile.open(path);
    history.append('a', peer, 'one');
    history.append('b', peer, 'two');
    history.flush();
    appendFileSync(path, '{"type":"chat","seq":3,"id":"c","fr'); // killed mid-write
    const notes: string[] = [];
    const recovered = HistoryFile.open(path, 2000, (n) => notes.push(n));
    expect(notes.join()).toContain('1 torn');
    expect(recovered.latestSeq).toBe(2);
    expect(recovered.append('c', peer, 'three').seq).toBe(3);
    recovered.flush();
    // The torn bytes are gone from the file, so the new line is whole and readable.
    expect(readHistoryFile(path)?.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('stays bounded: compacts to the newest messages', () => {
    const path = tempFile();
    const history = HistoryFile.open(path, 10, undefined, 10);
    for (let i = 1; i <= 55; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      if (i % 3 === 0) history.flush(); // bursts of three
    }
    history.flush();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(1 + 10 + 3);
    const loaded = readHistoryFile(path);
    expect(loaded?.messages.at(-1)?.seq).toBe(55);
    expect(HistoryFile.open(path, 10).latestSeq).toBe(55);
  });

  it('starts a new history rather than trusting a file that is not one', () => {
    const path = tempFile();
    writeFileSync(path, 'hello\n');
    const notes: string[] = [];
    const history = HistoryFile.open(path, 10, (n) => notes.push(n));
    expect(history.latestSeq).toBe(0);
    expect(notes.join()).toContain('kept 0 messages; moved 1 damaged line (1 not JSON; 6 bytes)');
  });

  it.each(['fail', 'short'] as const)(
    'repairs the file after a %s write (a full disk): nothing missing, nothing torn',
    (mode) => {
      const path = tempFile();
      const history = HistoryFile.open(path);
      history.append('a', peer, 'one');
      history.flush();
      history.append('b', peer, 'two');
      disk.next = mode;
      expect(() => history.flush()).toThrow(mode === 'fail' ? 'ENOSPC' : 'wrote 21 of');
      history.append('c', peer, 'three');
      history.flush();
      expect(scanHistory(path).damaged).toEqual([]);
      expect(readHistoryFile(path)?.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    },
  );
});

const header = (id = 'h1') => `${JSON.stringify({ loopchatHistory: 1, id })}\n`;
const line = (seq: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ type: 'chat', seq, id: `m${seq}`, from: peer, text: `t${seq}`, at: seq, ...extra })}\n`;
const seqs = (path: string) => readHistoryFile(path)?.messages.map((m) => m.seq);
/** Message lines in the file (every line but the header). */
const messageLines = (path: string) => readFileSync(path, 'utf8').split('\n').length - 2;

describe('compaction', () => {
  it('rewrites the file to the newest `bound` messages only when it would pass 1.25 × bound', () => {
    const path = tempFile();
    // Memory keeps 3 (replay and dedupe); the file and search keep 8.
    const history = HistoryFile.open(path, 3, undefined, 8);
    const counts: number[] = [];
    for (let i = 1; i <= 14; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush();
      counts.push(messageLines(path));
    }
    // Appends up to 10 lines; the write that would make 11 compacts to the newest 8.
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 8, 9, 10, 8]);
    expect(seqs(path)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const reopened = HistoryFile.open(path, 3, undefined, 8);
    expect(reopened.id).toBe(history.id);
    expect(reopened.latestSeq).toBe(14);
    expect(reopened.oldestRememberedSeq).toBe(12);
    // Everything within the bound is still there to page back to and search, after a restart.
    expect(reopened.index.before(8, 10).messages.map((m) => m.seq)).toEqual([7]);
    expect(reopened.index.search('TEXT 7', null, 5).hits.map((m) => m.seq)).toEqual([7]);
  });

  it('keeps a history of 100,000 messages by default (the stated bound)', () => {
    expect(HISTORY_BOUND).toBe(100_000);
    const path = tempFile();
    writeFileSync(path, header() + Array.from({ length: 5000 }, (_, i) => line(i + 1)).join(''));
    const history = HistoryFile.open(path);
    expect(history.index.size).toBe(5000); // all of them, not the 2,000 replay keeps
    expect(history.oldestRememberedSeq).toBe(3001);
    history.append('m5001', peer, 'five thousand and one');
    history.flush();
    expect(messageLines(path)).toBe(5001); // appended, not compacted
  });

  it('rebuilds what search needs from the file: a damaged line is set aside, the rest found', () => {
    const path = tempFile();
    writeFileSync(path, header() + line(1) + 'garbage\n' + line(2, { text: 'needle' }));
    const history = HistoryFile.open(path, 2000, () => undefined);
    expect(history.index.search('NEEDLE', null, 5).hits.map((m) => m.seq)).toEqual([2]);
    expect(history.index.size).toBe(2);
  });

  it('counts the lines a reopened file already holds toward its bound', () => {
    const path = tempFile();
    writeFileSync(path, header() + [1, 2, 3, 4, 5].map((seq) => line(seq)).join(''));
    const history = HistoryFile.open(path, 3, undefined, 3);
    history.append('m6', peer, 'six');
    history.flush();
    expect(seqs(path)).toEqual([4, 5, 6]);
  });

  it('appends to a reopened file below its bound instead of rewriting it', () => {
    // keep 3 holds only m2..m4 in memory, but the file (bound 4) is not due until 6 lines.
    const path = tempFile();
    writeFileSync(path, header() + [1, 2, 3, 4].map((seq) => line(seq)).join(''));
    const inode = statSync(path).ino;
    const history = HistoryFile.open(path, 3, undefined, 4);
    history.append('m5', peer, 'five');
    history.flush();
    expect(seqs(path)).toEqual([1, 2, 3, 4, 5]);
    expect(statSync(path).ino).toBe(inode); // the same file, appended to
  });

  it.skipIf(process.platform !== 'linux')('does not leak a file descriptor per compaction', () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const history = HistoryFile.open(tempFile(), 2, undefined, 2);
    const before = openFds();
    for (let i = 1; i <= 40; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush(); // compacts every other write
    }
    expect(openFds()).toBe(before);
  });

  it('retries a compaction whose rename failed, and repairs a torn line on the way', () => {
    const path = tempFile();
    const history = HistoryFile.open(path, 100);
    history.append('a', peer, 'one');
    history.flush();
    history.append('b', peer, 'two');
    disk.next = 'fail'; // leaves a torn line: the next write must rewrite the file
    expect(() => history.flush()).toThrow('ENOSPC');
    history.append('c', peer, 'three');
    disk.rename = 'fail';
    expect(() => history.flush()).toThrow('EIO');
    history.append('d', peer, 'four');
    history.flush();
    expect(scanHistory(path).damaged).toEqual([]);
    expect(seqs(path)).toEqual([1, 2, 3, 4]);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});
