import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAside } from './set-aside';
import { temporaryFolders } from './test/temp-folder';

const folder = temporaryFolders();

describe('setting a damaged file aside', () => {
  it('renames it to NAME.bad-<time> beside it, bytes unchanged', () => {
    const dir = folder();
    const path = join(dir, 'tokens.json');
    writeFileSync(path, '{"chat":');
    expect(setAside(path, 1234)).toBe(`${path}.bad-1234`);
    expect(readdirSync(dir)).toEqual(['tokens.json.bad-1234']);
    expect(readFileSync(`${path}.bad-1234`, 'utf8')).toBe('{"chat":');
  });

  it('never overwrites a copy set aside earlier in the same millisecond', () => {
    const dir = folder();
    const path = join(dir, 'index.json');
    writeFileSync(path, 'first');
    setAside(path, 5);
    writeFileSync(path, 'second');
    expect(setAside(path, 5)).toBe(`${path}.bad-5-2`);
    expect(readFileSync(`${path}.bad-5`, 'utf8')).toBe('first');
    expect(readFileSync(`${path}.bad-5-2`, 'utf8')).toBe('second');
  });

  it('moves a folder standing where a file belongs, with what is in it', () => {
    const dir = folder();
    mkdirSync(join(dir, 'history.jsonl', 'x'), { recursive: true });
    setAside(join(dir, 'history.jsonl'), 9);
    expect(readdirSync(join(dir, 'history.jsonl.bad-9'))).toEqual(['x']);
  });
});
