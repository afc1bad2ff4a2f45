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
import { describe, expect, it } from 'vitest';
import { HistoryFile } from './history-file';
import { HISTORY_BOUND } from './history-index';
import { readHistoryFile } from './history-reader';

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
    const history = HistoryFile.open(path, 10, undefined, undefined, 10);
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
});

const header = (id = 'h1') => `${JSON.stringify({ loopchatHistory: 1, id })}\n`;
const line = (seq: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ type: 'chat', seq, id: `m${seq}`, from: peer, text: `t${seq}`, at: seq, ...extra })}\n`;
const seqs = (path: string) => readHistoryFile(path)?.messages.map((m) => m.seq);
/** Message lines in the file (every line but the header). */
const messageLines = (path: string) => readFileSync(path, 'utf8').split('\n').length - 2;

describe('compaction', () => {
  it('rewrites the file to the newest `bound` messages only when it reaches 1.25 × bound', () => {
    const path = tempFile();
    // Memory keeps 3 (replay and dedupe); the file and search keep 8.
    const history = HistoryFile.open(path, 3, undefined, undefined, 8);
    const counts: number[] = [];
    for (let i = 1; i <= 14; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush();
      counts.push(messageLines(path));
    }
    // Appends up to 9 lines; the write that would make 10 (1.25 × 8) compacts to the newest 8.
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 9, 8, 9, 8]);
    expect(seqs(path)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const reopened = HistoryFile.open(path, 3, undefined, undefined, 8);
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
    const history = HistoryFile.open(path, 3, undefined, undefined, 3);
    history.append('m6', peer, 'six');
    history.flush();
    expect(seqs(path)).toEqual([4, 5, 6]);
  });

  it('appends to a reopened file below its bound instead of rewriting it', () => {
    // keep 3 holds only m2..m4 in memory, but the file (bound 5) is not due until 7 lines.
    const path = tempFile();
    writeFileSync(path, header() + [1, 2, 3, 4].map((seq) => line(seq)).join(''));
    const inode = statSync(path).ino;
    const history = HistoryFile.open(path, 3, undefined, undefined, 5);
    history.append('m5', peer, 'five');
    history.flush();
    expect(seqs(path)).toEqual([1, 2, 3, 4, 5]);
    expect(statSync(path).ino).toBe(inode); // the same file, appended to
  });

  it.skipIf(process.platform !== 'linux')('does not leak a file descriptor per compaction', () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const history = HistoryFile.open(tempFile(), 2, undefined, undefined, 2);
    const before = openFds();
    for (let i = 1; i <= 40; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush(); // compacts again and again
    }
    expect(openFds()).toBe(before);
  });
});
