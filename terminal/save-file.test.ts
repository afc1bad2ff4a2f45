// Saving a received file: the suggested name stays inside the folder and never overwrites.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { numberedName, safeFileName, writeNewFile } from './save-file';

const dir = mkdtempSync(join(tmpdir(), 'loopchat-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saving a received file', () => {
  it.each([
    ['cat.png', 'cat.png'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'attachment'],
    ['.hidden', 'hidden'],
    ['a\\b:c*?.txt', 'a_b_c__.txt'],
    ['   ', 'attachment'],
    ['name. ', 'name'],
  ])('turns %j into the plain name %j', (suggested, safe) => {
    expect(safeFileName(suggested)).toBe(safe);
  });

  it('numbers a taken name before its extension', () => {
    expect(numberedName('cat.png', 1)).toBe('cat.png');
    expect(numberedName('cat.png', 2)).toBe('cat (2).png');
    expect(numberedName('README', 3)).toBe('README (3)');
  });

  it('writes beside an existing file instead of over it, and never outside the folder', async () => {
    writeFileSync(join(dir, 'a.txt'), 'old');
    const path = await writeNewFile(dir, 'a.txt', new TextEncoder().encode('new'));
    expect(path).toBe(join(dir, 'a (2).txt'));
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    await writeNewFile(dir, '../escape.txt', new Uint8Array([1]));
    expect(readdirSync(dir).sort()).toEqual(['_escape.txt', 'a (2).txt', 'a.txt']);
  });
});
