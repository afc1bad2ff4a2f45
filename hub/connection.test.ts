// connection.ts alone: the shared listeners, frame decoding, header pairs, and what each socket
// event does to the hub's parts (fakes for the room, the console feed and the hello deadlines).

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { HubEventBody } from '../protocol/console';
import type { HubSignal } from './events';
import { CLOSE_CODES } from '../protocol/close-codes';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import {
  connectionHandling,
  frameText,
  headerPairs,
  HubSocket,
  sharedListeners,
  type Connection,
  type ConnectionContext,
  type ConnectionTraits,
} from './connection';

const fakeReq = (headers: Record<string, string>, rawHeaders: string[]) =>
  ({
    headers,
    rawHeaders,
    socket: { remoteAddress: '127.0.0.1', remotePort: 5555 },
  }) as unknown as IncomingMessage;

/** ws builds its server-side sockets with a null address (its types do not say so). */
const NO_ADDRESS = null as unknown as string;

/** A server-side ws socket that never connects; closes are recorded. */
function socket() {
  const ws = new HubSocket(NO_ADDRESS, undefined, {});
  const closed: [number, string][] = [];
  ws.close = (code?: number, reason?: string) => void closed.push([code ?? 0, String(reason)]);
  return { ws, closed };
}

function hub() {
  const events: HubEventBody[] = [];
  const calls: string[] = [];
  const clients = new Set<Connection>();
  const context = {
    emit: (body: HubEventBody) => void events.push(body),
    signal: (signal: HubSignal) => calls.push(signal.kind === 'counters-changed' ? 'stats' : '?'),
    connections: clients,
    room: {
      handle: (c: Connection, m: { type: string }) => calls.push(`handle #${c.number} ${m.type}`),
      sendError: (c: Connection, code: string) => calls.push(`error #${c.number} ${code}`),
      leave: (c: Connection) => calls.push(`leave #${c.number}`),
    },
    consoles: {
      add: (c: Connection) => calls.push(`console add #${c.number}`),
      remove: (c: Connection) => calls.push(`console remove #${c.number}`),
      onFrame: (c: Connection, text: string) => calls.push(`console frame #${c.number} ${text}`),
    },
    helloDeadlines: { add: (c: Connection) => calls.push(`deadline #${c.number}`) },
    heartbeat: {
      add: (c: Connection) => beating.add(c),
      remove: (c: Connection) => beating.delete(c),
    },
    transfers: {
      // A frame of one byte stands for a refused chunk, any other for a taken one.
      binary: (c: Connection, frame: Uint8Array) => {
        calls.push(`binary #${c.number} ${frame.length}`);
        return frame.length === 1;
      },
      handle: (c: Connection, _p: unknown, m: { type: string }) =>
        calls.push(`transfer #${c.number} ${m.type}`),
      disconnected: (c: Connection) => calls.push(`transfers forget #${c.number}`),
    },
  } as unknown as ConnectionContext;
  const beating = new Set<Connection>();
  const open = connectionHandling(context, {
    rateLimit: { perSecond: 0.001, burst: 2 },
    heartbeatMs: 15_000,
  });
  const connect = (
    role: 'chat' | 'console',
    number: number,
    headers = {},
    traits: ConnectionTraits = {},
  ) => {
    const { ws, closed } = socket();
    open({
      ws,
      socket: {} as Duplex,
      req: fakeReq(headers, ['Host', '127.0.0.1:8005']),
      role,
      number,
      traits,
    });
    const client = ws.connection as Connection;
    return { ws, closed, client };
  };
  return { events, calls, clients, beating, connect };
}

describe('frameText', () => {
  it('decodes a Buffer, a fragmented list of Buffers and an ArrayBuffer as UTF-8', () => {
    expect(frameText(Buffer.from('héllo'))).toBe('héllo');
    expect(frameText([Buffer.from('hé'), Buffer.from('llo')])).toBe('héllo');
    const bytes = Buffer.from('héllo');
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    expect(frameText(arrayBuffer)).toBe('héllo');
  });
});

describe('headerPairs', () => {
  it('keeps the request headers in order and redacts the token entry', () => {
    const token = `${TOKEN_PROTOCOL_PREFIX}${'a'.repeat(43)}`;
    const pairs = headerPairs(
      fakeReq({}, ['Host', '127.0.0.1:8005', 'Sec-WebSocket-Protocol', `loopchat.v1, ${token}`]),
    );
    expect(pairs).toEqual([
      ['Host', '127.0.0.1:8005'],
      ['Sec-WebSocket-Protocol', `loopchat.v1, ${TOKEN_PROTOCOL_PREFIX}<redacted>`],
    ]);
    expect(headerPairs(fakeReq({}, []))).toEqual([]);
  });
});

describe('sharedListeners', () => {
  it('passes events on only for a socket that carries a client; errors always', () => {
    const seen: string[] = [];
    const listeners = sharedListeners({
      message: (c, data, binary) => seen.push(`message #${c.number} ${String(data)} ${binary}`),
      pong: (c) => seen.push(`pong #${c.number}`),
      error: (c, err) => seen.push(`error ${c ? `#${c.number}` : 'none'} ${err.message}`),
      close: (c, code) => seen.push(`close #${c.number} ${code}`),
    });
    const bare = new WebSocket(NO_ADDRESS, undefined, {});
    const unclaimed = new HubSocket(NO_ADDRESS, undefined, {});
    const claimed = new HubSocket(NO_ADDRESS, undefined, {});
    claimed.connection = { number: 7 } as Connection;
    for (const ws of [bare, unclaimed, claimed]) {
      listeners.message.call(ws, Buffer.from('x'), false);
      listeners.pong.call(ws);
      listeners.error.call(ws, new Error('boom'));
      listeners.close.call(ws, 1000, Buffer.from(''));
    }
    expect(seen).toEqual([
      'error none boom',
      'error none boom',
      'message #7 x false',
      'pong #7',
      'error #7 boom',
      'close #7 1000',
    ]);
  });
});

describe('connectionHandling', () => {
  it('opens a window: recorded, logged with its origin and headers, given a hello deadline', () => {
    const { events, calls, clients, connect } = hub();
    const { client } = connect('chat', 1, { origin: 'http://127.0.0.1:8005' });
    expect([...clients]).toEqual([client]);
    expect(client).toMatchObject({ number: 1, role: 'chat', lab: false, peer: null });
    expect(client.address).toBe('127.0.0.1:5555');
    expect(events).toEqual([
      {
        kind: 'connection',
        connection: 1,
        role: 'chat',
        address: '127.0.0.1:5555',
        origin: 'http://127.0.0.1:8005',
        headers: [['Host', '127.0.0.1:8005']],
        extensions: '',
      },
    ]);
    // The console feed refreshes its table on the connection event itself.
    expect(calls).toEqual(['deadline #1']);
  });

  it('opens a console without a hello deadline, and logs a missing origin as empty', () => {
    const { events, calls, connect } = hub();
    connect('console', 2);
    expect(events[0]).toMatchObject({ kind: 'connection', role: 'console', origin: '' });
    expect(calls).toEqual(['console add #2']);
  });

  it('hands a window frame to the room and a console frame to the feed', () => {
    const { calls, connect } = hub();
    const window = connect('chat', 1);
    const console = connect('console', 2);
    calls.length = 0;
    window.ws.emit('message', Buffer.from('{"type":"ping","id":"p"}'), false);
    console.ws.emit('message', Buffer.from('{"type":"x"}'), false);
    window.ws.emit('message', Buffer.from('not json'), false);
    expect(calls).toEqual([
      'stats',
      'handle #1 ping',
      'console frame #2 {"type":"x"}',
      'stats',
      'error #1 bad-json',
    ]);
    expect(window.client.messagesIn).toBe(2);
    expect(console.client.messagesIn).toBe(1);
  });

  it('hands binary frames to the transfers outside the frame limit, unless refused', () => {
    const { calls, connect } = hub();
    const window = connect('chat', 1);
    calls.length = 0;
    for (let i = 0; i < 5; i++) window.ws.emit('message', Buffer.alloc(20), true);
    expect(calls.filter((c) => c.startsWith('error'))).toEqual([]);
    // Refused frames cost a frame each: the budget of 2 runs dry at the third.
    for (let i = 0; i < 3; i++) window.ws.emit('message', Buffer.from('x'), true);
    expect(calls.filter((c) => c.startsWith('error'))).toEqual(['error #1 rate-limited']);
    expect(window.closed).toEqual([]);
  });

  it('routes upload messages to the transfers after hello, and refuses them before', () => {
    const { calls, connect } = hub();
    const window = connect('chat', 1);
    calls.length = 0;
    const get = Buffer.from(`{"type":"attachment-get","sha256":"${'a'.repeat(64)}","fromChunk":0}`);
    window.ws.emit('message', get, false);
    window.client.peer = { id: 'p', name: 'Ada' };
    window.ws.emit('message', get, false);
    expect(calls).toEqual(['stats', 'error #1 not-ready', 'stats', 'transfer #1 attachment-get']);
  });

  it('closes a console that sends a binary frame with 1003', () => {
    const { connect } = hub();
    const console = connect('console', 2);
    console.ws.emit('message', Buffer.from('x'), true);
    expect(console.closed).toEqual([
      [CLOSE_CODES.unsupportedData.code, 'A console connection takes text frames only'],
    ]);
  });

  it('answers an error over the rate, closes after 100 in a row', () => {
    const { calls, connect } = hub();
    const flood = connect('chat', 2);
    calls.length = 0;
    const ping = Buffer.from('{"type":"ping","id":"p"}');
    for (let i = 0; i < 2 + 100; i++) flood.ws.emit('message', ping, false);
    expect(calls.filter((c) => c === 'error #2 rate-limited')).toHaveLength(100);
    expect(flood.closed).toEqual([]);
    flood.ws.emit('message', ping, false);
    expect(flood.closed).toEqual([[CLOSE_CODES.policyViolation.code, 'Rate limit exceeded']]);
    expect(flood.client.messagesIn).toBe(2);
  });

  it('resets the missed pongs on a pong, and logs pongs and errors', () => {
    const { events, connect } = hub();
    const { ws, client } = connect('chat', 3);
    events.length = 0;
    client.missedPongs = 2;
    ws.emit('pong', Buffer.alloc(0));
    ws.emit('error', new Error('bad frame'));
    expect(client.missedPongs).toBe(0);
    expect(events).toEqual([
      { kind: 'pong', connection: 3 },
      { kind: 'error', connection: 3, message: 'bad frame' },
    ]);
  });

  it('forgets a closed connection: the room sees it leave, a console leaves the feed', () => {
    const { events, calls, clients, beating, connect } = hub();
    const window = connect('chat', 1);
    const console = connect('console', 2);
    expect(beating).toEqual(new Set([window.client, console.client]));
    events.length = calls.length = 0;
    window.ws.emit('close', 1006, Buffer.from(''));
    console.ws.emit('close', 1000, Buffer.from('bye'));
    expect(clients.size).toBe(0);
    expect(beating.size).toBe(0);
    // The console feed refreshes its table on the close events themselves.
    expect(calls).toEqual([
      'transfers forget #1',
      'leave #1',
      'transfers forget #2',
      'console remove #2',
      'leave #2',
    ]);
    expect(events).toEqual([
      { kind: 'close', connection: 1, code: 1006, reason: '', wasClean: false },
      { kind: 'close', connection: 2, code: 1000, reason: 'bye', wasClean: true },
    ]);
  });

  it("takes a hub part's traits: its own heartbeat interval, marked as the lab's", () => {
    const { connect } = hub();
    const window = connect('chat', 1);
    const lab = connect('chat', 2, {}, { heartbeatMs: 200, lab: true });
    expect([window.client.heartbeatMs, window.client.lab]).toEqual([15_000, false]);
    expect([lab.client.heartbeatMs, lab.client.lab]).toEqual([200, true]);
  });
});
