// The history file on a disk that fills up or stops being writable while the hub runs: a
// burst it could not write is taken back (out of memory and out of the file), and the next
// write that works needs no restart. The failures come through HistoryFile's fs seam.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlushResult } from './history';
import { HistoryFile } from './history-file';
import { readHistoryFile } from './history-reader';
import { saveProblem } from './saving';
import { FailingDisk, type DiskFault } from './test/failing-disk';

const peer = { id: 'w1', name: 'Ada' };
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'loopchat-full-')), 'history.jsonl');
const texts = (path: string) => readHistoryFile(path)?.messages.map((m) => `${m.seq} ${m.text}`);
/** Every line of the file is whole JSON, ending in a newline: nothing torn. */
const wholeLines = (path: string) => {
  const text = readFileSync(path, 'utf8');
  return (
    text.endsWith('\n') &&
    text
      .split('\n')
      .slice(0, -1)
      .every((l) => isJson(l))
  );
};
const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const taken = (result: FlushResult) =>
  result.kind === 'not-saved' ? result.taken.map((m) => m.text) : [];

/** `keep` bounds the file too: a compaction rewrites it to `keep` when it reaches 1.25 × keep. */
function openOn(disk: FailingDisk, keep = 100) {
  const path = tempFile();
  const history = HistoryFile.open(path, keep, undefined, disk, keep);
  history.append('a', peer, 'one');
  expect(history.flush()).toEqual({ kind: 'saved', count: 1 });
  return { path, history, before: readFileSync(path, 'utf8') };
}

describe('a history file whose disk fails while the hub runs', () => {
  it.each<[DiskFault, string]>([
    ['ENOSPC', 'disk-full'],
    ['EACCES', 'not-writable'],
    ['EROFS', 'read-only'],
    ['short', 'disk-full'],
  ])('%s: takes the burst back out of memory and the file, then saves again', (fault, problem) => {
    const disk = new FailingDisk();
    const { path, history, before } = openOn(disk);
    disk.fault = fault;
    history.append('b', peer, 'two');
    history.append('c', peer, 'three');
    const result = history.flush();
    expect(result).toMatchObject({ kind: 'not-saved', firstSeq: 2 });
    expect(taken(result)).toEqual(['two', 'three']);
    expect(result.kind === 'not-saved' && saveProblem(result.error)).toBe(problem);
    expect(readFileSync(path, 'utf8')).toBe(before); // not a byte of the burst stays
    expect(history.latestSeq).toBe(1);
    disk.fault = null;
    history.append('b', peer, 'two, sent again');
    expect(history.flush()).toEqual({ kind: 'saved', count: 1 });
    expect(texts(path)).toEqual(['1 one', '2 two, sent again']);
    expect(wholeLines(path)).toBe(true);
  });

  it('never brings a taken-back message back after a restart before the disk recovers', () => {
    const disk = new FailingDisk();
    const { path, history } = openOn(disk);
    disk.fault = 'short';
    history.append('b', peer, 'two');
    expect(history.flush().kind).toBe('not-saved');
    const restarted = HistoryFile.open(path, 100);
    expect(restarted.latestSeq).toBe(1);
    expect(restarted.seqOf(peer.id, 'b')).toBeUndefined();
  });

  it('rewrites the file from memory when a failed write cannot be cut back', () => {
    const disk = new FailingDisk();
    const { path, history } = openOn(disk);
    disk.fault = 'ENOSPC';
    disk.truncateFails = true;
    history.append('b', peer, 'two');
    expect(history.flush().kind).toBe('not-saved');
    expect(wholeLines(path)).toBe(false); // half a line is left
    disk.truncateFails = false;
    // Still full: the rewrite fails too, and leaves the file as it was.
    history.append('b', peer, 'two');
    expect(history.flush().kind).toBe('not-saved');
    expect(texts(path)).toEqual(['1 one']);
    disk.fault = null;
    history.append('c', peer, 'three');
    expect(history.flush()).toEqual({ kind: 'saved', count: 1 });
    expect(wholeLines(path)).toBe(true);
    expect(texts(path)).toEqual(['1 one', '2 three']);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('keeps refusing while the folder stays unwritable, however often it is tried', () => {
    const disk = new FailingDisk();
    const { path, history, before } = openOn(disk, 2); // a third line compacts
    disk.fault = 'EACCES';
    for (let i = 0; i < 5; i++) {
      history.append(`m${i}`, peer, `try ${i}`);
      expect(history.flush()).toMatchObject({ kind: 'not-saved', firstSeq: 2 });
    }
    expect(readFileSync(path, 'utf8')).toBe(before);
    disk.fault = null;
    for (const id of ['m0', 'm1', 'm2']) {
      history.append(id, peer, id);
      expect(history.flush().kind).toBe('saved');
    }
    expect(texts(path)).toEqual(['3 m1', '4 m2']); // the third write compacted to the 2 kept
    expect(history.latestSeq).toBe(4);
  });

  it('a compaction that fails to rename is retried, with the old file whole meanwhile', () => {
    const disk = new FailingDisk();
    const { path, history } = openOn(disk, 1); // the next write compacts
    disk.fault = 'EROFS';
    history.append('b', peer, 'two');
    expect(history.flush().kind).toBe('not-saved');
    expect(texts(path)).toEqual(['1 one']);
    disk.fault = null;
    history.append('b', peer, 'two');
    expect(history.flush().kind).toBe('saved');
    expect(texts(path)).toEqual(['2 two']);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});
