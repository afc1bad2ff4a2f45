import type * as NodeFs from 'node:fs';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HistoryFile, readHistoryFile } from './history-file';

// A full disk, on demand: the next writevSync writes part of a line, then either fails or (as
// libuv does when the disk fills part-way) returns the short count.
const disk = vi.hoisted(() => ({ next: 'ok' as 'ok' | 'fail' | 'short' }));
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
      expect(readHistoryFile(path)).toMatchObject({ tornBytes: 0 });
      expect(readHistoryFile(path)?.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    },
  );
});
