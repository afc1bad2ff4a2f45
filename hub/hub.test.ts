import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, type ServerMessage } from '../protocol/messages';
import { History } from './history';
import { DEFAULT_PORT, type Hub, type HubOptions } from './hub';
import { peerIdFor } from './peer-id';
import {
  connect,
  join,
  newSecret,
  startTestHub,
  TEST_ORIGIN,
  type TestClient,
} from './test/test-client';

/** Fixed secrets, so a test can say hello again as the same window. */
const ADA_SECRET = 'ada-window'.padEnd(32, '_');
const W_SECRET = 'w'.padEnd(32, '_');
const adaId = peerIdFor(ADA_SECRET);
import { createToken } from './token';

const BOB_SECRET = 'b0b'.repeat(12);
const hubs: Hub[] = [];
const clients: TestClient[] = [];

async function startHub(overrides: Partial<HubOptions> = {}) {
  const { hub, token, lines } = await startTestHub(overrides);
  hubs.push(hub);
  const address = hub.address ?? (await hub.start());
  const joinAs = async (
    name: string,
    resume: Parameters<typeof join>[3] = null,
    secret?: string,
  ) => {
    const client = await join(address.url, token, name, resume, secret);
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

function welcomeOf(client: TestClient): Extract<ServerMessage, { type: 'welcome' }> {
  const welcome = client.received[0];
  if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
  return welcome;
}

/** The seqs of every chat received, once a ping's pong shows the hub has sent all before it. */
async function chatSeqs(client: TestClient): Promise<number[]> {
  client.send({ type: 'ping', id: 'sync' });
  await client.next('pong');
  return client.received.flatMap((m) => (m.type === 'chat' ? [m.seq] : []));
}

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

describe('hub: resume at the edges of the kept history', () => {
  // The hub keeps 3 messages of 5: seqs 3, 4 and 5 can be replayed, 1 and 2 are gone.
  async function hubWithFive() {
    const history = new History(3);
    const hub = await startHub({ history, pushIntervalMs: 4321 });
    const ada = await hub.joinAs('Ada');
    for (let i = 1; i <= 5; i++) ada.send({ type: 'chat', id: `a${i}`, text: `m${i}` });
    for (let i = 1; i <= 5; i++) await ada.next('chat');
    return { ...hub, history };
  }

  it("answers another launch's history id with a reset, counting what it no longer has", async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: 'another-launch', lastSeq: 5 });
    expect(welcomeOf(bob)).toMatchObject({
      history: 'reset',
      historyId: history.id,
      skipped: 2,
      pushIntervalMs: 4321,
      you: { id: bob.peerId, name: 'Bob' },
    });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });

  it('resets a window whose last message is older than the oldest one kept', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 1 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'reset', skipped: 2 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });

  it('resumes from just before the oldest kept message, and from the newest', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 2 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'resume', skipped: 0 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
    const cy = await joinAs('Cy', { historyId: history.id, lastSeq: 5 });
    expect(welcomeOf(cy)).toMatchObject({ history: 'resume', skipped: 0 });
    expect(await chatSeqs(cy)).toEqual([]);
  });

  it('resets a window that claims to have seen more than the hub ever sent', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 6 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'reset', skipped: 2 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });
});

describe('hub: server push', () => {
  it('pushes server time, uptime, clients online and message count on the interval', async () => {
    const before = Date.now();
    const { joinAs, hub } = await startHub({ pushIntervalMs: 60 });
    const started = Date.now();
    const ada = await joinAs('Ada');
    await joinAs('Bob');
    ada.send({ type: 'chat', id: 'one', text: 'counted' });
    await ada.next('chat');
    let push = await ada.next('push');
    for (let i = 0; i < 20 && push.messages === 0; i++) push = await ada.next('push');
    expect(push.online).toBe(2);
    expect(push.messages).toBe(1);
    expect(Math.abs(push.at - Date.now())).toBeLessThan(5000);
    // Uptime counts from when the hub was made: server time minus uptime is that moment.
    expect(push.at - push.uptimeMs).toBeGreaterThanOrEqual(before - 5);
    expect(push.at - push.uptimeMs).toBeLessThanOrEqual(started);
    const later = await ada.next('push');
    expect(later.uptimeMs).toBeGreaterThan(push.uptimeMs);
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

  it('binds 127.0.0.1 only', async () => {
    const { address } = await startHub();
    // Had the hub bound every interface, another loopback address could not take the port.
    const probe = createServer().listen(address.port, '127.0.0.2');
    await once(probe, 'listening');
    probe.close();
  });

  it('asks for 8005 by default, and falls back when it is taken (as when the app runs)', async () => {
    expect(DEFAULT_PORT).toBe(8005);
    // Hold 8005 unless something (the running app) already does: either way it is taken.
    const blocker = createServer();
    const held = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(8005, '127.0.0.1', () => resolve(true));
    });
    try {
      const { address, hub } = await startHub({ port: undefined });
      const fellBack = hub
        .recentEvents()
        .some((e) => e.kind === 'port-fallback' && e.wanted === 8005);
      // Only if whoever held 8005 let it go in between can the hub have got it.
      expect(fellBack || address.port === 8005).toBe(true);
      if (held) expect([fellBack, address.port === 8005]).toEqual([true, false]);
    } finally {
      if (held) blocker.close();
    }
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

  it('refuses an upgrade without Sec-WebSocket-Protocol (400: no role offered)', async () => {
    const { address, hub } = await startHub();
    const status = await rawUpgrade(address.port, {
      Host: `127.0.0.1:${address.port}`,
      Origin: TEST_ORIGIN,
    });
    expect(status).toBe(400);
    expect(hub.recentEvents()).toContainEqual(
      expect.objectContaining({ kind: 'rejected', status: 400 }),
    );
    expect(hub.connections()).toEqual([]);
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

  it('closes with 1003 on a binary frame and 1009 on an oversized one', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.ws.send(Buffer.from([1, 2, 3]));
    expect(await ada.closed).toEqual({ code: 1003, reason: 'Binary frames are not supported' });
    bob.ws.send('x'.repeat(70 * 1024));
    expect((await bob.closed).code).toBe(1009);
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

/** Writes `text` on a raw TCP connection and returns everything the hub answers until it hangs up. */
async function rawHttp(port: number, text: string): Promise<string> {
  const socket = tcpConnect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write(text);
  // Bounded: a hub that never hangs up fails the test instead of hanging it.
  const timer = setTimeout(() => socket.destroy(), 5000);
  await once(socket, 'close');
  clearTimeout(timer);
  return answer;
}

function upgradeRequest(port: number, protocols: string | null, extra = ''): string {
  return (
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${TEST_ORIGIN}\r\n` +
    'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
    (protocols === null ? '' : `Sec-WebSocket-Protocol: ${protocols}\r\n`) +
    `${extra}\r\n`
  );
}

/** A refusal as plain HTTP: the status line, and a body whose length is declared. */
function expectRefusal(answer: string, statusLine: string, body: string): void {
  expect(answer.split('\r\n')[0]).toBe(statusLine);
  expect(answer).toContain('\r\nConnection: close\r\n');
  expect(answer).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`);
  expect(answer.endsWith(`\r\n\r\n${body}`)).toBe(true);
}

describe('hub: what a refused or odd request gets back', () => {
  it('names the refusal in the status line and the body', async () => {
    const { address, token } = await startHub();
    const port = address.port;
    const tokenEntry = `${TOKEN_PROTOCOL_PREFIX}${token}`;
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, null)),
      'HTTP/1.1 400 Bad Request',
      'Subprotocol loopchat.v1 (or loopchat.console.v1) required',
    );
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, SUBPROTOCOL)),
      'HTTP/1.1 401 Unauthorized',
      'Missing or wrong token',
    );
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, `chat.v9, ${tokenEntry}`)),
      'HTTP/1.1 400 Bad Request',
      'Subprotocol loopchat.v1 (or loopchat.console.v1) required',
    );
    expectRefusal(
      await rawHttp(
        port,
        upgradeRequest(port, `${SUBPROTOCOL}, ${tokenEntry}`).replace(
          TEST_ORIGIN,
          'https://evil.example',
        ),
      ),
      'HTTP/1.1 403 Forbidden',
      'Origin not allowed',
    );
  });

  it('refuses chat windows with 503 while stopped from the console', async () => {
    const { address, token, hub } = await startHub();
    hub.stopServer();
    const request = upgradeRequest(
      address.port,
      `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    );
    expectRefusal(
      await rawHttp(address.port, request),
      'HTTP/1.1 503 Service Unavailable',
      'Server stopped from the console',
    );
  });

  it('answers a handshake ws itself rejects with 400 and its reason', async () => {
    const { address, token, hub } = await startHub();
    const request = upgradeRequest(
      address.port,
      `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    ).replace('dGhlIHNhbXBsZSBub25jZQ==', 'too-short');
    const answer = await rawHttp(address.port, request);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('Sec-WebSocket-Key');
    expect(hub.recentEvents()).toContainEqual(
      expect.objectContaining({
        kind: 'wsClientError',
        address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      }),
    );
  });

  it('answers garbage with 400 and a plain request with 426', async () => {
    const { address, hub } = await startHub();
    const garbage = await rawHttp(address.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(hub.recentEvents().some((e) => e.kind === 'clientError')).toBe(true);
    const plain = await rawHttp(
      address.port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${address.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(plain.split('\r\n')[0]).toBe('HTTP/1.1 426 Upgrade Required');
    expect(plain).toContain('\r\nLoopchat hub: WebSocket only\r\n');
  });

  it('refuses new connections with 503 while it is stopping', async () => {
    const { address, token, hub } = await startHub();
    const tokenEntry = `${TOKEN_PROTOCOL_PREFIX}${token}`;
    // A connection that never answers the closing handshake keeps the hub stopping for ~2 s.
    const deaf = tcpConnect(address.port, '127.0.0.1');
    deaf.on('error', () => undefined);
    await once(deaf, 'connect');
    deaf.write(upgradeRequest(address.port, `${SUBPROTOCOL}, ${tokenEntry}`));
    await once(deaf, 'data');
    const stopped = hub.stop();
    expectRefusal(
      await rawHttp(address.port, upgradeRequest(address.port, `${SUBPROTOCOL}, ${tokenEntry}`)),
      'HTTP/1.1 503 Service Unavailable',
      'Hub is stopping',
    );
    await stopped;
    deaf.destroy();
    expect(hub.address).toBeNull();
    expect(hub.serverInfo()).toBeNull();
  });
});

describe('hub: details the windows and the console see', () => {
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

  it('stamps pongs and announcements with the server time', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const before = Date.now();
    ada.send({ type: 'ping', id: 'p1' });
    const pong = await ada.next('pong');
    hub.sendAnnouncement('hello all');
    const announcement = await ada.next('announcement');
    const after = Date.now();
    for (const at of [pong.at, announcement.at]) {
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);
    }
    expect(announcement.text).toBe('hello all');
  });

  it('lists each connection with its address, time, counts and state', async () => {
    const before = Date.now();
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.send({ type: 'ping', id: 'p' });
    await ada.next('pong');
    const [info] = hub.connections();
    expect(info).toMatchObject({
      role: 'chat',
      peerId: ada.peerId,
      name: 'Ada',
      messagesIn: 2, // hello, ping
      messagesOut: 2, // welcome, pong
      bufferedAmount: 0,
      readyState: 1,
    });
    const local = (ada.ws as unknown as { _socket: Socket })._socket.localPort;
    expect(info?.address).toBe(`127.0.0.1:${local}`);
    expect(info?.connectedAt).toBeGreaterThanOrEqual(before);
    expect(info?.connectedAt).toBeLessThanOrEqual(Date.now());
  });

  it('stops and starts the service once each, and says so', async () => {
    const { hub } = await startHub({ pushIntervalMs: 1234 });
    hub.stopServer();
    hub.stopServer();
    expect(hub.serverInfo()).toMatchObject({ running: false, pushIntervalMs: 1234 });
    hub.startServer();
    hub.startServer();
    const info = hub.serverInfo();
    expect(info).toMatchObject({ running: true, url: hub.address?.url, port: hub.address?.port });
    expect(info?.now).toBeGreaterThanOrEqual(info?.startedAt ?? Infinity);
    const service = hub.recentEvents().flatMap((e) => (e.kind === 'service' ? [e.running] : []));
    expect(service).toEqual([false, true]);
    hub.setPushInterval(777);
    expect(hub.recentEvents().at(-1)).toMatchObject({ kind: 'push-interval', ms: 777 });
    expect(hub.serverInfo()?.pushIntervalMs).toBe(777);
  });

  it('disconnects with a reason of exactly 123 bytes, and reports an unknown connection', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const id = hub.connections()[0]?.number ?? 0;
    expect(hub.disconnect(id + 100, 4001, 'nobody')).toBe(false);
    const reason = 'é'.repeat(61) + 'x'; // 123 bytes
    expect(hub.disconnect(id, 4002, reason)).toBe(true);
    expect(await ada.closed).toEqual({ code: 4002, reason });
    expect(hub.recentEvents()).toContainEqual(
      expect.objectContaining({ kind: 'disconnect', connection: id, code: 4002, reason }),
    );
  });

  it('can be stopped before it ever started, and started while stopping', async () => {
    const { hub, address } = await startHub();
    const stopping = hub.stop();
    const restarted = hub.start();
    await stopping;
    expect((await restarted).port).toBe(address.port);
    expect(hub.recentEvents().map((e) => e.kind)).toEqual(
      expect.arrayContaining(['stopped', 'listening']),
    );
  });
});
