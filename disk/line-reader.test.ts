import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRanges, linesOfFile } from './line-reader';
import { temporaryFolders } from './test/temp-folder';

const folder = temporaryFolders();

function linesOf(contents: Buffer | string, max = 1024) {
  const path = join(folder(), 'lines');
  writeFileSync(path, contents);
  return [...linesOfFile(path, max)].map((line) => ({
    ...line,
    text: line.bytes?.toString() ?? null,
  }));
}

describe('reading a file line by line', () => {
  it('gives each line with its byte range, and marks a last line with no newline', () => {
    expect(
      linesOf('ab\n\ncd').map(({ start, end, text, terminated }) => [start, end, text, terminated]),
    ).toEqual([
      [0, 2, 'ab', true],
      [3, 3, '', true],
      [4, 6, 'cd', false],
    ]);
  });

  it('joins a line that spans the 64 KiB chunks it is read in', () => {
    const long = 'x'.repeat(200_000);
    const lines = linesOf(`a\n${long}\nb\n`, 300_000);
    expect(lines.map((l) => l.text?.length)).toEqual([1, 200_000, 1]);
    expect(lines[2]).toMatchObject({ start: 200_003, end: 200_004 });
  });

  it('gives a line over the bound by its range only, and carries on after it', () => {
    const lines = linesOf(`a\n${'y'.repeat(5000)}\nb`, 1000);
    expect(lines.map((l) => l.text)).toEqual(['a', null, 'b']);
    expect(lines[1]).toMatchObject({ start: 2, end: 5002 });
  });

  it('has no lines in an empty file', () => {
    expect(linesOf('')).toEqual([]);
  });

  it('copies byte ranges of one file into another', () => {
    const dir = folder();
    const from = join(dir, 'from');
    const to = join(dir, 'to');
    writeFileSync(
      from,
      Buffer.concat([
        Buffer.from('keep\n'),
        Buffer.alloc(150_000, 'z'),
        Buffer.from('\nkeep\nBAD\n'),
      ]),
    );
    const fromFd = openSync(from, 'r');
    const toFd = openSync(to, 'w');
    copyRanges(fromFd, toFd, [
      { start: 5, end: 150_006 },
      { start: 150_011, end: 150_015 },
    ]);
    closeSync(fromFd);
    closeSync(toFd);
    expect(readFileSync(to).toString()).toBe(`${'z'.repeat(150_000)}\nBAD\n`);
  });
});
