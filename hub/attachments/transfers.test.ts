// The hub's transfers on a connection: the byte budget stops reading a fast sender for a while
// and loses nothing; a download leaves only as fast as the receiver's socket drains.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATTACHMENT_LIMITS } from '../../protocol/attachment-limits';
import { decodeChunk } from '../../protocol/chunk-frame';
import type { ServerMessage } from '../../protocol/messages';
import { AttachmentStore } from './attachment-store';
import { tempDirs, textBytes, sha256 } from './test/store-fixtures';
import { Transfers, type TransferConnection } from './transfers';

const dirs = tempDirs();
afterEach(() => {
  dirs.cleanup();
  vi.useRealTimers();
});

/** A connection whose socket holds what was sent until the test drains it. */
function fakeConnection(number: number) {
  const frames: Uint8Array[] = [];
  const texts: ServerMessage[] = [];
  let drainListener: (() => void) | null = null;
  const connection: TransferConnection & {
    paused: boolean;
    buffered: number;
    peakBuffered: number;
    peer: { id: string; name: string };
  } = {
    number,
    peer: { id: `peer${number}`, name: `P${number}` },
    paused: false,
    buffered: 0,
    peakBuffered: 0,
    ws: {
      readyState: 1,
      get bufferedAmount(): number {
        return connection.buffered;
      },
      send(data: Uint8Array): void {
        frames.push(data);
        connection.buffered += data.length;
        connection.peakBuffered = Math.max(connection.peakBuffered, connection.buffered);
      },
      pause: () => void (connection.paused = true),
      resume: () => void (connection.paused = false),
    },
    socket: {
      once(_event: 'drain', listener: () => void) {
        drainListener = listener;
      },
    },
    binaryIn: 0,
    binaryOut: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  /** The receiver reads everything; the socket says it drained. */
  const drain = (): boolean => {
    connection.buffered = 0;
    const listener = drainListener;
    drainListener = null;
    listener?.();
    return listener !== null;
  };
  return { connection, frames, texts, drain };
}

function transfers(budget?: { bytesPerSecond: number; burstBytes: number }) {
  const store = AttachmentStore.open(dirs.make());
  const sent = new Map<number, ServerMessage[]>();
  const hub = new Transfers<ReturnType<typeof fakeConnection>['connection']>({
    store,
    send: (c, data) => {
      const list = sent.get(c.number) ?? [];
      list.push(JSON.parse(data.toString()) as ServerMessage);
      sent.set(c.number, list);
    },
    onUpload: () => undefined,
    ...budget,
  });
  return { hub, store, sent };
}

describe('transfers', () => {
  it('stops reading a connection over its byte budget until it has refilled', () => {
    vi.useFakeTimers();
    const { hub } = transfers({ bytesPerSecond: 1000, burstBytes: 100 });
    const { connection } = fakeConnection(1);
    hub.binary(connection, new Uint8Array(60));
    expect(connection.paused).toBe(false);
    // 60 + 90 bytes: 50 over the burst, 50 ms at 1000 bytes/s.
    hub.binary(connection, new Uint8Array(90));
    expect(connection.paused).toBe(true);
    vi.advanceTimersByTime(49);
    expect(connection.paused).toBe(true);
    vi.advanceTimersByTime(1);
    expect(connection.paused).toBe(false);
    expect(connection).toMatchObject({ binaryIn: 2, bytesIn: 150 });
  });

  it('sends a download only while the receiver socket has room, and all of it in the end', () => {
    const { hub, store } = transfers();
    const bytes = textBytes(3 * 1024 * 1024 + 5);
    const reserved = store.reserve(bytes.length);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes);
    store.commit(reserved.partial, sha256(bytes), 'file');

    const receiver = fakeConnection(2);
    hub.handle(receiver.connection, receiver.connection.peer, {
      type: 'attachment-get',
      sha256: sha256(bytes),
      fromChunk: 0,
    });
    let rounds = 0;
    while (receiver.drain()) rounds += 1;
    const limit = ATTACHMENT_LIMITS.sendBufferBytes + ATTACHMENT_LIMITS.chunkBytes + 12;
    expect(receiver.connection.peakBuffered).toBeLessThanOrEqual(limit);
    expect(rounds).toBeGreaterThanOrEqual(2);
    const payloads = receiver.frames.map((frame) => {
      const decoded = decodeChunk(frame);
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.chunk.payload;
    });
    expect(sha256(Buffer.concat(payloads))).toBe(sha256(bytes));
    expect(receiver.connection.binaryOut).toBe(payloads.length);
  });

  it('forgets a closed connection: its download stops, its upload waits for a resume', () => {
    const { hub, store } = transfers();
    const bytes = textBytes(3 * 1024 * 1024);
    const reserved = store.reserve(bytes.length);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes);
    store.commit(reserved.partial, sha256(bytes), 'file');
    const receiver = fakeConnection(3);
    hub.handle(receiver.connection, receiver.connection.peer, {
      type: 'attachment-get',
      sha256: sha256(bytes),
      fromChunk: 0,
    });
    const before = receiver.frames.length;
    hub.disconnected(receiver.connection);
    receiver.drain();
    expect(receiver.frames.length).toBe(before);
  });
});
