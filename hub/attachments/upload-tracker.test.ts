import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkCount } from '../../protocol/attachment-limits';
import { encodeChunk } from '../../protocol/chunk-frame';
import type { AttachmentKind } from '../../protocol/file-kind';
import type { UploadAccept, UploadOffer } from '../../protocol/upload-messages';
import { AttachmentStore } from './attachment-store';
import { UploadTracker } from './upload-tracker';
import { failingFs, pngBytes, sha256, tempDirs, textBytes } from './test/store-fixtures';

const C = 16; // chunk bytes: small files exercise every rule
const LIMITS = {
  chunkBytes: C,
  progressEveryChunks: 2,
  maxUploadsPerConnection: 2,
  maxFileBytes: 200,
  resumeWindowMs: 1000,
};
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function setUp(options: { capBytes?: number; failing?: ReturnType<typeof failingFs> } = {}) {
  const dataDir = dirs.make();
  let clock = 0;
  const store = AttachmentStore.open(dataDir, {
    capBytes: options.capBytes,
    fs: options.failing?.fs,
  });
  const tracker = new UploadTracker(store, { limits: LIMITS, now: () => clock });
  const partials = () => readdirSync(join(dataDir, 'attachments', 'partial'));
  const stored = (sha: string) => readFileSync(join(dataDir, 'attachments', sha));
  return { store, tracker, partials, stored, advance: (ms: number) => (clock += ms) };
}

const offerOf = (bytes: Uint8Array, id = 'u1', kind: AttachmentKind = 'file'): UploadOffer => ({
  type: 'upload-offer',
  id,
  name: `${id}.bin`,
  size: bytes.length,
  kind,
  sha256: sha256(bytes),
});

/** Chunk `index` of `bytes` as a frame for `transfer`. */
function frame(
  bytes: Uint8Array,
  transfer: number,
  index: number,
  overrides: { final?: boolean; payload?: Uint8Array } = {},
) {
  const last = index === chunkCount(bytes.length, C) - 1;
  const payload = overrides.payload ?? bytes.subarray(index * C, (index + 1) * C);
  return encodeChunk({ transfer, index, final: overrides.final ?? last, payload }, C);
}

function accepted(answer: ReturnType<UploadTracker['offer']>): UploadAccept {
  if (answer.type !== 'upload-accept')
    throw new Error(`expected an accept, got ${JSON.stringify(answer)}`);
  return answer;
}

/** Sends chunks `from` to `to` (exclusive), returning every answer. */
function send(
  tracker: UploadTracker,
  connection: number,
  bytes: Uint8Array,
  transfer: number,
  from = 0,
  to = chunkCount(bytes.length, C),
) {
  const answers = [];
  for (let i = from; i < to; i += 1)
    answers.push(tracker.chunk(connection, frame(bytes, transfer, i)));
  return answers;
}

describe('an upload, chunk by chunk', () => {
  it('accepts, confirms progress every few chunks, and completes with the exact bytes stored', () => {
    const { tracker, stored, partials } = setUp();
    const bytes = pngBytes(5 * C + 3);
    const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes, 'u1', 'png')));
    expect(accept).toMatchObject({ id: 'u1', nextChunk: 0, chunkBytes: C });
    const answers = send(tracker, 1, bytes, accept.upload);
    expect(answers).toEqual([
      null,
      { type: 'upload-progress', id: 'u1', nextChunk: 2, receivedBytes: 2 * C },
      null,
      { type: 'upload-progress', id: 'u1', nextChunk: 4, receivedBytes: 4 * C },
      null,
      {
        type: 'upload-complete',
        id: 'u1',
        attachment: { sha256: sha256(bytes), size: bytes.length, kind: 'png' },
      },
    ]);
    expect(stored(sha256(bytes))).toEqual(Buffer.from(bytes));
    expect(partials()).toEqual([]);
    expect(tracker.size).toBe(0);
  });

  it('takes an empty file as one empty final chunk', () => {
    const { tracker } = setUp();
    const empty = new Uint8Array(0);
    const accept = accepted(tracker.offer(1, 'ada', offerOf(empty)));
    expect(send(tracker, 1, empty, accept.upload)).toEqual([
      {
        type: 'upload-complete',
        id: 'u1',
        attachment: { sha256: sha256(empty), size: 0, kind: 'file' },
      },
    ]);
  });

  it('completes at once, with nothing sent, bytes the hub already holds', () => {
    const { tracker } = setUp();
    const bytes = textBytes(20);
    send(tracker, 1, bytes, accepted(tracker.offer(1, 'ada', offerOf(bytes))).upload);
    expect(tracker.offer(2, 'bob', offerOf(bytes, 'b1'))).toEqual({
      type: 'upload-complete',
      id: 'b1',
      attachment: { sha256: sha256(bytes), size: 20, kind: 'file' },
    });
  });

  it('answers the same offer twice on one connection with the same upload number', () => {
    const { tracker } = setUp();
    const bytes = textBytes(40);
    const first = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    send(tracker, 1, bytes, first.upload, 0, 1);
    expect(tracker.offer(1, 'ada', offerOf(bytes))).toEqual({ ...first, nextChunk: 1 });
  });

  it('keeps one sender’s ids apart from another’s', () => {
    const { tracker } = setUp();
    const [a, b] = [textBytes(20, 1), textBytes(20, 2)];
    const ua = accepted(tracker.offer(1, 'ada', offerOf(a, 'same')));
    const ub = accepted(tracker.offer(2, 'bob', offerOf(b, 'same')));
    expect(ua.upload).not.toBe(ub.upload);
    expect(send(tracker, 1, a, ua.upload).at(-1)?.type).toBe('upload-complete');
    expect(send(tracker, 2, b, ub.upload).at(-1)?.type).toBe('upload-complete');
  });
});

describe('offers the hub refuses, with nothing sent', () => {
  it('a file over the size limit', () => {
    const { tracker, store } = setUp();
    expect(tracker.offer(1, 'ada', { ...offerOf(textBytes(1)), size: 201 })).toEqual({
      type: 'upload-error',
      id: 'u1',
      code: 'too-big',
      message: '"u1.bin" is 0 MiB; files may be at most 0 MiB',
    });
    expect(store.reservedBytes).toBe(0);
  });

  it('more uploads at once than a connection may have, until one finishes', () => {
    const { tracker } = setUp();
    const [a, b, c] = [textBytes(20, 1), textBytes(20, 2), textBytes(20, 3)];
    const first = accepted(tracker.offer(1, 'ada', offerOf(a, 'a')));
    accepted(tracker.offer(1, 'ada', offerOf(b, 'b')));
    expect(tracker.offer(1, 'ada', offerOf(c, 'c'))).toMatchObject({
      code: 'too-many-uploads',
      message: 'at most 2 uploads at once; wait for one to finish',
    });
    expect(accepted(tracker.offer(2, 'bob', offerOf(c, 'c'))).nextChunk).toBe(0); // another connection may
    send(tracker, 1, a, first.upload);
    expect(tracker.offer(1, 'ada', offerOf(c, 'c')).type).toBe('upload-accept');
  });

  it('a file the storage cap cannot hold', () => {
    const { tracker } = setUp({ capBytes: 30 });
    expect(tracker.offer(1, 'ada', offerOf(textBytes(31)))).toMatchObject({ code: 'storage-full' });
  });
});

describe('chunks the hub refuses', () => {
  it('a frame that is not a chunk, or names no upload, leaves the open upload untouched', () => {
    const { tracker } = setUp();
    const bytes = textBytes(40);
    const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    expect(tracker.chunk(1, Uint8Array.of(1, 2, 3))).toMatchObject({
      type: 'upload-error',
      id: null,
      code: 'bad-chunk',
    });
    expect(tracker.chunk(1, frame(bytes, accept.upload + 5, 0))).toMatchObject({
      id: null,
      code: 'unknown-upload',
    });
    expect(tracker.chunk(2, frame(bytes, accept.upload, 0))).toMatchObject({
      id: null,
      code: 'unknown-upload',
    }); // not its connection
    expect(send(tracker, 1, bytes, accept.upload).at(-1)?.type).toBe('upload-complete');
  });

  it.each<[string, (bytes: Uint8Array, transfer: number) => Uint8Array[], string, RegExp]>([
    [
      'out of order',
      (b, t) => [frame(b, t, 0), frame(b, t, 2)],
      'out-of-order',
      /chunk 2 arrived before chunk 1/,
    ],
    [
      'twice',
      (b, t) => [frame(b, t, 0), frame(b, t, 0)],
      'duplicate-chunk',
      /chunk 0 arrived twice/,
    ],
    [
      'past the declared size',
      (b, t) => [
        frame(b, t, 0),
        frame(b, t, 1),
        frame(b, t, 2, { final: false, payload: new Uint8Array(C) }),
      ],
      'past-size',
      /runs past the 40 bytes/,
    ],
    [
      'beyond the last chunk',
      (b, t) => [frame(b, t, 3, { final: true, payload: Uint8Array.of(1) })],
      'past-size',
      /chunk 3 is past the 40 bytes declared/,
    ],
    [
      'a longer last chunk',
      (b, t) => [frame(b, t, 0), frame(b, t, 1), frame(b, t, 2, { payload: new Uint8Array(9) })],
      'past-size',
      /runs past/,
    ],
    [
      'ending early',
      (b, t) => [frame(b, t, 0, { final: true })],
      'short-upload',
      /ended at chunk 0, before the 40 bytes/,
    ],
    [
      'a shorter last chunk',
      (b, t) => [frame(b, t, 0), frame(b, t, 1), frame(b, t, 2, { payload: new Uint8Array(3) })],
      'short-upload',
      /ended at chunk 2/,
    ],
  ])(
    'a chunk %s ends that upload with its reason, and another upload carries on',
    (_what, frames, code, reason) => {
      const { tracker, store, partials } = setUp();
      const [bytes, other] = [textBytes(40), textBytes(40, 5)];
      const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
      const keep = accepted(tracker.offer(1, 'ada', offerOf(other, 'other')));
      const answers = frames(bytes, accept.upload).map((f) => tracker.chunk(1, f));
      expect(answers.at(-1)).toEqual({
        type: 'upload-error',
        id: 'u1',
        code,
        message: expect.stringMatching(reason),
      });
      expect(answers.slice(0, -1).some((a) => a?.type === 'upload-error')).toBe(false);
      expect(tracker.chunk(1, frame(bytes, accept.upload, 0))).toMatchObject({
        code: 'unknown-upload',
      });
      expect(store.get(sha256(bytes))).toBeUndefined();
      expect(partials()).toHaveLength(1); // the other upload's
      expect(send(tracker, 1, other, keep.upload).at(-1)?.type).toBe('upload-complete');
      expect(store.reservedBytes).toBe(0);
    },
  );

  it.each<[string, Uint8Array, AttachmentKind, RegExp]>([
    [
      'text declared a PNG',
      textBytes(30),
      'png',
      /the bytes are not an image, not the declared png/,
    ],
    [
      'a PNG declared a plain file',
      pngBytes(30),
      'file',
      /the bytes are a png, not the declared file/,
    ],
    ['a PNG declared a GIF', pngBytes(30), 'gif', /a png, not the declared gif/],
    [
      'HTML declared a JPEG',
      new TextEncoder().encode('<html><script>alert(1)</script>'),
      'jpeg',
      /not an image/,
    ],
  ])('bytes that contradict the declared type: %s', (_what, bytes, kind, reason) => {
    const { tracker, store } = setUp();
    const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes, 'u1', kind)));
    expect(tracker.chunk(1, frame(bytes, accept.upload, 0))).toMatchObject({
      code: 'type-mismatch',
      message: expect.stringMatching(reason),
    });
    expect(store.get(sha256(bytes))).toBeUndefined();
  });

  it('bytes whose SHA-256 is not the declared one are never stored', () => {
    const { tracker, store, partials } = setUp();
    const bytes = textBytes(20);
    const lie = { ...offerOf(bytes), sha256: sha256(textBytes(20, 1)) };
    const accept = accepted(tracker.offer(1, 'ada', lie));
    expect(send(tracker, 1, bytes, accept.upload).at(-1)).toMatchObject({
      id: 'u1',
      code: 'hash-mismatch',
    });
    expect(store.get(lie.sha256)).toBeUndefined();
    expect(store.get(sha256(bytes))).toBeUndefined();
    expect(partials()).toEqual([]);
  });

  it('a full disk ends the upload with a disk-error; after space is freed the same offer starts over', () => {
    const failing = failingFs();
    const { tracker, store, partials } = setUp({ failing });
    const bytes = textBytes(40);
    const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    send(tracker, 1, bytes, accept.upload, 0, 1);
    failing.failing.append = 'ENOSPC';
    expect(tracker.chunk(1, frame(bytes, accept.upload, 1))).toMatchObject({
      code: 'disk-error',
      message: expect.stringContaining('ENOSPC'),
    });
    expect(partials()).toEqual([]);
    delete failing.failing.append;
    const again = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    expect(again.nextChunk).toBe(0);
    expect(send(tracker, 1, bytes, again.upload).at(-1)?.type).toBe('upload-complete');
    expect(store.reservedBytes).toBe(0);
  });
});

describe('a dropped connection', () => {
  it('resumes the upload on the next connection where the hub’s copy ends', () => {
    const { tracker, stored } = setUp();
    const bytes = pngBytes(6 * C);
    const first = accepted(tracker.offer(1, 'ada', offerOf(bytes, 'u1', 'png')));
    send(tracker, 1, bytes, first.upload, 0, 3);
    tracker.disconnected(1);
    expect(tracker.openUploads(1)).toBe(0);
    const resumed = accepted(tracker.offer(2, 'ada', offerOf(bytes, 'u1', 'png')));
    expect(resumed.nextChunk).toBe(3);
    expect(resumed.upload).not.toBe(first.upload);
    expect(tracker.chunk(2, frame(bytes, first.upload, 3))).toMatchObject({
      code: 'unknown-upload',
    });
    expect(send(tracker, 2, bytes, resumed.upload, 3).at(-1)?.type).toBe('upload-complete');
    expect(stored(sha256(bytes))).toEqual(Buffer.from(bytes));
  });

  it('moves the upload to a newer connection of the same window even before the old one closed', () => {
    const { tracker } = setUp();
    const bytes = textBytes(40);
    const first = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    send(tracker, 1, bytes, first.upload, 0, 1);
    const moved = accepted(tracker.offer(2, 'ada', offerOf(bytes)));
    expect(moved.nextChunk).toBe(1);
    expect(tracker.chunk(1, frame(bytes, first.upload, 1))).toMatchObject({
      code: 'unknown-upload',
    });
    expect(tracker.openUploads(1)).toBe(0);
    expect(send(tracker, 2, bytes, moved.upload, 1).at(-1)?.type).toBe('upload-complete');
  });

  it('starts over when the file offered under the same id is different', () => {
    const { tracker, store } = setUp();
    const [before, after] = [textBytes(40, 1), textBytes(40, 2)];
    send(tracker, 1, before, accepted(tracker.offer(1, 'ada', offerOf(before))).upload, 0, 2);
    tracker.disconnected(1);
    expect(accepted(tracker.offer(2, 'ada', offerOf(after))).nextChunk).toBe(0);
    expect(store.reservedBytes).toBe(40);
  });

  it('drops an upload not resumed within the resume window, and frees its space', () => {
    const { tracker, store, partials, advance } = setUp();
    const bytes = textBytes(40);
    send(tracker, 1, bytes, accepted(tracker.offer(1, 'ada', offerOf(bytes))).upload, 0, 1);
    tracker.disconnected(1);
    advance(999);
    expect(tracker.sweep()).toBe(0);
    advance(1);
    expect(tracker.sweep()).toBe(1);
    expect(partials()).toEqual([]);
    expect(store.reservedBytes).toBe(0);
    expect(accepted(tracker.offer(2, 'ada', offerOf(bytes))).nextChunk).toBe(0);
  });

  it('a cancelled upload is gone, its chunks refused', () => {
    const { tracker, store } = setUp();
    const bytes = textBytes(40);
    const accept = accepted(tracker.offer(1, 'ada', offerOf(bytes)));
    tracker.cancel('ada', 'u1');
    tracker.cancel('ada', 'never-offered');
    expect(tracker.chunk(1, frame(bytes, accept.upload, 0))).toMatchObject({
      code: 'unknown-upload',
    });
    expect(store.reservedBytes).toBe(0);
  });
});
