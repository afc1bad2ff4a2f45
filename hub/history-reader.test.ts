// history.jsonl as a user might find it after a crash, a bad disk or a hand edit: the hub
// always starts, keeps every valid message, moves the damaged rest to history.jsonl.bad-<time>
// byte for byte, and says so in one line.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryFile } from './history-file';
import { longestIncreasing, MAX_LINE_BYTES, readHistoryFile } from './history-reader';

const peer = { id: 'w1', name: 'Ada' };
const NOW = 1_700_000_000_000;
const header = (id = 'h1') => `${JSON.stringify({ loopchatHistory: 1, id })}\n`;
const line = (seq: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ type: 'chat', seq, id: `m${seq}`, from: peer, text: `t${seq}`, at: seq, ...extra })}\n`;

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'loopchat-reader-'));
}

/** Opens `contents` (a string, bytes, or a folder) as the hub does at start-up. */
function open(contents: string | Buffer | 'a folder') {
  const dir = folder();
  const path = join(dir, 'history.jsonl');
  if (contents === 'a folder') mkdirSync(join(path, 'inside'), { recursive: true });
  else writeFileSync(path, contents);
  const notes: string[] = [];
  const realNow = Date.now;
  Date.now = () => NOW;
  let history;
  try {
    history = HistoryFile.open(path, 2000, (n) => notes.push(n));
  } finally {
    Date.now = realNow;
  }
  const bad = readdirSync(dir).filter((name) => name.includes('.bad-'));
  const badBytes =
    bad.length === 1 && contents !== 'a folder' ? readFileSync(join(dir, bad[0] ?? '')) : null;
  return { path, history, notes, bad, badBytes, dir };
}

const kept = (o: ReturnType<typeof open>) =>
  o.history.replayAfter(null, 10_000).messages.map((m) => m.seq);

describe('a damaged line among good ones', () => {
  it.each([
    ['a line without from.id', line(3, { from: { name: 'Ada' } })],
    ['a seq given as a string', line(3, { seq: '3' })],
    ['a text that is not a string', line(3, { text: null })],
    ['a time that is not a number', line(3, { at: 'noon' })],
    ['a line of another type', line(3, { type: 'ack' })],
    ['a line that is not JSON', 'garbage\n'],
    ['JSON null', 'null\n'],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x9c]), Buffer.from('\n')]),
    ],
  ])('%s: keeps the messages before and after it, and moves only it aside', (_what, bad) => {
    const o = open(
      Buffer.concat([
        Buffer.from(header() + line(1) + line(2)),
        Buffer.from(bad),
        Buffer.from(line(4)),
      ]),
    );
    expect(kept(o)).toEqual([1, 2, 4]);
    expect(o.history.id).toBe('h1');
    expect(o.bad).toEqual([`history.jsonl.bad-${NOW}`]);
    expect(o.badBytes).toEqual(Buffer.from(bad));
    expect(o.notes).toHaveLength(1);
    expect(o.notes[0]).toMatch(
      /kept 3 messages; moved 1 damaged line \(1 (not JSON|not a chat message); \d+ bytes\) to history\.jsonl\.bad-/,
    );
    // The file now holds only what was kept, and the next message follows on.
    expect(readHistoryFile(o.path)?.messages.map((m) => m.seq)).toEqual([1, 2, 4]);
    expect(o.history.append('n', peer, 'next').seq).toBe(5);
  });
});

describe('sequence numbers', () => {
  it('keeps a gap as a gap: no message is dropped and no seq is given twice', () => {
    const o = open(header() + line(1) + line(2) + line(5) + line(6));
    expect(kept(o)).toEqual([1, 2, 5, 6]);
    expect(o.notes).toEqual([]);
    expect(o.bad).toEqual([]);
    expect(o.history.append('n', peer, 'next').seq).toBe(7);
    // A window that saw seq 2 resumes with what came after, across the gap.
    const after2 = o.history.replayAfter({ historyId: 'h1', lastSeq: 2 });
    expect(after2).toMatchObject({ kind: 'resume' });
    expect(after2.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(
      o.history.replayAfter({ historyId: 'h1', lastSeq: 3 }).messages.map((m) => m.seq),
    ).toEqual([5, 6, 7]);
  });

  it('moves a repeated seq aside, keeping the first', () => {
    const o = open(header() + line(1) + line(2) + line(2, { text: 'again' }) + line(3));
    expect(kept(o)).toEqual([1, 2, 3]);
    expect(o.history.replayAfter(null).messages[1]?.text).toBe('t2');
    expect(o.badBytes?.toString()).toBe(line(2, { text: 'again' }));
    expect(o.notes[0]).toContain('1 seq out of order');
  });

  it('moves a seq damaged upwards aside rather than everything after it', () => {
    const o = open(header() + line(1) + line(2) + line(90) + line(3) + line(4) + line(5));
    expect(kept(o)).toEqual([1, 2, 3, 4, 5]);
    expect(o.badBytes?.toString()).toBe(line(90));
  });

  it('moves decreasing seqs aside', () => {
    const o = open(header() + line(5) + line(6) + line(2) + line(7));
    expect(kept(o)).toEqual([5, 6, 7]);
    expect(o.badBytes?.toString()).toBe(line(2));
  });

  it('picks the longest increasing run, the earliest lines winning a tie', () => {
    expect([...longestIncreasing([1, 2, 3, 3, 5])]).toEqual([0, 1, 2, 4]);
    expect([...longestIncreasing([4, 1, 2, 3])]).toEqual([1, 2, 3]);
    expect([...longestIncreasing([2, 1])]).toEqual([0]);
    expect([...longestIncreasing([])]).toEqual([]);
  });
});

describe('the header', () => {
  it('keeps the messages of a file with no header, as a new history', () => {
    const o = open(line(1) + line(2));
    expect(kept(o)).toEqual([1, 2]);
    expect(o.history.id).not.toBe('h1');
    expect(readHistoryFile(o.path)?.id).toBe(o.history.id);
    expect(o.notes).toEqual([
      `${o.path}: kept 2 messages; it had no valid header, so it is a new history`,
    ]);
  });

  it('moves a damaged header aside and keeps the messages after it', () => {
    const o = open('{"loopchatHist\n' + line(1) + line(2));
    expect(kept(o)).toEqual([1, 2]);
    expect(o.badBytes?.toString()).toBe('{"loopchatHist\n');
  });

  it('sets aside a whole file written by another version and starts a new history', () => {
    const text = '{"loopchatHistory":2,"id":"h9"}\n' + line(1);
    const o = open(text);
    expect(kept(o)).toEqual([]);
    expect(o.badBytes?.toString()).toBe(text);
    expect(o.notes).toEqual([
      `${o.path} was written by another version of Loopchat: moved to history.jsonl.bad-${NOW}; starting a new history`,
    ]);
  });
});

describe('a file that is not a history at all', () => {
  it('starts on an empty file, setting it aside', () => {
    const o = open('');
    expect(kept(o)).toEqual([]);
    expect(o.bad).toEqual([`history.jsonl.bad-${NOW}`]);
    expect(o.notes[0]).toContain('is empty');
  });

  it('starts where a folder holds the name, moving the folder aside whole', () => {
    const o = open('a folder');
    expect(kept(o)).toEqual([]);
    expect(readdirSync(join(o.dir, `history.jsonl.bad-${NOW}`))).toEqual(['inside']);
    expect(o.notes).toEqual([
      `${o.path} is a folder, not a file: moved to history.jsonl.bad-${NOW}; starting a new history`,
    ]);
    expect(o.history.append('n', peer, 'first').seq).toBe(1);
  });

  it('starts on binary garbage, moving every byte of it aside', () => {
    const garbage = Buffer.alloc(200_000);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 7919) % 256;
    const o = open(garbage);
    expect(kept(o)).toEqual([]);
    expect(o.badBytes?.equals(garbage)).toBe(true); // as bytes: deep equality is slow here
  });

  it('keeps the messages around a 50 MiB line, which it never reads as one string', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 'x');
    const o = open(
      Buffer.concat([Buffer.from(header() + line(1)), huge, Buffer.from('\n' + line(2))]),
    );
    expect(kept(o)).toEqual([1, 2]);
    expect(o.badBytes?.length).toBe(huge.length + 1);
    expect(o.notes[0]).toContain(`1 too long`);
    expect(MAX_LINE_BYTES).toBeLessThan(huge.length);
  });
});

describe('a torn last line (a crash mid-write)', () => {
  it('moves a torn line aside and keeps every line before it', () => {
    const o = open(header() + line(1) + '{"type":"chat","seq":2,"id":"c","fr');
    expect(kept(o)).toEqual([1]);
    expect(o.badBytes?.toString()).toBe('{"type":"chat","seq":2,"id":"c","fr');
    expect(o.notes[0]).toContain('1 torn');
    expect(readFileSync(o.path, 'utf8')).toBe(header() + line(1));
  });

  it('keeps a last line that is whole but for its newline', () => {
    const o = open(header() + line(1) + line(2).trimEnd());
    expect(kept(o)).toEqual([1, 2]);
    expect(o.bad).toEqual([]);
    expect(readFileSync(o.path, 'utf8')).toBe(header() + line(1) + line(2));
  });
});

describe('a clean file', () => {
  it('is opened without a note and without being changed', () => {
    const o = open(header() + line(1));
    expect(o.notes).toEqual([]);
    expect(o.bad).toEqual([]);
    expect(readFileSync(o.path, 'utf8')).toBe(header() + line(1));
  });

  it('is created, with its folders, when there is none', () => {
    const path = join(folder(), 'a', 'b', 'history.jsonl');
    const notes: string[] = [];
    const history = HistoryFile.open(path, 10, (n) => notes.push(n));
    expect(readHistoryFile(path)).toEqual({ id: history.id, messages: [] });
    expect(notes).toEqual([]);
  });
});
