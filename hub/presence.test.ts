// A running hub as windows see it: joining, presence, renames and the same window again.

import { describe, expect, it, vi } from 'vitest';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

import { peerIdFor } from './peer-id';
import { connect, newSecret } from './test/test-client';
import { adaId, ADA_SECRET, hubsAndWindows, welcomeOf, W_SECRET } from './test/hub-fixture';

const { startHub, clients } = hubsAndWindows();

describe('hub: joining and presence', () => {
  it('welcomes a window with its identity and tells the others it joined', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const presence = await ada.next('presence');
    expect(presence.change).toEqual({
      kind: 'joined',
      peer: { id: bob.peerId, name: 'Bob', colour: 5 },
    });
    const welcome = bob.received[0];
    expect(welcome).toMatchObject({ type: 'welcome', you: { name: 'Bob' }, history: 'reset' });
    if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
    expect(welcome.peers.map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);
  });

  it('tells everyone when a window leaves or is renamed', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    await ada.next('presence'); // Bob joined
    bob.send({ type: 'rename', name: 'Robert' });
    expect((await ada.next('presence')).change).toMatchObject({
      kind: 'renamed',
      previousName: 'Bob',
      peer: { name: 'Robert' },
    });
    await bob.close();
    const left = await ada.next('presence');
    expect(left.change).toMatchObject({ kind: 'left', peer: { name: 'Robert' } });
  });

  it('keeps only the newest socket when the same window says hello again; no "left" for it', async () => {
    const { hub, joinAs } = await startHub();
    const bob = await joinAs('Bob');
    const old = await joinAs('Ada', null, ADA_SECRET);
    const oldNumber = hub.connections().find((c) => c.peerId === adaId)?.number;
    const fresh = await joinAs('Ada', null, ADA_SECRET);
    expect(await old.closed).toEqual({
      code: 4000,
      reason: 'Replaced by a newer connection from this window',
    });
    expect(
      welcomeOf(fresh)
        .peers.map((p) => p.id)
        .sort(),
    ).toEqual([bob.peerId, adaId].sort());
    // Once the hub has handled the old socket's close, anything it announced for it would be
    // on Bob's socket before this chat.
    await vi.waitFor(
      () =>
        expect(hub.recentEvents()).toContainEqual(
          expect.objectContaining({ kind: 'close', connection: oldNumber, code: 4000 }),
        ),
      { timeout: 5000 },
    );
    fresh.send({ type: 'chat', id: 'after', text: 'still me' });
    expect(await fresh.next('chat')).toMatchObject({ id: 'after', from: { id: adaId } });
    expect((await bob.next('chat')).id).toBe('after');
    expect(bob.received.flatMap((m) => (m.type === 'presence' ? [m.change.kind] : []))).toEqual([
      'joined',
      'joined',
    ]);
    expect(hub.connections().map((c) => c.peerId)).toEqual([bob.peerId, adaId]);
    // The new socket is the window now: its leaving is announced.
    await fresh.close();
    await bob.next('presence');
    await bob.next('presence');
    expect((await bob.next('presence')).change).toMatchObject({
      kind: 'left',
      peer: { id: adaId, name: 'Ada' },
    });
  });

  it('refuses a second hello on the same connection and keeps the first identity', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.send({ type: 'hello', secret: newSecret(), name: 'Eve', resume: null });
    expect(await ada.next('error')).toEqual({
      type: 'error',
      code: 'bad-message',
      message: 'hello was already received',
    });
    ada.send({ type: 'chat', id: 'c', text: 'me' });
    expect((await ada.next('chat')).from).toMatchObject({ id: ada.peerId, name: 'Ada' });
  });
});

describe('hub: names and the negotiated connection', () => {
  it('trims names, picks the chat subprotocol, and does not compress', async () => {
    const { address, token, joinAs } = await startHub();
    const bob = await joinAs('Bob');
    const client = await connect(address.url, token, {
      protocols: [CONSOLE_SUBPROTOCOL, SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`],
    });
    clients.push(client);
    expect(client.ws.protocol).toBe(SUBPROTOCOL);
    expect(client.ws.extensions).toBe('');
    client.send({ type: 'hello', secret: W_SECRET, name: '  Ada  ', resume: null });
    expect((await client.next('welcome')).you).toMatchObject({
      id: peerIdFor(W_SECRET),
      name: 'Ada',
    });
    client.send({ type: 'rename', name: ' Countess ' });
    expect((await bob.next('presence')).change).toMatchObject({ kind: 'joined' });
    expect((await bob.next('presence')).change).toMatchObject({
      kind: 'renamed',
      peer: { id: peerIdFor(W_SECRET), name: 'Countess' },
      previousName: 'Ada',
    });
    expect((await client.next('presence')).change).toMatchObject({ kind: 'renamed' });
  });
});
