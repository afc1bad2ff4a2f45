// The chat client's files, against a scripted hub: attaching checks the limits first, the
// upload waits on bufferedAmount, resumes after a reconnect, and a download is ready only once
// every byte is here and its SHA-256 matches.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS, chunkCount } from '../protocol/attachment-limits';
import { decodeChunk, encodeChunk } from '../protocol/chunk-frame';
import type { ClientEvent } from './client-types';
import type { DownloadState } from './downloads';
import type { UploadView } from './uploads';
import { setup, welcome } from './test/client-harness';

const CHUNK = ATTACHMENT_LIMITS.chunkBytes;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function welcomed() {
  const ctx = setup();
  const uploads: (readonly UploadView[])[] = [];
  const downloads: { sha256: string; state: DownloadState }[] = [];
  ctx.client.subscribe((event: ClientEvent) => {
    if (event.type === 'uploads') uploads.push(event.uploads);
    if (event.type === 'attachment') downloads.push(event);
  });
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome());
  return { ...ctx, socket, uploads, downloads, latest: () => uploads.at(-1) ?? [] };
}

describe('chat client: files', () => {
  it('refuses a file over the limit with its reason, and sends nothing', () => {
    const { client, socket } = welcomed();
    const big = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1);
    expect(client.attach([{ name: 'big.iso', bytes: big }])).toEqual({
      code: 'too-big',
      name: 'big.iso',
      size: big.length,
      max: ATTACHMENT_LIMITS.maxFileBytes,
    });
    expect(socket.sentOfType('upload-offer')).toEqual([]);
    expect(socket.sentBinary).toEqual([]);
  });

  it('sends chunks only while the socket holds less than the send buffer, then the rest', async () => {
    const { client, socket, clock, latest } = welcomed();
    const bytes = Uint8Array.from({ length: CHUNK * 40 }, (_, i) => i % 251);
    client.attach([{ name: 'data.bin', bytes }]);
    await settle();
    const [offer] = socket.sentOfType('upload-offer');
    const offerId = offer?.id ?? '';
    expect(offer).toMatchObject({
      name: 'data.bin',
      size: bytes.length,
      kind: 'file',
      sha256: sha(bytes),
    });
    // The socket reports what it holds; the fake holds every frame until the test drains it.
    const held = () => socket.sentBinary.reduce((n, f) => n + f.length, 0) - drained;
    let drained = 0;
    Object.defineProperty(socket, 'bufferedAmount', { get: held });
    socket.receive({
      type: 'upload-accept',
      id: offerId,
      upload: 7,
      nextChunk: 0,
      chunkBytes: CHUNK,
    });
    expect(held()).toBeLessThan(ATTACHMENT_LIMITS.sendBufferBytes + CHUNK + 12);
    expect(socket.sentBinary.length).toBeLessThan(40);
    while (socket.sentBinary.length < 40) {
      drained = socket.sentBinary.reduce((n, f) => n + f.length, 0);
      clock.advance(50);
    }
    const payloads = socket.sentBinary.map((frame) => {
      const decoded = decodeChunk(frame);
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.chunk;
    });
    expect(payloads.map((c) => c.index)).toEqual([...Array(40).keys()]);
    expect(payloads.every((c) => c.transfer === 7)).toBe(true);
    expect(latest()[0]?.state.phase).toBe('sending');
    expect(client.send('').ok).toBe(false);
    socket.receive({
      type: 'upload-complete',
      id: offerId,
      attachment: { sha256: sha(bytes), size: bytes.length, kind: 'file' },
    });
    expect(client.send('here').ok).toBe(true);
    expect(socket.sentOfType('chat').at(-1)).toMatchObject({
      text: 'here',
      attachments: [{ sha256: sha(bytes), name: 'data.bin' }],
    });
    expect(latest()).toEqual([]);
  });

  it('offers an unfinished upload again after a reconnect and carries on where the hub copy ends', async () => {
    const { client, socket, network, clock } = welcomed();
    const bytes = Uint8Array.from({ length: CHUNK * 3 }, (_, i) => i % 13);
    client.attach([{ name: 'a.bin', bytes }]);
    await settle();
    const [offer] = socket.sentOfType('upload-offer');
    const offerId = offer?.id ?? '';
    socket.receive({
      type: 'upload-accept',
      id: offerId,
      upload: 1,
      nextChunk: 0,
      chunkBytes: CHUNK,
    });
    socket.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
    clock.advance(60_000);
    const again = network.last;
    expect(again).not.toBe(socket);
    again.open();
    again.receive(welcome());
    expect(again.sentOfType('upload-offer')).toEqual([offer]);
    again.receive({
      type: 'upload-accept',
      id: offerId,
      upload: 9,
      nextChunk: 2,
      chunkBytes: CHUNK,
    });
    const frames = again.sentBinary.map((f) => decodeChunk(f));
    expect(
      frames.map((d) => (d.ok ? [d.chunk.transfer, d.chunk.index, d.chunk.final] : d.error)),
    ).toEqual([[9, 2, true]]);
  });

  it('shows a download ready only when every byte is here and the SHA-256 matches', async () => {
    const { client, socket, downloads } = welcomed();
    const bytes = Uint8Array.from({ length: CHUNK + 10 }, (_, i) => (i * 7) % 256);
    const attachment = {
      sha256: sha(bytes),
      size: bytes.length,
      kind: 'file' as const,
      name: 'x.bin',
    };
    expect(client.fetchAttachment(attachment)).toMatchObject({ state: 'fetching' });
    expect(socket.sentOfType('attachment-get')).toEqual([
      { type: 'attachment-get', sha256: sha(bytes), fromChunk: 0 },
    ]);
    socket.receive({
      type: 'attachment-start',
      download: 3,
      attachment,
      nextChunk: 0,
      chunkBytes: CHUNK,
    });
    const chunk = (index: number) =>
      encodeChunk({
        transfer: 3,
        index,
        final: index === chunkCount(bytes.length) - 1,
        payload: bytes.subarray(index * CHUNK, (index + 1) * CHUNK),
      });
    socket.receiveRaw(chunk(0).buffer);
    expect(downloads.at(-1)?.state).toEqual({
      state: 'fetching',
      receivedBytes: CHUNK,
      size: bytes.length,
    });
    socket.receiveRaw(chunk(1).buffer);
    await settle();
    const last = downloads.at(-1)?.state;
    expect(last?.state).toBe('ready');
    expect(last?.state === 'ready' && sha(last.bytes)).toBe(sha(bytes));
  });

  it('says no longer available when the hub has evicted the bytes', () => {
    const { client, socket, downloads } = welcomed();
    const attachment = { sha256: 'a'.repeat(64), size: 3, kind: 'png' as const, name: 'old.png' };
    client.fetchAttachment(attachment);
    socket.receive({
      type: 'attachment-gone',
      sha256: 'a'.repeat(64),
      message: 'no longer available',
    });
    expect(downloads.at(-1)).toMatchObject({ sha256: 'a'.repeat(64), state: { state: 'gone' } });
  });
});
