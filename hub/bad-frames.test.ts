// A running hub answering malformed and unwelcome frames, while the connection and the others
// carry on.

import { describe, expect, it } from 'vitest';

import { peerIdFor } from './peer-id';
import { connect } from './test/test-client';
import { hubsAndWindows, W_SECRET } from './test/hub-fixture';

const { startHub, clients } = hubsAndWindows();

describe('hub: bad frames', () => {
  it('answers malformed frames with an error and keeps the connection and the others going', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.ws.send('not json');
    expect(await ada.next('error')).toMatchObject({ code: 'bad-json' });
    ada.ws.send(JSON.stringify({ type: 'shout', text: 'x' }));
    expect((await ada.next('error')).message).toContain('unknown message type');
    ada.ws.send('{"type":"chat","id":"p","text":"x","__proto__":{"admin":true}}');
    expect((await ada.next('error')).message).toContain('__proto__');
    bob.send({ type: 'chat', id: 'ok', text: 'still here' });
    expect((await ada.next('chat')).text).toBe('still here');
  });

  it('answers JSON that is not an object (null, 3, "x", true) with an error, and stays open', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    for (const frame of ['null', '3', '"x"', 'true']) {
      ada.ws.send(frame);
      expect(await ada.next('error')).toEqual({
        type: 'error',
        code: 'bad-message',
        message: 'message must be a JSON object',
      });
    }
    ada.send({ type: 'ping', id: 'still-open' });
    expect(await ada.next('pong')).toMatchObject({ id: 'still-open' });
  });

  it('refuses an integer field given as 1.5 or "3", then takes a correct hello', async () => {
    const { address, token } = await startHub();
    const client = await connect(address.url, token);
    clients.push(client);
    for (const lastSeq of [1.5, '3']) {
      client.ws.send(
        JSON.stringify({
          type: 'hello',
          secret: W_SECRET,
          name: 'Ada',
          resume: { historyId: 'h', lastSeq },
        }),
      );
      expect(await client.next('error')).toEqual({
        type: 'error',
        code: 'bad-message',
        message: 'hello.resume.lastSeq must be an integer >= 0',
      });
    }
    client.send({ type: 'hello', secret: W_SECRET, name: 'Ada', resume: null });
    expect(await client.next('welcome')).toMatchObject({
      you: { id: peerIdFor(W_SECRET), name: 'Ada' },
    });
  });

  it('answers a binary frame that is not a file chunk with an upload-error, and closes an oversized frame with 1009', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.ws.send(Buffer.from([1, 2, 3]));
    expect(await ada.next('upload-error')).toEqual({
      type: 'upload-error',
      id: null,
      code: 'bad-chunk',
      message: 'binary frame is 3 bytes, shorter than a chunk header',
    });
    bob.ws.send('x'.repeat(70 * 1024));
    expect((await bob.closed).code).toBe(1009);
    ada.send({ type: 'ping', id: 'still-open' });
    expect(await ada.next('pong')).toMatchObject({ id: 'still-open' });
  });

  it('requires hello before chat', async () => {
    const { address, token } = await startHub();
    const client = await connect(address.url, token);
    clients.push(client);
    client.send({ type: 'chat', id: 'early', text: 'hi' });
    expect(await client.next('error')).toMatchObject({
      code: 'not-ready',
      message: 'send hello before chat',
    });
  });
});
