import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { Hub, HubOptions } from './hub';
import { connect, join, startTestHub, TEST_ORIGIN, type TestClient } from './test/test-client';
import { createToken } from './token';

const BOB_SECRET = 'b0b'.repeat(12);
const hubs: Hub[] = [];
const clients: TestClient[] = [];

async function startHub(overrides: Partial<HubOptions> = {}) {
  const { hub, token, lines } = await startTestHub(overrides);
  hubs.push(hub);
  const address = hub.address ?? (await hub.start());
  const joinAs = async (name: string, resume: Parameters<typeof join>[3] = null, id?: string) => {
    const client = await join(address.url, token, name, resume, id);
    clients.push(client);
    return client;
  };
  return { hub, token, address, lines, joinAs };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

/** A raw HTTP upgrade request, as a hostile page or tool would send it. */
async function rawUpgrade(port: number, headers: Record<string, string>): Promise<number> {
  const req = request({
    host: '127.0.0.1',
    port,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
    },
  });
  req.end();
  const [res, socket] = (await Promise.race([once(req, 'response'), once(req, 'upgrade')])) as [
    { statusCode: number },
    Socket | undefined,
  ];
  socket?.destroy();
  req.destroy();
  return res.statusCode;
}

describe('hub: joining and presence', () => {
  it('welcomes a window with its identity and tells the others it joined', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const presence = await ada.next('presence');
    expect(presence.change).toEqual({ kind: 'joined', peer: { id: bob.clientId, name: 'Bob' } });
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
});

describe('hub: chat delivery', () => {
  it('delivers a message to every window, the sender included, with gap-free sequence numbers', async () => {
    const { joinAs } = await startHub();
    const [ada, bob, cy] = await Promise.all([joinAs('Ada'), joinAs('Bob'), joinAs('Cy')]);
    ada.send({ type: 'chat', id: 'm1', text: 'hello 👋 안녕하세요' });
    bob.send({ type: 'chat', id: 'm2', text: '<b>not html</b>' });
    for (const client of [ada, bob, cy]) {
      const first = await client.next('chat');
      const second = await client.next('chat');
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(first).toMatchObject({ id: 'm1', text: 'hello 👋 안녕하세요', from: { name: 'Ada' } });
      expect(second).toMatchObject({ id: 'm2', text: '<b>not html</b>', from: { name: 'Bob' } });
    }
  });

  it('acknowledges a repeated id without showing it twice', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.send({ type: 'chat', id: 'same', text: 'once' });
    await ada.next('chat');
    ada.send({ type: 'chat', id: 'same', text: 'once' });
    expect(await ada.next('ack')).toEqual({ type: 'ack', id: 'same', seq: 1 });
    bob.send({ type: 'chat', id: 'after', text: 'next' });
    expect((await bob.next('chat')).id).toBe('same');
    expect((await bob.next('chat')).seq).toBe(2);
    expect(bob.received.filter((m) => m.type === 'chat')).toHaveLength(2);
  });

  it('replays exactly what a reconnecting window missed', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob', null, BOB_SECRET);
    ada.send({ type: 'chat', id: 'a1', text: 'one' });
    const seen = await bob.next('chat');
    const welcome = bob.received[0];
    if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
    await bob.close();
    ada.send({ type: 'chat', id: 'a2', text: 'two' });
    ada.send({ type: 'chat', id: 'a3', text: 'three' });
    await ada.next('chat');
    await ada.next('chat');
    await ada.next('chat');
    const back = await joinAs(
      'Bob',
      { historyId: welcome.historyId, lastSeq: seen.seq },
      BOB_SECRET,
    );
    expect(back.received[0]).toMatchObject({ type: 'welcome', history: 'resume' });
    expect([(await back.next('chat')).text, (await back.next('chat')).text]).toEqual([
      'two',
      'three',
    ]);
  });

  it('tells a window with an unknown history to reset, and sends the recent messages', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.send({ type: 'chat', id: 'a1', text: 'kept' });
    await ada.next('chat');
    const bob = await joinAs('Bob', { historyId: 'from-another-launch', lastSeq: 40 });
    expect(bob.received[0]).toMatchObject({ type: 'welcome', history: 'reset', skipped: 0 });
    expect((await bob.next('chat')).text).toBe('kept');
  });
});

describe('hub: server push', () => {
  it('pushes server time, clients online and message count on the interval', async () => {
    const { joinAs, hub } = await startHub({ pushIntervalMs: 60 });
    const ada = await joinAs('Ada');
    await joinAs('Bob');
    const push = await ada.next('push');
    expect(push.online).toBe(2);
    expect(push.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(push.at - Date.now())).toBeLessThan(5000);
    hub.setPushInterval(10_000);
    const count = ada.received.filter((m) => m.type === 'push').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(ada.received.filter((m) => m.type === 'push').length).toBe(count);
  });
});

describe('hub: start and stop', () => {
  it('closes every client with 1001 on stop, frees the port, and comes back on it', async () => {
    const { joinAs, hub, address } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    await Promise.all([hub.stop(), hub.stop()]);
    expect((await ada.closed).code).toBe(1001);
    expect((await bob.closed).code).toBe(1001);
    expect(hub.address).toBeNull();
    const again = await hub.start();
    expect(again.port).toBe(address.port);
    expect(await hub.start()).toBe(again);
  });

  it('binds 127.0.0.1 only, on 8005 by default', async () => {
    const { address } = await startHub({ port: undefined });
    expect(address.port).toBe(8005);
    // Had the hub bound every interface, another loopback address could not take the port.
    const probe = createServer().listen(address.port, '127.0.0.2');
    await once(probe, 'listening');
    probe.close();
  });

  it('falls back to a free port when the preferred one is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const { address, lines, joinAs } = await startHub({ port: taken });
      expect(address.port).not.toBe(taken);
      expect(lines.some((l) => l.includes(`${taken} is taken`))).toBe(true);
      await joinAs('Ada');
    } finally {
      blocker.close();
    }
  });
});

describe('hub: handshake', () => {
  it('refuses a missing or wrong token (401), a foreign Origin or Host (403)', async () => {
    const { address, token } = await startHub();
    const host = `127.0.0.1:${address.port}`;
    const good = {
      Host: host,
      Origin: TEST_ORIGIN,
      'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    };
    expect(await rawUpgrade(address.port, good)).toBe(101);
    expect(await rawUpgrade(address.port, { ...good, 'Sec-WebSocket-Protocol': SUBPROTOCOL })).toBe(
      401,
    );
    expect(
      await rawUpgrade(address.port, {
        ...good,
        'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${createToken()}`,
      }),
    ).toBe(401);
    expect(await rawUpgrade(address.port, { ...good, Origin: 'https://evil.example' })).toBe(403);
    expect(await rawUpgrade(address.port, { ...good, Host: `evil.example:${address.port}` })).toBe(
      403,
    );
  });

  it('never writes the token to the log', async () => {
    const { joinAs, lines, token } = await startHub();
    await joinAs('Ada');
    expect(lines.some((l) => l.includes('connection'))).toBe(true);
    expect(lines.join('\n')).not.toContain(token);
  });
});

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

  it('closes with 1003 on a binary frame and 1009 on an oversized one', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.ws.send(Buffer.from([1, 2, 3]));
    expect((await ada.closed).code).toBe(1003);
    bob.ws.send('x'.repeat(70 * 1024));
    expect((await bob.closed).code).toBe(1009);
  });

  it('requires hello before chat', async () => {
    const { address, token } = await startHub();
    const client = await connect(address.url, token);
    clients.push(client);
    client.send({ type: 'chat', id: 'early', text: 'hi' });
    expect(await client.next('error')).toMatchObject({ code: 'not-ready' });
  });
});
