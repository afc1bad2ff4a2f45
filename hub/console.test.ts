import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_SUBPROTOCOL, type ConsoleCommand, type ConsoleMessage } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { Hub, HubOptions } from './hub';
import { connectConsole as connectTo, type ConsoleClient } from './test/console-client';
import { join, startTestHub, TEST_ORIGIN, type TestClient } from './test/test-client';

const hubs: Hub[] = [];
const sockets: { close(): Promise<void> }[] = [];

async function connectConsole(url: string, token: string): Promise<ConsoleClient> {
  const client = await connectTo(url, token);
  sockets.push(client);
  return client;
}

const ofType =
  <T extends ConsoleMessage['type']>(type: T) =>
  (m: ConsoleMessage): m is Extract<ConsoleMessage, { type: T }> =>
    m.type === type;

async function startHub(overrides: Partial<HubOptions> = {}) {
  const { hub, token, consoleToken, lines } = await startTestHub(overrides);
  hubs.push(hub);
  const { url } = hub.address ?? (await hub.start());
  const joinAs = async (name: string): Promise<TestClient & { peerId: string }> => {
    const client = await join(url, token, name);
    sockets.push(client);
    return client;
  };
  return {
    hub,
    token,
    consoleToken,
    url,
    lines,
    joinAs,
    console: () => connectConsole(url, consoleToken),
  };
}

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

describe('server console: what it sees', () => {
  it('gets a snapshot with the address, push interval, clients and recent events', async () => {
    const { url, joinAs, console } = await startHub({ pushIntervalMs: 2500 });
    const ada = await joinAs('Ada');
    const admin = await console();
    const snapshot = await admin.waitFor(ofType('snapshot'));
    expect(snapshot.server).toMatchObject({ running: true, url, pushIntervalMs: 2500 });
    const window = snapshot.connections.find((c) => c.role === 'chat');
    expect(window).toMatchObject({ peerId: ada.peerId, name: 'Ada', readyState: 1 });
    expect(window?.messagesIn).toBe(1); // the hello
    expect(snapshot.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['listening', 'headers', 'connection', 'hello']),
    );
    expect(admin.ws.protocol).toBe(CONSOLE_SUBPROTOCOL);
  });

  it('sees a window connect live, with its request and response headers, token redacted', async () => {
    const { token, joinAs, console } = await startHub();
    const admin = await console();
    await admin.waitFor(ofType('snapshot'));
    const bob = await joinAs('Bob');
    const connection = await admin.waitForEvent(
      (e) => e.kind === 'connection' && e.role === 'chat',
    );
    if (connection.kind !== 'connection') throw new Error('unreachable');
    expect(connection.origin).toBe(TEST_ORIGIN);
    const protocolHeader = connection.headers.find(([name]) => name === 'Sec-WebSocket-Protocol');
    expect(protocolHeader?.[1]).toBe('loopchat.v1,loopchat.token.<redacted>');
    const headers = await admin.waitForEvent(
      (e) => e.kind === 'headers' && e.connection === connection.connection,
    );
    if (headers.kind !== 'headers') throw new Error('unreachable');
    expect(headers.lines[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(headers.lines).toContain('Sec-WebSocket-Protocol: loopchat.v1');
    expect(JSON.stringify(admin.received)).not.toContain(token);
    const hello = await admin.waitForEvent((e) => e.kind === 'hello');
    expect(hello).toMatchObject({
      connection: connection.connection,
      peerId: bob.peerId,
      name: 'Bob',
    });
    // The client table follows (throttled), counting the window's frames.
    const table = await admin.waitFor(
      (m): m is Extract<ConsoleMessage, { type: 'connections' }> =>
        m.type === 'connections' && m.connections.some((c) => c.name === 'Bob'),
    );
    expect(table.connections.find((c) => c.name === 'Bob')?.messagesOut).toBeGreaterThanOrEqual(1);
  });

  it('sees a window leave with its close code and reason', async () => {
    const { joinAs, console } = await startHub();
    const admin = await console();
    const ada = await joinAs('Ada');
    ada.ws.close(4321, 'leaving now');
    const close = await admin.waitForEvent((e) => e.kind === 'close');
    expect(close).toMatchObject({ code: 4321, reason: 'leaving now', wasClean: true });
  });
});

describe('server console: actions', () => {
  it('broadcasts an announcement that reaches every window', async () => {
    const { joinAs, console } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const admin = await console();
    admin.send({ type: 'broadcast', text: 'Server restarts at <b>noon</b>' });
    for (const window of [ada, bob]) {
      expect(await window.next('announcement')).toMatchObject({
        type: 'announcement',
        text: 'Server restarts at <b>noon</b>',
      });
    }
    expect(await admin.waitFor(ofType('done'))).toMatchObject({ command: 'broadcast' });
  });

  it('removes (4001), drops (4002) or closes with a typed code; refuses 4000 with why', async () => {
    const { hub, joinAs, console } = await startHub();
    const admin = await console();
    const idOf = (peerId: string) => {
      const row = hub.connections().find((c) => c.peerId === peerId);
      if (!row) throw new Error(`${peerId} is not listed`);
      return row.number;
    };
    for (const [name, code] of [
      ['Rem', 4001],
      ['Dro', 4002],
      ['Typ', 4321],
    ] as const) {
      const window = await joinAs(name);
      admin.send({ type: 'disconnect', connection: idOf(window.peerId), code, reason: name });
      expect(await window.closed).toEqual({ code, reason: name });
    }
    const kept = await joinAs('Kept');
    admin.send({ type: 'disconnect', connection: idOf(kept.peerId), code: 4000, reason: '' });
    const refused = await admin.waitFor(ofType('error'));
    expect(refused.message).toMatch(/4000 \(Replaced\) is sent only when the same window/);
    expect(() => hub.disconnect(idOf(kept.peerId), 4000, '')).toThrow(/Replaced/);
    expect(kept.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('disconnects a window with the chosen code and reason; the others stay', async () => {
    const { hub, joinAs, console } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const admin = await console();
    const target = hub.connections().find((c) => c.peerId === ada.peerId);
    if (!target) throw new Error('Ada is not listed');
    admin.send({ type: 'disconnect', connection: target.number, code: 4001, reason: 'bye' });
    expect(await ada.closed).toEqual({ code: 4001, reason: 'bye' });
    expect((await bob.next('presence')).change).toMatchObject({ kind: 'left' });
    const event = await admin.waitForEvent(
      (e) => e.kind === 'close' && e.connection === target.number,
    );
    expect(event).toMatchObject({ code: 4001, reason: 'bye' });
    expect(bob.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('changes the push interval, and the windows get pushes on the new one', async () => {
    const { hub, joinAs, console } = await startHub({ pushIntervalMs: 3_600_000 });
    const ada = await joinAs('Ada');
    const admin = await console();
    admin.send({ type: 'set-push-interval', ms: 100 });
    expect(await ada.next('push')).toMatchObject({ online: 1 });
    const server = await admin.waitFor(
      (m): m is Extract<ConsoleMessage, { type: 'server' }> =>
        m.type === 'server' && m.server.pushIntervalMs === 100,
    );
    expect(server.server.running).toBe(true);
    expect(hub.serverInfo()?.pushIntervalMs).toBe(100);
  });

  it('stops the server (every connection closes with 1001) and starts it again', async () => {
    const { url, token, joinAs, console } = await startHub();
    const ada = await joinAs('Ada');
    const admin = await console();
    admin.send({ type: 'stop-server' });
    expect(await admin.waitFor(ofType('done'))).toMatchObject({ command: 'stop-server' });
    expect(await ada.closed).toEqual({ code: 1001, reason: 'Server stopped from the console' });
    expect((await admin.closed).code).toBe(1001);
    // Windows are refused while stopped; a console can come back to start it again.
    await expect(join(url, token, 'Bob')).rejects.toThrow(/503/);
    const again = await console();
    const snapshot = await again.waitFor(ofType('snapshot'));
    expect(snapshot.server.running).toBe(false);
    again.send({ type: 'start-server' });
    await again.waitFor(
      (m): m is Extract<ConsoleMessage, { type: 'server' }> =>
        m.type === 'server' && m.server.running,
    );
    const bob = await joinAs('Bob');
    expect(bob.ws.readyState).toBe(WebSocket.OPEN);
  });
  it('pushes to windows again after Stop then Start', async () => {
    const { joinAs, console } = await startHub({ pushIntervalMs: 50 });
    const ada = await joinAs('Ada');
    expect(await ada.next('push')).toMatchObject({ online: 1 });
    const admin = await console();
    admin.send({ type: 'stop-server' });
    expect((await ada.closed).code).toBe(1001);
    await admin.closed;
    const again = await console();
    again.send({ type: 'start-server' });
    await again.waitFor(
      (m): m is Extract<ConsoleMessage, { type: 'server' }> =>
        m.type === 'server' && m.server.running,
    );
    // Stop cleared the push timer; Start must set it again, at the same interval.
    const bob = await joinAs('Bob');
    expect(await bob.next('push', 2000)).toMatchObject({ type: 'push', online: 1 });
    const first = bob.received.find((m) => m.type === 'push');
    const second = await bob.next('push', 2000);
    expect(second.at).toBeGreaterThan(first?.at ?? Infinity);
  });
});

describe('server console: refusals', () => {
  it('holds a console to its own token and the same Origin rules as a window', async () => {
    const { url, token, consoleToken } = await startHub();
    const attempt = (protocols: string[], origin = TEST_ORIGIN) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, protocols, { origin });
        ws.on('error', (err) => resolve(err.message));
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
      });
    const withToken = [CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + consoleToken];
    expect(
      await attempt([CONSOLE_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(64)}`]),
    ).toContain('401');
    expect(await attempt([CONSOLE_SUBPROTOCOL])).toContain('401');
    expect(await attempt(withToken, 'https://evil.example')).toContain('403');
    expect(await attempt(['loopchat.console.v2', TOKEN_PROTOCOL_PREFIX + consoleToken])).toContain(
      '400',
    );
    expect(await attempt(withToken)).toBe('open');
    // A window's token (or the chat link) is no admin key, and the admin key opens no chat.
    expect(await attempt([CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token])).toContain('401');
    expect(await attempt([SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + consoleToken])).toContain('401');
    expect(await attempt([SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token])).toBe('open');
  });

  it('refuses every console when the hub was given no console token', async () => {
    const { url, token } = await startHub({ consoleToken: undefined });
    await expect(connectConsole(url, token)).rejects.toThrow('401');
  });

  it('never writes either token to the log, even the verbose one with every header', async () => {
    const { token, consoleToken, lines, joinAs, console } = await startHub({ verboseLog: true });
    await joinAs('Ada');
    const admin = await console();
    await admin.waitFor(ofType('snapshot'));
    expect(lines.some((l) => l.includes('loopchat.console.v1'))).toBe(true);
    const log = lines.join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toContain(consoleToken);
  });

  it('refuses console commands from a chat window', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const target = hub.connections().find((c) => c.peerId === bob.peerId);
    ada.ws.send(
      JSON.stringify({ type: 'disconnect', connection: target?.number, code: 4001, reason: 'x' }),
    );
    expect(await ada.next('error')).toMatchObject({ code: 'bad-message' });
    ada.ws.send(JSON.stringify({ type: 'broadcast', text: 'I am the server now' }));
    expect(await ada.next('error')).toMatchObject({ code: 'bad-message' });
    expect(bob.ws.readyState).toBe(WebSocket.OPEN);
    expect(bob.received.some((m) => m.type === 'announcement')).toBe(false);
  });

  it('answers an invalid command with an error frame and stays connected', async () => {
    const { joinAs, console } = await startHub();
    const ada = await joinAs('Ada');
    const admin = await console();
    admin.ws.send('{not json');
    admin.send({ type: 'disconnect', connection: 1, code: 1006, reason: '' } as ConsoleCommand);
    admin.send({ type: 'disconnect', connection: 999, code: 4001, reason: 'bye' });
    admin.send({ type: 'chat', id: 'm', text: 'hi' } as unknown as ConsoleCommand);
    await vi.waitFor(() => expect(admin.received.filter(ofType('error'))).toHaveLength(4), {
      timeout: 5000,
    });
    expect(admin.received.filter(ofType('error')).map((e) => [e.code, e.message])).toEqual([
      ['bad-json', 'frame is not valid JSON'],
      ['bad-command', 'close code 1006 is not allowed (use 1000, 1001, 1008 or 4001-4999)'],
      ['failed', 'no connection #999'],
      ['bad-command', 'unknown command "chat"'],
    ]);
    expect(admin.ws.readyState).toBe(WebSocket.OPEN);
    expect(ada.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses integer fields given as 1.5 or "3" by name, and stays connected', async () => {
    const { hub, joinAs, console } = await startHub({ pushIntervalMs: 2500 });
    const ada = await joinAs('Ada');
    const admin = await console();
    admin.ws.send(JSON.stringify({ type: 'disconnect', connection: 1.5, code: 4001, reason: '' }));
    admin.ws.send(JSON.stringify({ type: 'disconnect', connection: 1, code: '4001', reason: '' }));
    admin.ws.send(JSON.stringify({ type: 'set-push-interval', ms: 1500.5 }));
    await vi.waitFor(() => expect(admin.received.filter(ofType('error'))).toHaveLength(3), {
      timeout: 5000,
    });
    expect(admin.received.filter(ofType('error')).map((e) => [e.code, e.message])).toEqual([
      ['bad-command', expect.stringContaining('disconnect.connection must be an integer')],
      ['bad-command', expect.stringContaining('disconnect.code must be an integer')],
      ['bad-command', expect.stringContaining('set-push-interval.ms must be an integer')],
    ]);
    expect(admin.ws.readyState).toBe(WebSocket.OPEN);
    expect(ada.ws.readyState).toBe(WebSocket.OPEN);
    expect(hub.serverInfo()?.pushIntervalMs).toBe(2500);
  });

  it('the hub API refuses close codes and reasons a close frame cannot carry', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const id = hub.connections()[0]?.number ?? 0;
    expect(() => hub.disconnect(id, 1006, '')).toThrow('close code 1006 is not allowed');
    // ws would also refuse 124 bytes, but with its own words: the hub names the limit.
    expect(() => hub.disconnect(id, 4001, 'x'.repeat(124))).toThrow(
      'a close reason is at most 123 bytes',
    );
    expect(ada.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('hub events', () => {
  it('keeps the one-line stdout log for each event (verbose: with the handshake headers)', async () => {
    const { lines, joinAs, console } = await startHub({ verboseLog: true });
    const admin = await console();
    await admin.waitFor(ofType('snapshot'));
    await joinAs('Ada');
    admin.send({ type: 'broadcast', text: 'hi all' });
    await admin.waitFor(ofType('done'));
    const log = lines.join('\n');
    for (const label of ['listening', 'connection', 'headers', 'hello', 'announce']) {
      expect(log).toMatch(new RegExp(`\\] ${label}\\s`));
    }
    expect(log).toContain('(console)');
  });
});
