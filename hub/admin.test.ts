// The admin alone, against a fake room and fake connections: what each console operation does to
// the service, the push timer, the connections and the event stream; then the same operations
// through a running Hub.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { HubEventBody } from '../protocol/console';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { Connection } from './connection';
import { Admin } from './admin';
import { NetworkConditions } from './network-conditions';
import { hubsAndWindows } from './test/hub-fixture';

function fakeClient(number: number, extra: Partial<Connection> = {}) {
  const closed: [number, string][] = [];
  const client = {
    number,
    role: 'chat',
    peer: null,
    address: `127.0.0.1:${5000 + number}`,
    connectedAt: 1000 + number,
    messagesIn: number * 2,
    messagesOut: number * 3,
    binaryIn: number * 4,
    binaryOut: number * 5,
    bytesIn: number * 400,
    bytesOut: number * 500,
    textBytesIn: number * 60,
    textBytesOut: number * 80,
    lab: false,
    socket: { bytesRead: number * 700, bytesWritten: number * 900 },
    ws: {
      bufferedAmount: number * 10,
      extensions: number === 1 ? 'permessage-deflate' : '',
      readyState: 1,
      close: (code: number, reason: string) => void closed.push([code, reason]),
    },
    ...extra,
  } as unknown as Connection;
  return { client, closed };
}

const LISTENING = {
  kind: 'listening',
  url: 'ws://127.0.0.1:8005',
  port: 8005,
  seq: 1,
  at: 1,
} as const;

function admin(listening = true) {
  const calls: string[] = [];
  const events: HubEventBody[] = [];
  const clients = new Set<Connection>();
  const room = {
    pushIntervalMs: 3000,
    startPush: () => calls.push('startPush'),
    stopPush: () => calls.push('stopPush'),
    setPushInterval: (ms: number) => calls.push(`setPushInterval ${ms}`),
    announceFromServer: (text: string) => calls.push(`announce ${text}`),
  };
  const hubAdmin = new Admin({
    connections: clients,
    room: room as never,
    emit: (body) => void events.push(body),
    recentEvents: () => [{ at: 1, kind: 'stopped', url: 'x' }] as never,
    startedAt: 42,
    uploadsOf: (connection: number) =>
      connection === 1 ? [{ id: 'u1', name: 'cat.png', size: 9, receivedBytes: 4 }] : [],
    network: new NetworkConditions<Connection>({ emit: () => undefined, maxHeldBytes: 1024 }),
  });
  if (listening) {
    hubAdmin.onHubEvent(LISTENING);
    calls.length = 0;
  }
  const unlisten = () => hubAdmin.onHubEvent({ kind: 'stopped', url: 'x', seq: 2, at: 2 });
  return { hubAdmin, calls, events, clients, unlisten };
}

describe('admin', () => {
  it('lists every connection with its counters, peer and socket state', () => {
    const { hubAdmin, clients } = admin();
    const { client: a } = fakeClient(1, {
      peer: { id: 'p1', name: 'Ada', colour: 2 },
      lab: true,
    } as Partial<Connection>);
    const { client: b } = fakeClient(2, { role: 'console' } as Partial<Connection>);
    clients.add(a).add(b);
    expect(hubAdmin.connections()).toEqual([
      {
        number: 1,
        role: 'chat',
        peerId: 'p1',
        name: 'Ada',
        address: '127.0.0.1:5001',
        connectedAt: 1001,
        messagesIn: 2,
        messagesOut: 3,
        binary: { framesIn: 4, framesOut: 5, bytesIn: 400, bytesOut: 500 },
        uploads: [{ id: 'u1', name: 'cat.png', size: 9, receivedBytes: 4 }],
        bufferedAmount: 10,
        extensions: 'permessage-deflate',
        payload: { bytesIn: 460, bytesOut: 580 },
        wire: { bytesIn: 700, bytesOut: 900 },
        network: null,
        readyState: 1,
        lab: true,
      },
      {
        number: 2,
        role: 'console',
        peerId: null,
        name: null,
        address: '127.0.0.1:5002',
        connectedAt: 1002,
        messagesIn: 4,
        messagesOut: 6,
        binary: { framesIn: 8, framesOut: 10, bytesIn: 800, bytesOut: 1000 },
        uploads: [],
        bufferedAmount: 20,
        extensions: '',
        payload: { bytesIn: 920, bytesOut: 1160 },
        wire: { bytesIn: 1400, bytesOut: 1800 },
        network: null,
        readyState: 1,
        lab: false,
      },
    ]);
    expect(hubAdmin.recentEvents()).toEqual([{ at: 1, kind: 'stopped', url: 'x' }]);
  });

  it('reports the server only while it listens', () => {
    const { hubAdmin, unlisten } = admin();
    const info = hubAdmin.serverInfo();
    expect(info).toMatchObject({
      running: true,
      url: 'ws://127.0.0.1:8005',
      port: 8005,
      startedAt: 42,
      pushIntervalMs: 3000,
    });
    expect(Math.abs((info?.now ?? 0) - Date.now())).toBeLessThan(1000);
    unlisten();
    expect(hubAdmin.serverInfo()).toBeNull();
  });

  it('logs an announcement and hands it to the room', () => {
    const { hubAdmin, calls, events } = admin();
    hubAdmin.sendAnnouncement('maintenance at noon');
    expect(events).toEqual([{ kind: 'announcement', text: 'maintenance at noon' }]);
    expect(calls).toEqual(['announce maintenance at noon']);
  });

  it('disconnects the numbered connection with the code and reason, and says so', () => {
    const { hubAdmin, clients, events } = admin();
    const one = fakeClient(1);
    const two = fakeClient(2);
    clients.add(one.client).add(two.client);
    expect(hubAdmin.disconnect(2, 4001, 'bye')).toBe(true);
    expect(two.closed).toEqual([[4001, 'bye']]);
    expect(one.closed).toEqual([]);
    expect(events).toEqual([{ kind: 'disconnect', connection: 2, code: 4001, reason: 'bye' }]);
  });

  it('answers false for a connection that is gone, and logs nothing', () => {
    const { hubAdmin, clients, events } = admin();
    clients.add(fakeClient(1).client);
    expect(hubAdmin.disconnect(9, 1000, '')).toBe(false);
    expect(events).toEqual([]);
  });

  it('refuses a close code the console may not use, and a reason over 123 bytes', () => {
    const { hubAdmin, clients, events } = admin();
    const one = fakeClient(1);
    clients.add(one.client);
    expect(() => hubAdmin.disconnect(1, CLOSE_CODES.replaced.code, '')).toThrow(RangeError);
    expect(() => hubAdmin.disconnect(1, 1006, '')).toThrow(RangeError);
    expect(() => hubAdmin.disconnect(1, 1000, 'x'.repeat(124))).toThrow(
      new RangeError('a close reason is at most 123 bytes'),
    );
    // Bytes, not characters: 62 two-byte letters are 124 bytes.
    expect(() => hubAdmin.disconnect(1, 1000, 'é'.repeat(62))).toThrow(RangeError);
    expect(one.closed).toEqual([]);
    expect(events).toEqual([]);
    expect(hubAdmin.disconnect(1, 1000, 'x'.repeat(123))).toBe(true);
  });

  it('stops the service once: push stopped, every connection closed with 1001', () => {
    const { hubAdmin, clients, calls, events } = admin();
    const one = fakeClient(1);
    const two = fakeClient(2, { role: 'console' } as Partial<Connection>);
    clients.add(one.client).add(two.client);
    hubAdmin.stopServer();
    hubAdmin.stopServer();
    expect(hubAdmin.running).toBe(false);
    expect(calls).toEqual(['stopPush']);
    expect(events).toEqual([{ kind: 'service', running: false }]);
    const goingAway = [[CLOSE_CODES.goingAway.code, 'Server stopped from the console']];
    expect(one.closed).toEqual(goingAway);
    expect(two.closed).toEqual(goingAway);
    expect(hubAdmin.serverInfo()?.running).toBe(false);
  });

  it('starts a stopped service once, and its push only while the hub listens', () => {
    const { hubAdmin, calls, events, unlisten } = admin();
    hubAdmin.startServer();
    expect(calls).toEqual([]);
    expect(events).toEqual([]);
    hubAdmin.stopServer();
    hubAdmin.startServer();
    hubAdmin.startServer();
    expect(hubAdmin.running).toBe(true);
    expect(calls).toEqual(['stopPush', 'startPush']);
    expect(events).toEqual([
      { kind: 'service', running: false },
      { kind: 'service', running: true },
    ]);
    hubAdmin.stopServer();
    unlisten();
    calls.length = 0;
    hubAdmin.startServer();
    expect(hubAdmin.running).toBe(true);
    expect(calls).toEqual([]);
  });

  it('restarts the push with a new interval only while listening and running', () => {
    const { hubAdmin, calls, events, unlisten } = admin();
    hubAdmin.setPushInterval(500);
    expect(calls).toEqual(['setPushInterval 500', 'startPush']);
    expect(events).toEqual([{ kind: 'push-interval', ms: 500 }]);
    hubAdmin.stopServer();
    calls.length = 0;
    hubAdmin.setPushInterval(600);
    expect(calls).toEqual(['setPushInterval 600']);
    hubAdmin.startServer();
    unlisten();
    calls.length = 0;
    hubAdmin.setPushInterval(700);
    expect(calls).toEqual(['setPushInterval 700']);
  });

  it('runs again, push and all, when the hub starts listening', () => {
    const { hubAdmin, calls } = admin();
    hubAdmin.stopServer();
    calls.length = 0;
    hubAdmin.onHubEvent({ kind: 'service', running: false, seq: 3, at: 3 });
    expect([hubAdmin.running, calls]).toEqual([false, []]);
    hubAdmin.onHubEvent(LISTENING);
    expect(hubAdmin.running).toBe(true);
    expect(calls).toEqual(['startPush']);
  });

  it('learns where the hub listens from its events, and forgets it when it stops', () => {
    const { hubAdmin, unlisten } = admin(false);
    expect(hubAdmin.serverInfo()).toBeNull();
    hubAdmin.onHubEvent({ ...LISTENING, url: 'ws://127.0.0.1:9000', port: 9000 });
    expect(hubAdmin.serverInfo()).toMatchObject({ url: 'ws://127.0.0.1:9000', port: 9000 });
    hubAdmin.onHubEvent({ kind: 'push-interval', ms: 100, seq: 4, at: 4 });
    expect(hubAdmin.serverInfo()).toMatchObject({ port: 9000 });
    unlisten();
    expect(hubAdmin.serverInfo()).toBeNull();
  });

  it('refuses chat windows at the upgrade while stopped, never a console', () => {
    const { hubAdmin } = admin();
    const rule = (role: 'chat' | 'console') =>
      hubAdmin.transportExtension.upgrade?.({} as IncomingMessage, role);
    expect([rule('chat'), rule('console')]).toEqual([null, null]);
    hubAdmin.stopServer();
    expect(rule('chat')).toEqual({
      refuse: { status: 503, reason: 'Server stopped from the console' },
    });
    expect(rule('console')).toBeNull();
  });
});

const { startHub } = hubsAndWindows();

describe('admin, through the Hub', () => {
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
});
