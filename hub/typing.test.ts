import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from './hub';
import { connect, join, TEST_ORIGIN, type TestClient } from './test/test-client';
import { createToken } from './token';

const hubs: Hub[] = [];
const clients: TestClient[] = [];

async function startHub() {
  const token = createToken();
  const hub = createHub({ token, allowedOrigins: [TEST_ORIGIN], port: 0, log: () => undefined });
  hubs.push(hub);
  const { url } = await hub.start();
  const joinAs = async (name: string) => {
    const client = await join(url, token, name);
    clients.push(client);
    return client;
  };
  return { url, token, joinAs };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

describe('hub: typing indicator', () => {
  it('tells every other window who is typing, but not the typist', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const cy = await joinAs('Cy');
    ada.send({ type: 'typing', typing: true });
    const expected = {
      type: 'typing',
      from: { id: ada.peerId, name: 'Ada', colour: 0 },
      typing: true,
    };
    expect(await bob.next('typing')).toEqual(expected);
    expect(await cy.next('typing')).toEqual(expected);
    ada.send({ type: 'typing', typing: false });
    expect(await bob.next('typing')).toMatchObject({ typing: false });
    // A ping answered after both typing frames proves the hub did not echo them to Ada.
    ada.send({ type: 'ping', id: 'p' });
    await ada.next('pong');
    expect(ada.received.some((m) => m.type === 'typing')).toBe(false);
  });

  it('refuses typing before hello and a malformed typing frame', async () => {
    const { url, token, joinAs } = await startHub();
    const early = await connect(url, token);
    clients.push(early);
    early.send({ type: 'typing', typing: true });
    expect(await early.next('error')).toMatchObject({ code: 'not-ready' });
    const ada = await joinAs('Ada');
    ada.ws.send('{"type":"typing","typing":"yes"}');
    expect(await ada.next('error')).toMatchObject({ code: 'bad-message' });
  });
});
