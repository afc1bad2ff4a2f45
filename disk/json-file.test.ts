// A small JSON file in the data folder under every kind of damage: the reader returns the
// default, the damaged bytes are kept in NAME.bad-<time>, and one line says so.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile, type JsonFileFs } from './json-file';
import { faultyFs } from './test/faulty-fs';
import { temporaryFolders } from './test/temp-folder';

const folder = temporaryFolders();

interface Point {
  x: number;
}
const isPoint = (value: unknown): value is Point =>
  typeof value === 'object' && value !== null && typeof (value as Point).x === 'number';

function read(contents: string | Buffer | null, fs?: JsonFileFs, maxBytes?: number) {
  const dir = folder();
  const path = join(dir, 'point.json');
  if (contents !== null) writeFileSync(path, contents);
  const lines: string[] = [];
  const result = readJsonFile(path, {
    check: isPoint,
    what: 'point file',
    instead: 'starting at the origin',
    log: (line) => lines.push(line),
    now: () => 77,
    ...(fs ? { fs } : {}),
    ...(maxBytes ? { maxBytes } : {}),
  });
  return { dir, path, lines, result };
}

describe('reading a JSON file through its check', () => {
  it('gives the value of a valid file, quietly', () => {
    const { result, lines } = read('{"x":3}');
    expect(result).toEqual({ kind: 'read', value: { x: 3 } });
    expect(lines).toEqual([]);
  });

  it('gives the default for a missing file, quietly, and creates nothing', () => {
    const { result, lines, dir } = read(null);
    expect(result).toEqual({ kind: 'missing' });
    expect(lines).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each<[string, string | Buffer, string]>([
    ['empty', '', 'is empty'],
    ['not JSON', '{"x":', 'is not JSON'],
    ['the wrong shape', '{"y":3}', 'is not a valid point file'],
    ['binary bytes', Buffer.from([0xc3, 0x28, 0xff]), 'holds binary bytes, not text'],
    ['text with NUL bytes', '{"x":3}\0\0', 'holds binary bytes, not text'],
  ])('sets aside a file that is %s, bytes intact, with one line', (_what, contents, problem) => {
    const { result, lines, path, dir } = read(contents);
    expect(result).toMatchObject({ kind: 'set-aside', problem, aside: `${path}.bad-77` });
    expect(readFileSync(`${path}.bad-77`)).toEqual(Buffer.from(contents));
    expect(readdirSync(dir)).toEqual(['point.json.bad-77']);
    expect(lines).toEqual([
      `${path} ${problem}; moved to point.json.bad-77; starting at the origin`,
    ]);
  });

  it('sets aside a file too large to be one of ours without reading it all', () => {
    const big = Buffer.alloc(3 * 1024 * 1024, ' ');
    const { result, path } = read(big);
    expect(result).toMatchObject({ kind: 'set-aside', problem: 'is larger than 1048576 bytes' });
    expect(readFileSync(`${path}.bad-77`).length).toBe(big.length);
  });

  it('sets aside a folder standing where the file belongs', () => {
    const dir = folder();
    const path = join(dir, 'point.json');
    mkdirSync(path);
    const lines: string[] = [];
    const result = readJsonFile(path, {
      check: isPoint,
      what: 'point file',
      instead: 'starting at the origin',
      log: (line) => lines.push(line),
      now: () => 77,
    });
    expect(result).toMatchObject({ kind: 'set-aside', problem: 'is a folder, not a file' });
    expect(existsSync(path)).toBe(false);
    expect(lines).toHaveLength(1);
  });

  it('leaves a file it may not read where it is, says so, and gives the default', () => {
    const fs = faultyFs();
    fs.fail('read', 'EACCES');
    const { result, lines, path } = read('{"x":3}', fs);
    expect(result).toEqual({ kind: 'unreadable', problem: 'could not be read (EACCES)' });
    expect(readFileSync(path, 'utf8')).toBe('{"x":3}');
    expect(lines).toEqual([`${path} could not be read (EACCES); starting at the origin`]);
  });

  it('still gives the default when the damaged file cannot be moved', () => {
    const fs = faultyFs();
    fs.fail('rename', 'EROFS');
    const { result, lines, path } = read('nope', fs);
    expect(result).toEqual({ kind: 'set-aside', problem: 'is not JSON', aside: null });
    expect(readFileSync(path, 'utf8')).toBe('nope');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('is not JSON and could not be moved aside');
    expect(lines[0]).toContain('EROFS');
  });
});
