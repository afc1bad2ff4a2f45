// Files and images over a running hub, with real ws clients: an upload in binary chunk frames,
// a chat message naming it, every window fetching exactly the bytes; history and store across a
// restart; a resume after a dropped connection.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { AttachmentStore } from './attachments/attachment-store';
import { HistoryFile } from './history-file';
import { ADA_SECRET, hubsAndWindows } from './test/hub-fixture';
import {
  chunkFrame,
  download,
  offer,
  sha256,
  someBytes,
  untilAfter,
  upload,
} from './test/file-transfer';

const { startHub } = hubsAndWindows();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-files-'));
  dirs.push(dir);
  return dir;
};

const CHUNK = ATTACHMENT_LIMITS.chunkBytes;

describe('hub: files between windows', () => {
  it('relays a chat naming an uploaded image and a file; each window fetches exactly their bytes', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    const image = someBytes(CHUNK * 2 + 77, 1, true);
    const file = someBytes(CHUNK * 3, 2);
    const stored = [
      await upload(ada, { id: 'u1', name: 'cat.png', bytes: image }),
      await upload(ada, { id: 'u2', name: 'data.bin', bytes: file }),
    ];
    expect(stored).toEqual([
      { sha256: sha256(image), size: image.length, kind: 'png' },
      { sha256: sha256(file), size: file.length, kind: 'file' },
    ]);
    ada.send({
      type: 'chat',
      id: 'm1',
      text: '',
      attachments: [
        { sha256: sha256(image), name: 'cat.png' },
        { sha256: sha256(file), name: 'data.bin' },
      ],
    });
    const relayed = await bob.next('chat');
    expect(relayed.attachments).toEqual([
      { sha256: sha256(image), size: image.length, kind: 'png', name: 'cat.png' },
      { sha256: sha256(file), size: file.length, kind: 'file', name: 'data.bin' },
    ]);
    expect((await ada.next('chat')).seq).toBe(relayed.seq);
    expect(sha256(await download(bob, sha256(image)))).toBe(sha256(image));
    expect(sha256(await download(bob, sha256(file)))).toBe(sha256(file));
    // A cut download asks again from where its copy ends.
    expect(await download(bob, sha256(file), 2)).toEqual(file.subarray(2 * CHUNK));
  });

  it('answers an offer of bytes it already holds with upload-complete at once', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    const bytes = someBytes(1000);
    await upload(ada, { id: 'u1', name: 'a.bin', bytes });
    const answer = await offer(bob, { id: 'x', name: 'same.bin', bytes });
    expect(answer).toMatchObject({
      type: 'upload-complete',
      attachment: { sha256: sha256(bytes) },
    });
    expect(bob.binary).toHaveLength(0);
  });

  it('refuses a chat naming a file it does not hold, and relays nothing', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.send({
      type: 'chat',
      id: 'm1',
      text: 'see',
      attachments: [{ sha256: 'f'.repeat(64), name: 'x' }],
    });
    expect(await ada.next('error')).toMatchObject({
      code: 'bad-message',
      message: '"x" is no longer available; upload it again',
    });
    bob.send({ type: 'chat', id: 'b1', text: 'after' });
    expect((await ada.next('chat')).text).toBe('after');
    // Bob's first chat is his own: the refused one was never relayed.
    expect((await bob.next('chat')).text).toBe('after');
  });

  it('answers attachment-get for unknown bytes with attachment-gone', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    await expect(download(ada, 'e'.repeat(64))).rejects.toThrow('no longer available');
  });

  it('keeps attachments and the messages naming them across a hub restart', async () => {
    const dir = dataDir();
    const options = () => ({
      history: HistoryFile.open(join(dir, 'history.jsonl')),
      attachments: AttachmentStore.open(dir),
    });
    const first = await startHub(options());
    const ada = await first.joinAs('Ada');
    const bytes = someBytes(CHUNK + 5, 3, true);
    await upload(ada, { id: 'u1', name: 'pic.png', bytes });
    ada.send({
      type: 'chat',
      id: 'm1',
      text: 'pic',
      attachments: [{ sha256: sha256(bytes), name: 'pic.png' }],
    });
    await ada.next('chat');
    await first.hub.stop();

    const second = await startHub(options());
    const late = await second.joinAs('Late');
    const replayed = await late.next('chat');
    expect(replayed).toMatchObject({
      text: 'pic',
      attachments: [{ name: 'pic.png', kind: 'png' }],
    });
    expect(await download(late, sha256(bytes))).toEqual(bytes);
  });

  it('resumes an upload where the hub copy ends after the window reconnects', async () => {
    const { joinAs } = await startHub();
    const bytes = someBytes(CHUNK * 5 + 1, 4);
    const first = await joinAs('Ada', null, ADA_SECRET);
    const accept = await offer(first, { id: 'u1', name: 'big.bin', bytes });
    if (accept.type !== 'upload-accept') throw new Error(accept.type);
    for (let i = 0; i < 3; i++) first.ws.send(chunkFrame(bytes, accept.upload, i));
    first.send({ type: 'ping', id: 'written' });
    await first.next('pong'); // the hub has taken the three chunks
    await first.close();

    const again = await joinAs('Ada', null, ADA_SECRET);
    const resumed = await offer(again, { id: 'u1', name: 'big.bin', bytes });
    expect(resumed).toMatchObject({ type: 'upload-accept', nextChunk: 3 });
    const stored = await upload(again, { id: 'u1', name: 'big.bin', bytes });
    expect(stored.sha256).toBe(sha256(bytes));
    expect(await download(again, sha256(bytes))).toEqual(bytes);
  });

  it('shows each connection its binary frames and bytes in the table of connections', async () => {
    const { hub, joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    const bytes = someBytes(CHUNK * 2);
    await upload(ada, { id: 'u1', name: 'a.bin', bytes });
    await download(bob, sha256(bytes));
    const rows = hub.connections();
    const row = (name: string) => rows.find((r) => r.name === name)?.binary;
    expect(row('Ada')).toMatchObject({ framesIn: 2, bytesIn: bytes.length + 24, framesOut: 0 });
    expect(row('Bob')).toMatchObject({ framesIn: 0, framesOut: 2, bytesOut: bytes.length + 24 });
  });

  it('lists an upload in progress with its bytes so far', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bytes = someBytes(CHUNK * 4);
    const accept = await offer(ada, { id: 'u1', name: 'slow.bin', bytes });
    if (accept.type !== 'upload-accept') throw new Error(accept.type);
    ada.ws.send(chunkFrame(bytes, accept.upload, 0));
    const before = ada.received.length;
    ada.send({ type: 'ping', id: 'p' });
    await untilAfter(ada, before, (m) => (m.type === 'pong' ? m : null));
    expect(hub.connections().find((r) => r.name === 'Ada')?.uploads).toEqual([
      { id: 'u1', name: 'slow.bin', size: bytes.length, receivedBytes: CHUNK },
    ]);
  });
});
