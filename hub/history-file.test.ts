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
import { HistoryFile, readHistoryFile } from './history-file';

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
    expect(notes.join()).toContain('torn last line');
    expect(recovered.latestSeq).toBe(2);
    expect(recovered.append('c', peer, 'three').seq).toBe(3);
    recovered.flush();
    // The torn bytes are gone from the file, so the new line is whole and readable.
    expect(readHistoryFile(path)?.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('stays bounded: compacts to the newest messages', () => {
    const path = tempFile();
    const history = HistoryFile.open(path, 10);
    for (let i = 1; i <= 55; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      if (i % 3 === 0) history.flush(); // bursts of three
    }
    history.flush();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(1 + 2 * 10);
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
    expect(notes.join()).toContain('not a Loopchat history');
  });
});

const header = (id = 'h1') => `${JSON.stringify({ loopchatHistory: 1, id })}\n`;
const line = (seq: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ type: 'chat', seq, id: `m${seq}`, from: peer, text: `t${seq}`, at: seq, ...extra })}\n`;
const seqs = (path: string) => readHistoryFile(path)?.messages.map((m) => m.seq);
/** Message lines in the file (every line but the header). */
const messageLines = (path: string) => readFileSync(path, 'utf8').split('\n').length - 2;

describe('reading a history file', () => {
  it('reads the header and every message, with byte counts of what is good', () => {
    const path = tempFile();
    const text = header('abc') + line(1) + line(2);
    writeFileSync(path, text);
    expect(readHistoryFile(path)).toEqual({
      id: 'abc',
      messages: [JSON.parse(line(1)), JSON.parse(line(2))],
      goodBytes: Buffer.byteLength(text),
      tornBytes: 0,
    });
  });

  it('has nothing to read where there is no file', () => {
    expect(readHistoryFile(tempFile())).toBeNull();
  });

  it.each([
    ['an object without the marker', '{"id":"h1"}\n'],
    ['another format version', '{"loopchatHistory":2,"id":"h1"}\n'],
    ['a header whose id is not a string', '{"loopchatHistory":1,"id":7}\n'],
    ['null', 'null\n'],
    ['a number', '3\n'],
    ['an array', '[1]\n'],
    ['a header torn before its newline', '{"loopchatHistory":1,"id":"h1"}'],
    ['an empty file', ''],
  ])('refuses a file that is valid JSON but not a history: %s', (_what, text) => {
    const path = tempFile();
    writeFileSync(path, text);
    expect(readHistoryFile(path)).toBeNull();
  });

  it.each([
    ['a gap in the sequence', line(4)],
    ['a repeated seq', line(2)],
    ['a line that is not a chat message', line(3, { type: 'ack' })],
    ['a seq that is not an integer', line(3, { seq: 3.5 })],
    ['a seq given as a string', line(3, { seq: '3' })],
    ['an id that is not a string', line(3, { id: 3 })],
    ['a text that is not a string', line(3, { text: null })],
    ['a sender without a name', line(3, { from: { id: 'w1' } })],
    ['a sender without an id', line(3, { from: { name: 'Ada' } })],
    ['a sender id that is not a string', line(3, { from: { id: 7, name: 'Ada' } })],
    ['a time that is not a number', line(3, { at: 'noon' })],
    ['a colour slot out of range', line(3, { from: { ...peer, colour: 99 } })],
    ['no sender at all', line(3, { from: undefined })],
    ['a line that is not JSON', 'garbage\n'],
    ['JSON null', 'null\n'],
  ])('keeps the messages before %s and counts the rest as torn', (_what, bad) => {
    const path = tempFile();
    const good = header() + line(1) + line(2);
    writeFileSync(path, good + bad + line(5));
    expect(readHistoryFile(path)).toMatchObject({
      goodBytes: Buffer.byteLength(good),
      tornBytes: Buffer.byteLength(bad + line(5)),
    });
    expect(seqs(path)).toEqual([1, 2]);
  });

  it('accepts a compacted file whose first message is not seq 1', () => {
    const path = tempFile();
    writeFileSync(path, header() + line(41) + line(42));
    expect(seqs(path)).toEqual([41, 42]);
  });
});

describe('opening a history file', () => {
  it('creates the file, and its folders, with a header naming a new history', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'loopchat-history-')), 'a', 'b', 'h.jsonl');
    const notes: string[] = [];
    const history = HistoryFile.open(path, 10, (n) => notes.push(n));
    expect(readHistoryFile(path)).toEqual({
      id: history.id,
      messages: [],
      goodBytes: Buffer.byteLength(header(history.id)),
      tornBytes: 0,
    });
    expect(notes).toEqual([]); // nothing was wrong, so nothing to report
  });

  it('reopens a clean file without a note and without changing it', () => {
    const path = tempFile();
    writeFileSync(path, header() + line(1));
    const notes: string[] = [];
    const history = HistoryFile.open(path, 10, (n) => notes.push(n));
    expect(notes).toEqual([]);
    expect(history.id).toBe('h1');
    expect(readFileSync(path, 'utf8')).toBe(header() + line(1));
  });

  it('replaces a file that is JSON but not a history, even with nobody to tell', () => {
    const path = tempFile();
    writeFileSync(path, '{"messages":[]}\n');
    const history = HistoryFile.open(path);
    expect(readHistoryFile(path)?.id).toBe(history.id);
  });

  it('cuts a file with a gap back to the messages before it, so new seqs follow on', () => {
    // Seqs 1, 2, 4: resuming from 3 would skip a message nobody has; continue from 2 instead.
    const path = tempFile();
    writeFileSync(path, header() + line(1) + line(2) + line(4));
    const notes: string[] = [];
    const history = HistoryFile.open(path, 10, (n) => notes.push(n));
    expect(notes).toEqual([
      `${path}: dropped a torn last line (${line(4).length} bytes) after a crash`,
    ]);
    expect(history.latestSeq).toBe(2);
    expect(history.append('c', peer, 'three').seq).toBe(3);
    history.flush();
    expect(seqs(path)).toEqual([1, 2, 3]);
    expect(readHistoryFile(path)?.tornBytes).toBe(0);
  });

  it('opens a file holding a chat without from.id instead of failing to start', () => {
    const path = tempFile();
    writeFileSync(path, header() + line(1) + line(2, { from: { name: 'Ada' } }));
    const history = HistoryFile.open(path, 10, () => {});
    expect(history.latestSeq).toBe(1);
    expect(history.append('c', peer, 'next').seq).toBe(2);
  });

  it('cuts a torn line even with nobody to tell', () => {
    const path = tempFile();
    writeFileSync(path, header() + line(1) + '{"type":"ch');
    HistoryFile.open(path).flush();
    expect(readFileSync(path, 'utf8')).toBe(header() + line(1));
  });
});

describe('compaction', () => {
  it('rewrites the file to the newest `keep` messages only when it reaches 2 × keep', () => {
    const path = tempFile();
    const history = HistoryFile.open(path, 3);
    const counts: number[] = [];
    for (let i = 1; i <= 12; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush();
      counts.push(messageLines(path));
    }
    // Appends until a write would make 2 × 3 lines; that write compacts to the 3 in memory.
    expect(counts).toEqual([1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3]);
    expect(seqs(path)).toEqual([10, 11, 12]);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const reopened = HistoryFile.open(path, 3);
    expect(reopened.id).toBe(history.id);
    expect(reopened.latestSeq).toBe(12);
  });

  it('counts the lines a reopened file already holds toward its bound', () => {
    const path = tempFile();
    writeFileSync(path, header() + [1, 2, 3, 4, 5].map((seq) => line(seq)).join(''));
    const history = HistoryFile.open(path, 3);
    history.append('m6', peer, 'six');
    history.flush();
    expect(seqs(path)).toEqual([4, 5, 6]);
  });

  it('appends to a reopened file below its bound instead of rewriting it', () => {
    // keep 3 holds only m2..m4 in memory, but the file is not due for compaction until 6 lines.
    const path = tempFile();
    writeFileSync(path, header() + [1, 2, 3, 4].map((seq) => line(seq)).join(''));
    const inode = statSync(path).ino;
    const history = HistoryFile.open(path, 3);
    history.append('m5', peer, 'five');
    history.flush();
    expect(seqs(path)).toEqual([1, 2, 3, 4, 5]);
    expect(statSync(path).ino).toBe(inode); // the same file, appended to
  });

  it.skipIf(process.platform !== 'linux')('does not leak a file descriptor per compaction', () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const history = HistoryFile.open(tempFile(), 2);
    const before = openFds();
    for (let i = 1; i <= 40; i++) {
      history.append(`m${i}`, peer, `text ${i}`);
      history.flush(); // compacts every other write
    }
    expect(openFds()).toBe(before);
  });
});
