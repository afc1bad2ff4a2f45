// What the hub answers to each built-in template of the window's raw frame composer, sent
// byte for byte as the composer sends it: the answers the guide's frames chapter shows.

import { describe, expect, it } from 'vitest';
import { bytesFromHex } from '../protocol/byte-text';
import { builtInTemplate } from '../protocol/frame-templates';
import { hubsAndWindows } from './test/hub-fixture';

const { startHub } = hubsAndWindows();

const text = (id: Parameters<typeof builtInTemplate>[0]): string => builtInTemplate(id).body;

describe('hub: the raw frame templates', () => {
  it('echoes the valid chat, then only acknowledges it when sent again', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.ws.send(text('valid-chat'));
    expect(await ada.next('chat')).toMatchObject({ id: 'raw-frame-1' });
    ada.ws.send(text('valid-chat'));
    expect(await ada.next('ack')).toMatchObject({ id: 'raw-frame-1' });
  });

  it('answers an unknown type, malformed JSON and an over-long text with errors', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.ws.send(text('unknown-type'));
    expect((await ada.next('error')).message).toContain('unknown message type');
    ada.ws.send(text('malformed-json'));
    expect(await ada.next('error')).toMatchObject({ code: 'bad-json' });
    ada.ws.send(text('over-long-text'));
    expect((await ada.next('error')).message).toBe('chat.text is longer than 4000 characters');
    expect(ada.ws.readyState).toBe(ada.ws.OPEN);
  });

  it('closes with 1009 on the 70 KiB frame; the other windows carry on', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.ws.send(text('frame-70k'));
    expect((await ada.closed).code).toBe(1009);
    bob.send({ type: 'ping', id: 'still-here' });
    expect(await bob.next('pong')).toMatchObject({ id: 'still-here' });
  });

  it('answers the invalid UTF-8 binary frame, which is no upload chunk, with an upload-error', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bytes = bytesFromHex(text('invalid-utf8'));
    if (!bytes.ok) throw new Error(bytes.error);
    ada.ws.send(bytes.bytes);
    // A binary frame is a file chunk to the hub (protocol/chunk-frame.ts); this one is not.
    const answer = await ada.next('upload-error');
    expect(answer.message).toMatch(/.+/);
    expect(ada.ws.readyState).toBe(ada.ws.OPEN);
  });
});
