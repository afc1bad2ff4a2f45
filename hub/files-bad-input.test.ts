// A running hub answering every kind of bad binary input with a clear error, while the
// connection, the other uploads and the other windows carry on and nothing partial is kept.

import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { encodeChunk } from '../protocol/chunk-frame';
import type { UploadErrorCode } from '../protocol/upload-messages';
import { connectConsole } from './test/console-client';
import { hubsAndWindows } from './test/hub-fixture';
import {
  chunkFrame,
  download,
  offer,
  opened,
  sha256,
  someBytes,
  untilAfter,
  upload,
  uploadError,
} from './test/file-transfer';
import { connect } from './test/test-client';

const { startHub, clients } = hubsAndWindows();
const CHUNK = ATTACHMENT_LIMITS.chunkBytes;

describe('hub: bad binary input', () => {
  it.each<[string, UploadErrorCode, (bytes: Buffer, upload: number) => Uint8Array[]]>([
    ['a frame that is not a chunk', 'bad-chunk', () => [Uint8Array.from([1, 2, 3])]],
    [
      'a chunk for an upload that is not open',
      'unknown-upload',
      (bytes, upload) => [chunkFrame(bytes, upload + 100, 0)],
    ],
    ['a chunk out of order', 'out-of-order', (bytes, upload) => [chunkFrame(bytes, upload, 1)]],
    [
      'a chunk twice',
      'duplicate-chunk',
      (bytes, upload) => [chunkFrame(bytes, upload, 0), chunkFrame(bytes, upload, 0)],
    ],
    [
      'a chunk past the declared size',
      'past-size',
      // The declared last chunk, marked as if more followed.
      (bytes, upload) => [
        chunkFrame(bytes, upload, 0),
        chunkFrame(bytes, upload, 1),
        encodeChunk({
          transfer: upload,
          index: 2,
          final: false,
          payload: bytes.subarray(2 * CHUNK),
        }),
      ],
    ],
    [
      'a final chunk before the declared size',
      'short-upload',
      (bytes, upload) => [
        encodeChunk({ transfer: upload, index: 0, final: true, payload: bytes.subarray(0, 10) }),
      ],
    ],
  ])('answers %s with %s and keeps nothing of it', async (_what, code, frames) => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    const bytes = someBytes(CHUNK * 3, 7);
    const number = await opened(ada, 'u1', bytes);
    const before = ada.received.length;
    for (const frame of frames(bytes, number)) ada.ws.send(frame);
    expect(await uploadError(ada, before)).toMatchObject({ code });
    // The connection carries on, the other window too, and nothing of the bytes is held.
    bob.send({ type: 'chat', id: 'b', text: 'still here' });
    expect((await ada.next('chat')).text).toBe('still here');
    ada.send({
      type: 'chat',
      id: 'm',
      text: '',
      attachments: [{ sha256: sha256(bytes), name: 'x' }],
    });
    expect(await ada.next('error')).toMatchObject({ code: 'bad-message' });
    expect(await download(bob, sha256(bytes)).catch((err: Error) => err.message)).toBe(
      'no longer available',
    );
  });

  it('refuses a declared image whose bytes are not one', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bytes = someBytes(100, 8);
    ada.send({
      type: 'upload-offer',
      id: 'fake',
      name: 'fake.png',
      size: bytes.length,
      kind: 'png',
      sha256: sha256(bytes),
    });
    const accept = await ada.next('upload-accept');
    ada.ws.send(chunkFrame(bytes, accept.upload, 0));
    expect(await ada.next('upload-error')).toMatchObject({
      id: 'fake',
      code: 'type-mismatch',
      message: 'the bytes are not an image, not the declared png; the upload was dropped',
    });
  });

  it('refuses bytes whose SHA-256 is not the declared one', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bytes = someBytes(100, 9);
    ada.send({
      type: 'upload-offer',
      id: 'lie',
      name: 'lie.bin',
      size: bytes.length,
      kind: 'file',
      sha256: 'a'.repeat(64),
    });
    const accept = await ada.next('upload-accept');
    ada.ws.send(chunkFrame(bytes, accept.upload, 0));
    expect(await ada.next('upload-error')).toMatchObject({ id: 'lie', code: 'hash-mismatch' });
  });

  it('refuses a file over the size limit before a byte is sent', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.send({
      type: 'upload-offer',
      id: 'huge',
      name: 'huge.iso',
      size: ATTACHMENT_LIMITS.maxFileBytes + 1,
      kind: 'file',
      sha256: 'b'.repeat(64),
    });
    expect(await ada.next('upload-error')).toEqual({
      type: 'upload-error',
      id: 'huge',
      code: 'too-big',
      message: '"huge.iso" is 25 MiB; files may be at most 25 MiB',
    });
  });

  it('refuses a fifth upload at once on one connection', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    for (let i = 0; i < ATTACHMENT_LIMITS.maxUploadsPerConnection; i++) {
      await opened(ada, `u${i}`, someBytes(CHUNK * 2, 10 + i));
    }
    const answer = await offer(ada, { id: 'one-more', name: 'x.bin', bytes: someBytes(10, 99) });
    expect(answer).toMatchObject({ code: 'too-many-uploads', id: 'one-more' });
  });

  it('refuses upload messages before hello', async () => {
    const { address, token } = await startHub();
    const early = await connect(address.url, token);
    clients.push(early);
    early.send({ type: 'attachment-get', sha256: 'c'.repeat(64), fromChunk: 0 });
    expect(await early.next('error')).toMatchObject({
      code: 'not-ready',
      message: 'send hello before attachment-get',
    });
  });

  it('closes a console connection that sends a binary frame with 1003; windows carry on', async () => {
    const { address, consoleToken, joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    const console = await connectConsole(address.url, consoleToken);
    console.ws.send(Uint8Array.from([0x4c, 1, 0, 0]));
    expect(await console.closed).toEqual({
      code: 1003,
      reason: 'A console connection takes text frames only',
    });
    ada.send({ type: 'chat', id: 'a', text: 'fine' });
    expect((await bob.next('chat')).text).toBe('fine');
  });

  it('counts chunks against the byte budget, not the frame limit; refused frames against both', async () => {
    const { joinAs } = await startHub({ rateLimit: { perSecond: 1, burst: 3 } });
    const ada = await joinAs('Ada');
    const bytes = someBytes(CHUNK * 12, 11);
    // 12 chunk frames with a budget of 3 frames: all taken (2 frames of it are the offer and ping).
    expect((await upload(ada, { id: 'u', name: 'u.bin', bytes })).sha256).toBe(sha256(bytes));
    const before = ada.received.length;
    for (let i = 0; i < 5; i++) ada.ws.send(Uint8Array.from([i]));
    expect(await untilAfter(ada, before, (m) => (m.type === 'error' ? m : null))).toMatchObject({
      code: 'rate-limited',
    });
  });
});
