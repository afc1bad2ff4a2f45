import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeChunk } from '../../protocol/chunk-frame';
import type { AttachmentGet } from '../../protocol/upload-messages';
import { AttachmentStore } from './attachment-store';
import { DownloadSender, MAX_QUEUED_DOWNLOADS, pump, type DownloadStep } from './download-sender';
import { pngBytes, sha256, tempDirs, textBytes } from './test/store-fixtures';

const C = 16;
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function setUp(...files: Uint8Array[]) {
  const dataDir = dirs.make();
  const store = AttachmentStore.open(dataDir);
  for (const bytes of files) {
    const reserved = store.reserve(bytes.length);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes);
    store.commit(reserved.partial, sha256(bytes), bytes[0] === 0x89 ? 'png' : 'file');
  }
  const sender = new DownloadSender(store, { chunkBytes: C, maxDownloadsPerConnection: 2 });
  return { store, sender, dataDir };
}

const get = (bytes: Uint8Array, fromChunk = 0): AttachmentGet => ({
  type: 'attachment-get',
  sha256: sha256(bytes),
  fromChunk,
});

/** Every step until there is nothing left. */
function drain(sender: DownloadSender, connection: number): DownloadStep[] {
  const steps: DownloadStep[] = [];
  for (let step = sender.next(connection); step !== null; step = sender.next(connection))
    steps.push(step);
  return steps;
}

/** The bytes of each download number, put together from its chunk frames. */
function received(steps: DownloadStep[]): Map<number, number[]> {
  const bytes = new Map<number, number[]>();
  for (const step of steps) {
    if (!(step instanceof Uint8Array)) continue;
    const decoded = decodeChunk(step, C);
    if (!decoded.ok) throw new Error(decoded.error);
    bytes.set(decoded.chunk.transfer, [
      ...(bytes.get(decoded.chunk.transfer) ?? []),
      ...decoded.chunk.payload,
    ]);
  }
  return bytes;
}

describe('a download', () => {
  it('starts, then sends the exact bytes chunk by chunk, the last one marked final', () => {
    const image = pngBytes(3 * C + 5);
    const { sender } = setUp(image);
    const start = sender.get(7, get(image));
    expect(start).toEqual({
      type: 'attachment-start',
      download: 1,
      attachment: { sha256: sha256(image), size: image.length, kind: 'png' },
      nextChunk: 0,
      chunkBytes: C,
    });
    const steps = drain(sender, 7);
    expect(steps).toHaveLength(4);
    expect(received(steps).get(1)).toEqual([...image]);
    const finals = steps
      .map((s) => (s instanceof Uint8Array && decodeChunk(s, C).ok ? decodeChunk(s, C) : null))
      .map((d) => d?.ok && d.chunk.final);
    expect(finals).toEqual([false, false, false, true]);
    expect(sender.pending(7)).toBe(0);
  });

  it('resumes from the chunk where a cut download ended', () => {
    const bytes = textBytes(3 * C);
    const { sender } = setUp(bytes);
    expect(sender.get(1, get(bytes, 2))).toMatchObject({ nextChunk: 2 });
    expect(received(drain(sender, 1)).get(1)).toEqual([...bytes.subarray(2 * C)]);
    expect(sender.get(1, get(bytes, 3))).toMatchObject({ type: 'error', code: 'bad-message' });
  });

  it('says "no longer available" for bytes the hub does not hold, or loses on the way', () => {
    const bytes = textBytes(3 * C);
    const { sender, dataDir } = setUp(bytes);
    expect(sender.get(1, { type: 'attachment-get', sha256: 'a'.repeat(64), fromChunk: 0 })).toEqual(
      {
        type: 'attachment-gone',
        sha256: 'a'.repeat(64),
        message: 'no longer available',
      },
    );
    sender.get(1, get(bytes));
    expect(sender.next(1)).toBeInstanceOf(Uint8Array);
    rmSync(join(dataDir, 'attachments', sha256(bytes)));
    expect(sender.next(1)).toEqual({
      type: 'attachment-gone',
      sha256: sha256(bytes),
      message: 'no longer available',
    });
    expect(sender.next(1)).toBeNull();
  });

  it('lets several downloads of one connection take turns, and others wait for a free slot', () => {
    const [a, b, c] = [textBytes(2 * C, 1), textBytes(2 * C, 2), textBytes(C, 3)];
    const { sender } = setUp(a, b, c);
    expect(sender.get(1, get(a))?.type).toBe('attachment-start');
    expect(sender.get(1, get(b))?.type).toBe('attachment-start');
    expect(sender.get(1, get(c))).toBeNull(); // waits: two at once
    const steps = drain(sender, 1);
    const order = steps.map((s) =>
      s instanceof Uint8Array
        ? (decodeChunk(s, C) as { chunk: { transfer: number } }).chunk.transfer
        : s.type,
    );
    // The waiting download starts as soon as the first one has sent its last chunk.
    expect(order).toEqual([1, 2, 1, 'attachment-start', 2, 3]);
    const bytes = received(steps);
    expect([bytes.get(1), bytes.get(2), bytes.get(3)]).toEqual([[...a], [...b], [...c]]);
  });

  it('refuses requests beyond the queue, and forgets a connection that closed', () => {
    const files = Array.from({ length: 3 }, (_, i) => textBytes(C, i));
    const { sender } = setUp(...files);
    sender.get(1, get(files[0] as Uint8Array));
    sender.get(1, get(files[1] as Uint8Array));
    for (let i = 0; i < MAX_QUEUED_DOWNLOADS; i += 1) sender.get(1, get(files[2] as Uint8Array, 0));
    expect(sender.pending(1)).toBe(3); // asking again for the same bytes replaces the request
    sender.disconnected(1);
    expect(sender.pending(1)).toBe(0);
    expect(sender.next(1)).toBeNull();
  });

  it('stops a cancelled download', () => {
    const bytes = textBytes(4 * C);
    const { sender } = setUp(bytes);
    sender.get(1, get(bytes));
    sender.next(1);
    sender.cancel(1, sha256(bytes));
    expect(sender.next(1)).toBeNull();
  });
});

describe('pump: a slow receiver does not make the hub buffer a file', () => {
  it('sends only while the socket has room, and carries on after it drains', () => {
    const bytes = textBytes(10 * C + 3);
    const { sender } = setUp(bytes);
    const threshold = 3 * C;
    let peak = 0;
    const wire: (Uint8Array | string)[] = [];
    const socket = {
      bufferedAmount: 0,
      send(data: Uint8Array | string) {
        wire.push(data);
        this.bufferedAmount += data.length;
        peak = Math.max(peak, this.bufferedAmount);
      },
    };
    sender.get(1, get(bytes));
    let rounds = 0;
    while (pump(sender, 1, socket, threshold) > 0) {
      socket.bufferedAmount = 0; // the receiver read everything
      rounds += 1;
    }
    expect(rounds).toBeGreaterThan(3);
    expect(peak).toBeLessThan(threshold + C + 12);
    const frames = wire.filter((w): w is Uint8Array => w instanceof Uint8Array);
    expect(received(frames).get(1)).toEqual([...bytes]);
  });

  it('sends nothing while the receiver reads nothing', () => {
    const bytes = textBytes(4 * C);
    const { sender } = setUp(bytes);
    sender.get(1, get(bytes));
    const full = {
      bufferedAmount: 10 * C,
      send: () => expect.unreachable('sent to a full socket'),
    };
    expect(pump(sender, 1, full, 3 * C)).toBe(0);
    expect(sender.pending(1)).toBe(1);
  });
});
