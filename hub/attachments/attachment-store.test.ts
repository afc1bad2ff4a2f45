import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentKind } from '../../protocol/file-kind';
import type { IndexedAttachment } from '../../protocol/stored-attachments';
import { AttachmentStore, type StoreOptions } from './attachment-store';
import { messageAttachments } from './message-attachments';
import { failingFs, pngBytes, sha256, tempDirs, textBytes } from './test/store-fixtures';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

let clock = 1_000;
const now = () => clock;

function open(
  dataDir: string,
  options: StoreOptions = {},
): { store: AttachmentStore; notes: string[] } {
  const notes: string[] = [];
  const store = AttachmentStore.open(dataDir, { now, onRecover: (n) => notes.push(n), ...options });
  return { store, notes };
}

/** Uploads `bytes` through a partial file in pieces, as the tracker does. */
function put(
  store: AttachmentStore,
  bytes: Uint8Array,
  kind: AttachmentKind = 'file',
  declared = sha256(bytes),
) {
  const reserved = store.reserve(bytes.length);
  if (!reserved.ok) return reserved;
  for (let at = 0; at < bytes.length; at += 7) reserved.partial.append(bytes.subarray(at, at + 7));
  clock += 1;
  return store.commit(reserved.partial, declared, kind);
}

const filesIn = (dataDir: string, sub = '') =>
  readdirSync(join(dataDir, 'attachments', sub)).sort();

describe('storing an attachment', () => {
  it('keeps the exact bytes under their SHA-256 beside the history, and reads them back by chunk', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = pngBytes(50);
    expect(put(store, bytes, 'png')).toEqual({
      ok: true,
      attachment: { sha256: sha256(bytes), size: 50, kind: 'png' },
    });
    expect(readFileSync(join(dataDir, 'attachments', sha256(bytes)))).toEqual(Buffer.from(bytes));
    expect(store.readChunk(sha256(bytes), 0, 32)).toEqual(Buffer.from(bytes.subarray(0, 32)));
    expect(store.readChunk(sha256(bytes), 1, 32)).toEqual(Buffer.from(bytes.subarray(32)));
    expect(filesIn(dataDir, 'partial')).toEqual([]);
    expect(store.usedBytes).toBe(50);
    expect(store.reservedBytes).toBe(0);
  });

  it('never shows an upload in progress as an attachment', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = textBytes(20);
    const reserved = store.reserve(20);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes.subarray(0, 10));
    expect(store.get(sha256(bytes))).toBeUndefined();
    expect(store.readChunk(sha256(bytes), 0)).toBeUndefined();
    expect(filesIn(dataDir)).not.toContain(sha256(bytes));
    expect(store.reservedBytes).toBe(20);
  });

  it('drops bytes whose SHA-256 is not the declared one, and gives their space back', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const wrong = 'f'.repeat(64);
    expect(put(store, textBytes(30), 'file', wrong)).toMatchObject({
      ok: false,
      code: 'hash-mismatch',
      message: expect.stringContaining(wrong),
    });
    expect(store.get(wrong)).toBeUndefined();
    expect(filesIn(dataDir)).toEqual(['index.json', 'partial']);
    expect(filesIn(dataDir, 'partial')).toEqual([]);
    expect(store.reservedBytes).toBe(0);
  });

  it('stores the same bytes once however often they are sent', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = textBytes(40);
    put(store, bytes);
    put(store, bytes);
    expect(filesIn(dataDir).filter((f) => f === sha256(bytes))).toHaveLength(1);
    expect(store.usedBytes).toBe(40);
    expect(filesIn(dataDir, 'partial')).toEqual([]);
  });

  it('keeps an empty file as an attachment of size 0', () => {
    const { store } = open(dirs.make());
    expect(put(store, new Uint8Array(0))).toMatchObject({
      ok: true,
      attachment: { size: 0, kind: 'file' },
    });
  });
});

describe('the storage cap', () => {
  it('evicts the oldest attachments first to make room, and they are then no longer available', () => {
    const evicted: IndexedAttachment[] = [];
    const dataDir = dirs.make();
    const { store } = open(dataDir, { capBytes: 100, onEvicted: (a) => evicted.push(a) });
    const [a, b, c] = [textBytes(40, 1), textBytes(40, 2), textBytes(40, 3)];
    put(store, a);
    put(store, b);
    expect(put(store, c).ok).toBe(true);
    expect(evicted.map((e) => e.sha256)).toEqual([sha256(a)]);
    expect(store.get(sha256(a))).toBeUndefined();
    expect(existsSync(join(dataDir, 'attachments', sha256(a)))).toBe(false);
    expect(store.usedBytes).toBe(80);
    expect(messageAttachments(store, [{ sha256: sha256(a), name: 'a.txt' }])).toEqual({
      ok: false,
      error: '"a.txt" is no longer available; upload it again',
    });
  });

  it('counts bytes sent again as new: the one not sent again goes first', () => {
    const { store } = open(dirs.make(), { capBytes: 100 });
    const [a, b, c] = [textBytes(40, 1), textBytes(40, 2), textBytes(40, 3)];
    put(store, a);
    put(store, b);
    clock += 1;
    store.touch(sha256(a));
    put(store, c);
    expect(store.get(sha256(a))).toBeDefined();
    expect(store.get(sha256(b))).toBeUndefined();
  });

  it('refuses a file larger than the whole cap, and one that only uploads in progress stand in the way of', () => {
    const { store } = open(dirs.make(), { capBytes: 100 });
    expect(store.reserve(101)).toMatchObject({
      ok: false,
      code: 'storage-full',
      message: expect.stringContaining('100 bytes'),
    });
    expect(store.reserve(60).ok).toBe(true);
    expect(store.reserve(60)).toMatchObject({
      ok: false,
      code: 'storage-full',
      message: expect.stringContaining('in progress'),
    });
    expect(store.reservedBytes).toBe(60);
  });

  it('evicts down to a lowered cap when the data folder is opened again', () => {
    const dataDir = dirs.make();
    const first = open(dataDir).store;
    const [a, b] = [textBytes(40, 1), textBytes(40, 2)];
    put(first, a);
    put(first, b);
    const again = open(dataDir, { capBytes: 50 }).store;
    expect(again.get(sha256(a))).toBeUndefined();
    expect(again.get(sha256(b))).toBeDefined();
  });
});

describe('opening the data folder again', () => {
  it('has every attachment back, and drops uploads that were in progress', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = pngBytes(30);
    put(store, bytes, 'png');
    const half = store.reserve(10);
    if (half.ok) half.partial.append(textBytes(5));
    const again = open(dataDir);
    expect(again.store.get(sha256(bytes))).toEqual({
      sha256: sha256(bytes),
      size: 30,
      kind: 'png',
    });
    expect(filesIn(dataDir, 'partial')).toEqual([]);
    expect(again.store.reservedBytes).toBe(0);
    expect(again.notes).toEqual([]);
  });

  it('rebuilds the index when a folder stands where it belongs, setting the folder aside', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const image = pngBytes(30);
    put(store, image, 'png');
    const index = join(dataDir, 'attachments', 'index.json');
    rmSync(index);
    mkdirSync(index);
    clock = 7_000;
    const again = open(dataDir);
    expect(again.store.get(sha256(image))?.kind).toBe('png');
    expect(filesIn(dataDir)).toContain('index.json.bad-7000');
    expect(again.notes).toEqual([
      expect.stringMatching(/could not be read \(EISDIR\); rebuilt from the files; set aside as/),
    ]);
  });

  it('rebuilds a damaged index from the files, setting the damaged one aside', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const [image, text] = [pngBytes(30), textBytes(30)];
    put(store, image, 'png');
    put(store, text);
    writeFileSync(join(dataDir, 'attachments', 'index.json'), '{"loopchatAttachments":1,"attach');
    clock = 5_000;
    const again = open(dataDir);
    expect(again.store.get(sha256(image))?.kind).toBe('png');
    expect(again.store.get(sha256(text))?.kind).toBe('file');
    expect(filesIn(dataDir)).toContain('index.json.bad-5000');
    expect(again.notes).toEqual([
      expect.stringMatching(
        /not a valid attachment index; rebuilt from the files; set aside as index.json.bad-5000/,
      ),
    ]);
    expect(open(dataDir).notes).toEqual([]); // the rebuilt index was written
  });

  it('sets aside a file whose bytes do not match its name, and never serves it', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = textBytes(30);
    put(store, bytes);
    writeFileSync(join(dataDir, 'attachments', 'index.json'), 'garbage');
    writeFileSync(join(dataDir, 'attachments', sha256(bytes)), textBytes(30, 9));
    clock = 6_000;
    const again = open(dataDir);
    expect(again.store.get(sha256(bytes))).toBeUndefined();
    expect(filesIn(dataDir)).toContain(`${sha256(bytes)}.bad-6000`);
    expect(again.notes.join('\n')).toMatch(/its bytes do not match its name/);
  });

  it('sets aside a file of the wrong size, and forgets one that is gone', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const [a, b] = [textBytes(30, 1), textBytes(30, 2)];
    put(store, a);
    put(store, b);
    truncateSync(join(dataDir, 'attachments', sha256(a)), 10);
    rmSync(join(dataDir, 'attachments', sha256(b)));
    const again = open(dataDir);
    expect(again.store.get(sha256(a))).toBeUndefined();
    expect(again.store.get(sha256(b))).toBeUndefined();
    expect(again.store.usedBytes).toBe(0);
    expect(again.notes.join('\n')).toMatch(/not the 30 bytes the index says/);
    expect(again.notes.join('\n')).toMatch(/is missing; its attachment is no longer available/);
  });

  it('keeps a whole file when it is the index that gives the wrong size', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = pngBytes(40);
    put(store, bytes, 'png');
    const index = join(dataDir, 'attachments', 'index.json');
    writeFileSync(index, readFileSync(index, 'utf8').replace('"size":40', '"size":48'));
    const again = open(dataDir);
    expect(again.store.get(sha256(bytes))).toEqual({
      sha256: sha256(bytes),
      size: 40,
      kind: 'png',
    });
    expect(filesIn(dataDir).filter((name) => name.includes('.bad-'))).toEqual([]);
  });

  it('adopts a whole file the index does not list yet (a crash before the index was written)', () => {
    const dataDir = dirs.make();
    open(dataDir);
    const bytes = pngBytes(40);
    writeFileSync(join(dataDir, 'attachments', sha256(bytes)), bytes);
    utimesSync(join(dataDir, 'attachments', sha256(bytes)), 7, 7);
    const again = open(dataDir);
    expect(again.store.get(sha256(bytes))).toEqual({
      sha256: sha256(bytes),
      size: 40,
      kind: 'png',
    });
  });

  it('sets aside a file cut short behind its back when a window asks for it', () => {
    const dataDir = dirs.make();
    const { store } = open(dataDir);
    const bytes = textBytes(40);
    put(store, bytes);
    truncateSync(join(dataDir, 'attachments', sha256(bytes)), 20);
    expect(store.readChunk(sha256(bytes), 1, 32)).toBeUndefined();
    expect(store.get(sha256(bytes))).toBeUndefined();
    expect(filesIn(dataDir).some((f) => f.startsWith(`${sha256(bytes)}.bad-`))).toBe(true);
  });
});

describe('a failing disk', () => {
  it('a full disk while writing an upload loses nothing already stored', () => {
    const { fs, failing } = failingFs();
    const dataDir = dirs.make();
    const { store } = open(dataDir, { fs });
    const kept = textBytes(20, 1);
    put(store, kept);
    const reserved = store.reserve(20);
    if (!reserved.ok) throw new Error(reserved.message);
    failing.append = 'ENOSPC';
    expect(() => reserved.partial.append(textBytes(20))).toThrow(/ENOSPC/);
    delete failing.append;
    store.discard(reserved.partial);
    expect(store.reservedBytes).toBe(0);
    expect(filesIn(dataDir, 'partial')).toEqual([]);
    expect(store.readChunk(sha256(kept), 0)).toEqual(Buffer.from(kept));
  });

  it('a full disk when opening an upload or moving it into place is a disk-error, nothing stored', () => {
    const { fs, failing } = failingFs();
    const dataDir = dirs.make();
    const { store } = open(dataDir, { fs });
    failing.open = 'ENOSPC';
    expect(store.reserve(10)).toMatchObject({
      ok: false,
      code: 'disk-error',
      message: 'the hub could not store the file: its disk is full',
    });
    delete failing.open;
    failing.rename = 'ENOSPC';
    const bytes = textBytes(10);
    expect(put(store, bytes)).toMatchObject({ ok: false, code: 'disk-error' });
    expect(store.get(sha256(bytes))).toBeUndefined();
    expect(store.reservedBytes).toBe(0);
    expect(filesIn(dataDir, 'partial')).toEqual([]);
  });

  it('an index that cannot be written leaves the attachment stored, and it is found again on reopening', () => {
    const { fs, failing } = failingFs();
    const dataDir = dirs.make();
    const { store, notes } = open(dataDir, { fs });
    failing.writeTextAtomic = 'ENOSPC';
    const bytes = pngBytes(25);
    expect(put(store, bytes, 'png').ok).toBe(true);
    expect(store.readChunk(sha256(bytes), 0)).toEqual(Buffer.from(bytes));
    expect(notes.join('\n')).toMatch(/index.json: could not be written/);
    expect(open(dataDir).store.get(sha256(bytes))).toEqual({
      sha256: sha256(bytes),
      size: 25,
      kind: 'png',
    });
  });
});
