// Uploading and downloading files the way a window does, for hub tests over real sockets:
// offer, chunk frames, completion; attachment-get, the chunks back, reassembled. Not part of
// the app.

import { createHash } from 'node:crypto';
import { ATTACHMENT_LIMITS, chunkCount, chunkLength } from '../../protocol/attachment-limits';
import { decodeChunk, encodeChunk } from '../../protocol/chunk-frame';
import { detectKind, SNIFF_BYTES } from '../../protocol/file-kind';
import type { StoredAttachment, UploadServerMessage } from '../../protocol/upload-messages';
import type { TestClient } from './test-client';

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `size` bytes that are not all the same (so a misplaced chunk shows), optionally a PNG. */
export function someBytes(size: number, seed = 1, png = false): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  if (png) Buffer.from(PNG_HEAD).copy(bytes);
  return bytes;
}

/** The chunk frame for chunk `index` of `bytes`, under transfer number `transfer`. */
export function chunkFrame(bytes: Uint8Array, transfer: number, index: number): Uint8Array {
  const size = bytes.length;
  const start = index * ATTACHMENT_LIMITS.chunkBytes;
  const payload = bytes.subarray(start, start + chunkLength(size, index));
  return encodeChunk({ transfer, index, final: index === chunkCount(size) - 1, payload });
}

export interface Offered {
  id: string;
  name: string;
  bytes: Uint8Array;
}

/** Sends the offer; resolves with the hub's answer to it. */
export async function offer(
  client: TestClient,
  { id, name, bytes }: Offered,
): Promise<
  Extract<UploadServerMessage, { type: 'upload-accept' | 'upload-complete' | 'upload-error' }>
> {
  const before = client.received.length;
  client.send({
    type: 'upload-offer',
    id,
    name,
    size: bytes.length,
    kind: detectKind(bytes.subarray(0, SNIFF_BYTES)),
    sha256: sha256(bytes),
  });
  const answer = await untilAfter(client, before, (m) =>
    (m.type === 'upload-accept' || m.type === 'upload-complete' || m.type === 'upload-error') &&
    m.id === id
      ? m
      : null,
  );
  return answer;
}

/** Offers an upload of `bytes` (named `<id>.bin`) and returns its transfer number. */
export async function opened(client: TestClient, id: string, bytes: Uint8Array): Promise<number> {
  const answer = await offer(client, { id, name: `${id}.bin`, bytes });
  if (answer.type !== 'upload-accept') throw new Error(`expected accept, got ${answer.type}`);
  return answer.upload;
}

/** The next upload-error the client receives after index `from`. */
export const uploadError = (client: TestClient, from: number) =>
  untilAfter(client, from, (m) => (m.type === 'upload-error' ? m : null));

/** Uploads `bytes` whole (from where the hub's copy ends); resolves with what the hub stored. */
export async function upload(client: TestClient, offered: Offered): Promise<StoredAttachment> {
  const answer = await offer(client, offered);
  if (answer.type === 'upload-complete') return answer.attachment;
  if (answer.type === 'upload-error') throw new Error(`refused: ${answer.message}`);
  const before = client.received.length;
  for (let i = answer.nextChunk; i < chunkCount(offered.bytes.length); i++) {
    client.ws.send(chunkFrame(offered.bytes, answer.upload, i));
  }
  const done = await untilAfter(client, before, (m) =>
    (m.type === 'upload-complete' || m.type === 'upload-error') && m.id === offered.id ? m : null,
  );
  if (done.type === 'upload-error') throw new Error(`failed: ${done.message}`);
  return done.attachment;
}

/** Asks for an attachment's bytes and reassembles the chunks of its download. */
export async function download(client: TestClient, hash: string, fromChunk = 0): Promise<Buffer> {
  const before = client.received.length;
  const binaryBefore = client.binary.length;
  client.send({ type: 'attachment-get', sha256: hash, fromChunk });
  const start = await untilAfter(client, before, (m) =>
    (m.type === 'attachment-start' && m.attachment.sha256 === hash) ||
    (m.type === 'attachment-gone' && m.sha256 === hash)
      ? m
      : null,
  );
  if (start.type === 'attachment-gone') throw new Error(start.message);
  const count = chunkCount(start.attachment.size);
  const parts: Buffer[] = [];
  let seen = binaryBefore;
  for (let next = fromChunk; next < count;) {
    while (seen >= client.binary.length) await nextFrame(client);
    const decoded = decodeChunk(client.binary[seen++] as Buffer);
    if (!decoded.ok) throw new Error(decoded.error);
    if (decoded.chunk.transfer !== start.download) continue;
    if (decoded.chunk.index !== next)
      throw new Error(`chunk ${decoded.chunk.index} before ${next}`);
    parts.push(Buffer.from(decoded.chunk.payload));
    next += 1;
  }
  return Buffer.concat(parts);
}

/** The first message after index `from` that `pick` takes. */
export async function untilAfter<T>(
  client: TestClient,
  from: number,
  pick: (m: TestClient['received'][number]) => T | null,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const m of client.received.slice(from)) {
      const picked = pick(m);
      if (picked !== null) return picked;
    }
    if (Date.now() > deadline) throw new Error('the awaited message did not come');
    await nextFrame(client, deadline - Date.now());
  }
}

/** Resolves at the next frame the client receives (text or binary), or after `timeoutMs`. */
export function nextFrame(client: TestClient, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.ws.off('message', onMessage);
      reject(new Error('no frame came'));
    }, timeoutMs);
    const onMessage = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.ws.once('message', onMessage);
  });
}
