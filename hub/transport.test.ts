// The transport as a caller sees it: the exact events and refusals of its edge cases (half-open
// connections, the connection cap, a stopping hub, malformed requests, pages in browser mode,
// the port fallback) and the routes and upgrade hooks hub parts register.

import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { HubEvent, HubEventBody } from '../protocol/console';
import type { Connection, AcceptedUpgrade } from './connection';
import { createHub, type Hub, type HubOptions } from './hub';
import { Transport, type TransportExtension } from './transport';
import { openSocket, parseResponse, rawClient, upgradeRequest } from './test/raw-socket';
import { hubsStoppedAfterEach, join, TEST_ORIGIN } from './test/test-client';

const hubs = hubsStoppedAfterEach();
const sockets: Socket[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const socket of sockets.splice(0)) socket.destroy();
});

const staticDir = mkdtempSync(joinPath(tmpdir(), 'loopchat-transport-'));
writeFileSync(joinPath(staticDir, 'index.html'), '<p>page</p>');
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

async function start(overrides: Partial<HubOptions> = {}) {
  const started = await hubs.start(overrides);
  const events: HubEventBody[] = [];
  started.hub.subscribe(({ at: _at, seq: _seq, ...body }) => events.push(body as HubEventBody));
  const port = started.hub.address?.port ?? 0;
  return { ...started, port, events };
}

/** Writes `request` on a fresh socket and resolves with everything received until it closes. */
async function exchange(port: number, request: string): Promise<string> {
  const socket = await openSocket(port, (s) => sockets.push(s));
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = once(socket, 'close');
  socket.write(request);
  await closed;
  return received;
}

/** Resolves once an event of `kind` matching `match` has been emitted (bounded). */
async function eventOf<K extends HubEvent['kind']>(
  events: HubEventBody[],
  kind: K,
  timeoutMs = 5000,
): Promise<Extract<HubEventBody, { kind: K }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find((e) => e.kind === kind);
    if (found) return found as Extract<HubEventBody, { kind: K }>;
    if (Date.now() > deadline) throw new Error(`no ${kind} event within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function page(port: number, path: string, host = `127.0.0.1:${port}`, keepAlive = false): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
}

describe('half-open connections', () => {
  it('reports a head not received in time and answers 408 Request Timeout', async () => {
    const { port, events } = await start({ headersTimeoutMs: 300 });
    const received = await exchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const response = parseResponse(received);
    expect(response.status).toBe(408);
    expect(response.body).toBe('Request Timeout');
    expect(events).toContainEqual({
      kind: 'clientError',
      message: 'request head not received in time',
    });
  });

  it('reports the eviction of the oldest over the bound and answers it 503', async () => {
    const { port, events } = await start({ maxHalfOpen: 2, headersTimeoutMs: 20_000 });
    const oldest = await openSocket(port, (s) => sockets.push(s));
    let received = '';
    oldest.setEncoding('latin1');
    oldest.on('data', (chunk: string) => (received += chunk));
    const closed = once(oldest, 'close');
    for (let i = 0; i < 2; i += 1) await openSocket(port, (s) => sockets.push(s));
    await closed;
    const response = parseResponse(received);
    expect(response.status).toBe(503);
    expect(response.body).toBe('Too many connections');
    expect(events).toContainEqual({ kind: 'clientError', message: 'over 2 half-open connections' });
  });
});

describe('refusals', () => {
  it('refuses an upgrade over the connection cap, naming the cap in the event', async () => {
    const { url, token, port, events } = await start({ maxClients: 1 });
    hubs.track(await join(url, token, 'Ada'));
    const refused = parseResponse(await exchange(port, upgradeRequest(port, token)));
    expect(refused.status).toBe(503);
    expect(refused.body).toBe('Too many connections');
    const rejected = await eventOf(events, 'rejected');
    expect(rejected).toMatchObject({ status: 503, reason: 'connection cap 1 reached' });
  });

  it('answers a request it cannot parse with 400 Bad Request and reports it', async () => {
    const { port, events } = await start();
    const response = parseResponse(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(response.status).toBe(400);
    expect(response.body).toBe('Bad Request');
    const error = await eventOf(events, 'clientError');
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('accepts the Host localhost:<port>, but no page Origin outside browser mode', async () => {
    const { port, token } = await start();
    const byName = await rawClient(port, token);
    sockets.push(byName.socket);
    expect(byName.status).toBe(101);
    const socket = await openSocket(port, (s) => sockets.push(s));
    socket.setEncoding('latin1');
    socket.write(upgradeRequest(port, token, { Host: `localhost:${port}` }));
    const [first] = (await once(socket, 'data')) as [string];
    expect(parseResponse(first).status).toBe(101);
    const pageOrigin = parseResponse(
      await exchange(port, upgradeRequest(port, token, { Origin: `http://127.0.0.1:${port}` })),
    );
    expect(pageOrigin.status).toBe(403);
  });
});

describe('stopping', () => {
  it('closes windows with 1001 "Hub stopping", reports its own URL, and restarts', async () => {
    const { hub, url, token, events } = await start();
    const window = await join(url, token, 'Ada');
    await hub.stop();
    expect(await window.closed).toEqual({ code: 1001, reason: 'Hub stopping' });
    expect(events.filter((e) => e.kind === 'stopped')).toEqual([{ kind: 'stopped', url }]);
    const again = await hub.start();
    const back = hubs.track(await join(again.url, token, 'Ada'));
    back.send({ type: 'chat', id: 'm1', text: 'back' });
    expect((await back.next('chat')).text).toBe('back');
  });

  it('refuses an upgrade while it waits for its clients to close, with 503', async () => {
    const { hub, port, token } = await start();
    // A raw client never answers the close frame, so stop() waits for it (up to 2 s).
    const stubborn = await rawClient(port, token);
    sockets.push(stubborn.socket);
    expect(stubborn.status).toBe(101);
    const late = await openSocket(port, (s) => sockets.push(s));
    const stopped = hub.stop();
    let received = '';
    late.setEncoding('latin1');
    late.on('data', (chunk: string) => (received += chunk));
    const closed = once(late, 'close');
    late.write(upgradeRequest(port, token));
    await closed;
    await stopped;
    const response = parseResponse(received);
    expect(response.status).toBe(503);
    expect(response.body).toBe('Hub is stopping');
  });
});

describe('pages in browser mode', () => {
  it('serves the page for a Host in capitals; 403 for a foreign Host', async () => {
    const { port } = await start({ staticDir });
    const upper = parseResponse(await exchange(port, page(port, '/', `LOCALHOST:${port}`)));
    expect(upper.status).toBe(200);
    expect(upper.body).toBe('<p>page</p>');
    const foreign = parseResponse(await exchange(port, page(port, '/', 'evil.example')));
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('\r\nForbidden\r\n');
  });

  it('answers a path it cannot decode with 400 Bad Request', async () => {
    const { port } = await start({ staticDir });
    const response = parseResponse(await exchange(port, page(port, '/%E0%A4%A')));
    expect(response.status).toBe(400);
    expect(response.body).toContain('\r\nBad Request\r\n');
  });

  it('answers 408 when the next request on a kept-alive page connection stalls', async () => {
    const { port } = await start({ staticDir, headersTimeoutMs: 300 });
    const socket = await openSocket(port, (s) => sockets.push(s));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = once(socket, 'close');
    socket.write(page(port, '/', `127.0.0.1:${port}`, true));
    const limit = Date.now() + 5000;
    while (!received.includes('<p>page</p>') && Date.now() < limit) await once(socket, 'data');
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    await closed;
    const second = received.slice(received.indexOf('<p>page</p>') + '<p>page</p>'.length);
    const response = parseResponse(second);
    expect(response.status).toBe(408);
    expect(response.body).toBe('Request Timeout');
  });
});

describe('listening', () => {
  it('falls back to a free port on 127.0.0.1 only when the wanted one is taken', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as { port: number }).port;
    try {
      const { hub } = await start({ port: taken });
      const port = hub.address?.port;
      expect(port).not.toBe(taken);
      // Still loopback-only: another loopback address finds nothing listening.
      const other = new Socket();
      const outcome = await new Promise<string>((resolve) => {
        other.once('connect', () => resolve('connected'));
        other.once('error', () => resolve('refused'));
        other.connect(port ?? 0, '127.0.0.2');
      });
      other.destroy();
      expect(outcome).toBe('refused');
    } finally {
      blocker.close();
    }
  });

  it('reports the fallback, and fails on a port that is not taken but invalid', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as { port: number }).port;
    const events: HubEvent[] = [];
    const hub = createHub({ token: 't', port: taken, log: () => undefined });
    hub.subscribe((e) => events.push(e));
    try {
      await hub.start();
      expect(events).toContainEqual(
        expect.objectContaining({ kind: 'port-fallback', wanted: taken }),
      );
    } finally {
      await hub.stop();
      blocker.close();
    }
    const invalid: Hub = createHub({ token: 't', port: 70_000, log: () => undefined });
    await expect(invalid.start()).rejects.toThrow();
    expect(invalid.address).toBeNull();
  });
});

describe('registered hub parts', () => {
  /** A bare transport (no hub around it) with `extensions` registered, listening on port 0. */
  async function transportWith(...extensions: TransportExtension[]) {
    const opened: AcceptedUpgrade[] = [];
    const events: HubEventBody[] = [];
    const transport = new Transport({
      token: 'tok',
      consoleToken: undefined,
      allowedOrigins: [TEST_ORIGIN],
      staticDir: undefined,
      maxClients: 10,
      headersTimeoutMs: 5000,
      maxHalfOpen: 8,
      connections: new Set<Connection>(),
      emit: (body) => void events.push(body),
      onConnection: (connection) => {
        opened.push(connection);
        connection.ws.terminate();
      },
    });
    for (const extension of extensions) transport.register(extension);
    const { port } = await transport.start(0);
    stops.push(() => transport.stop());
    return { transport, port, opened, events };
  }
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  const teapot: TransportExtension = {
    routes: [
      {
        path: '/teapot',
        reply: (address) => ({
          status: 418,
          statusText: 'Teapot',
          headers: { 'X-At': address.url },
        }),
      },
    ],
  };

  it("answers a part's route on a plain request and on an upgrade, only for this hub's Host", async () => {
    const { port } = await transportWith(teapot);
    const plain = parseResponse(await exchange(port, page(port, '/teapot?x=1')));
    expect([plain.status, plain.headers.get('x-at')]).toEqual([418, `ws://127.0.0.1:${port}`]);
    const upgrade = upgradeRequest(port, 'tok').replace('GET / ', 'GET /teapot ');
    const upgraded = parseResponse(await exchange(port, upgrade));
    expect([upgraded.status, upgraded.headers.get('x-at')]).toEqual([
      418,
      `ws://127.0.0.1:${port}`,
    ]);
    const foreign = parseResponse(await exchange(port, page(port, '/teapot', 'evil.example')));
    expect(foreign.status).toBe(426);
  });

  it('refuses a second route on a path that is taken', async () => {
    const { transport } = await transportWith(teapot);
    expect(() => transport.register(teapot)).toThrow('route /teapot is taken');
  });

  it("gives a connection every hook's traits, and refuses it at the first hook that says so", async () => {
    let refusing = false;
    const { port, opened, events } = await transportWith(
      { upgrade: () => ({ traits: { heartbeatMs: 50 } }) },
      { upgrade: () => null },
      {
        upgrade: (_req, role) =>
          refusing ? { refuse: { status: 503, reason: `no ${role}` } } : { traits: { lab: true } },
      },
      { upgrade: () => (refusing ? { refuse: { status: 500, reason: 'not first' } } : null) },
    );
    const accepted = parseResponse(await exchange(port, upgradeRequest(port, 'tok')));
    expect(accepted.status).toBe(101);
    expect(opened.map((c) => c.traits)).toEqual([{ heartbeatMs: 50, lab: true }]);
    refusing = true;
    const refused = parseResponse(await exchange(port, upgradeRequest(port, 'tok')));
    expect([refused.status, refused.body]).toEqual([503, 'no chat']);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rejected', reason: 'no chat' }));
    expect(opened).toHaveLength(1);
  });
});
