// One connection as the hub sees it, from upgrade to close: its record (role, counters, the
// peer it speaks for), the ws socket that carries the record so every connection shares one
// set of listeners, and where each frame goes (the chat room, or the console feed).

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Peer } from '../protocol/messages';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { ConnectionRole, HeaderPair, HubEventBody } from '../protocol/console';
import { parseClientMessage } from '../protocol/validate';
import type { ChatRoom } from './chat-room';
import type { ConsoleFeed } from './console-feed';
import type { Deadlines } from './deadlines';
import type { HubSignal } from './events';
import type { Heartbeat } from './heartbeat';
import { describePeer, redact } from './log';
import { RateLimiter } from './rate-limit';

export interface Client {
  readonly ws: HubSocket;
  /** The TCP socket under `ws`, corked while a turn's frames to it are gathered. */
  readonly socket: Duplex;
  corked: boolean;
  readonly number: number;
  readonly role: ConnectionRole;
  readonly address: string;
  readonly connectedAt: number;
  readonly limiter: RateLimiter;
  messagesIn: number;
  messagesOut: number;
  peer: Peer | null;
  /** How often the heartbeat pings this connection. */
  readonly heartbeatMs: number;
  missedPongs: number;
  /** A connection of the client lab (hub/client-lab.ts), marked so in the console's table. */
  readonly lab: boolean;
}

/** What a hub part that registered an upgrade hook gives the connections it recognises. */
export interface ConnectionTraits {
  /** Pinged this often instead of on the hub's heartbeat. */
  heartbeatMs?: number;
  lab?: boolean;
}

/**
 * ws's socket, carrying the hub's record of the connection: one set of listener functions then
 * serves every connection, instead of a set of closures each (idle connections stay cheap).
 */
export class HubSocket extends WebSocket {
  client: Client | null = null;
}

export interface NewConnection {
  ws: HubSocket;
  socket: Duplex;
  req: IncomingMessage;
  role: ConnectionRole;
  number: number;
  traits?: ConnectionTraits;
}

/** Per-connection limits, before any trait changes them. */
export interface ConnectionDefaults {
  rateLimit: { perSecond: number; burst: number };
  heartbeatMs: number;
}

export function createClient(
  { ws, socket, req, role, number, traits = {} }: NewConnection,
  { rateLimit, heartbeatMs }: ConnectionDefaults,
): Client {
  const client: Client = {
    ws,
    socket,
    corked: false,
    number,
    role,
    address: describePeer(req),
    connectedAt: Date.now(),
    limiter: new RateLimiter(rateLimit.perSecond, rateLimit.burst),
    messagesIn: 0,
    messagesOut: 0,
    peer: null,
    heartbeatMs: traits.heartbeatMs ?? heartbeatMs,
    missedPongs: 0,
    lab: traits.lab ?? false,
  };
  ws.client = client;
  return client;
}

/** What the hub does with each connection's socket events. */
export interface ConnectionEvents {
  message(client: Client, data: RawData, isBinary: boolean): void;
  pong(client: Client): void;
  error(client: Client | null, err: Error): void;
  close(client: Client, code: number, reason: Buffer): void;
}

const clientOf = (ws: WebSocket): Client | null => (ws instanceof HubSocket ? ws.client : null);

export type SocketListeners = ReturnType<typeof sharedListeners>;

/** The listeners every connection shares; `this` is the connection's socket. */
export function sharedListeners(events: ConnectionEvents) {
  return {
    message(this: WebSocket, data: RawData, isBinary: boolean): void {
      const client = clientOf(this);
      if (client) events.message(client, data, isBinary);
    },
    pong(this: WebSocket): void {
      const client = clientOf(this);
      if (client) events.pong(client);
    },
    error(this: WebSocket, err: Error): void {
      events.error(clientOf(this), err);
    },
    close(this: WebSocket, code: number, reason: Buffer): void {
      const client = clientOf(this);
      if (client) events.close(client, code, reason);
    },
  };
}

export function listen(ws: HubSocket, listeners: SocketListeners): void {
  ws.on('message', listeners.message);
  ws.on('pong', listeners.pong);
  ws.on('error', listeners.error);
  ws.on('close', listeners.close);
}

export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Request headers in order, with the token subprotocol entry redacted. */
export function headerPairs(req: IncomingMessage): HeaderPair[] {
  return rawHeaderPairs(req.rawHeaders);
}

/** Node's raw header list ([name, value, name, value, …]) as pairs, token redacted. */
export function rawHeaderPairs(raw: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i] ?? '', redact(raw[i + 1] ?? '')]);
  return pairs;
}

/** What a connection's frames and events reach: the hub's other parts. */
export interface ConnectionContext {
  emit(body: HubEventBody): void;
  signal(signal: HubSignal): void;
  /** Every open connection, windows and consoles, in connection order. */
  clients: Set<Client>;
  room: ChatRoom<Client>;
  /** Where console connections and their frames go. */
  consoles: Pick<ConsoleFeed<Client>, 'add' | 'remove' | 'onFrame'>;
  /** Windows that have yet to say hello. */
  helloDeadlines: Deadlines<Client>;
  heartbeat: Heartbeat<Client>;
}

/** What happens on each connection, from its upgrade to its close; returns the opener. */
export function connectionHandling(
  { emit, signal, clients, room, consoles, helloDeadlines, heartbeat }: ConnectionContext,
  defaults: ConnectionDefaults = { rateLimit: { perSecond: 100, burst: 200 }, heartbeatMs: 15_000 },
): (connection: NewConnection) => void {
  function onMessage(client: Client, data: RawData, isBinary: boolean): void {
    if (isBinary)
      return void client.ws.close(
        CLOSE_CODES.unsupportedData.code,
        'Binary frames are not supported',
      );
    if (!client.limiter.take()) {
      if (client.limiter.refusedInARow > 100) {
        return void client.ws.close(CLOSE_CODES.policyViolation.code, 'Rate limit exceeded');
      }
      return room.sendError(client, 'rate-limited', 'Too many messages; slow down');
    }
    client.messagesIn += 1;
    // Anything thrown while handling one frame, parser included, stays with that frame: a throw
    // escaping ws's 'message' listener would end the process and cut off every window.
    try {
      if (client.role === 'console') return consoles.onFrame(client, frameText(data));
      signal({ kind: 'counters-changed' });
      const parsed = parseClientMessage(frameText(data));
      if (!parsed.ok) return room.sendError(client, parsed.code, parsed.error);
      room.handle(client, parsed.message);
    } catch (err) {
      emit({ kind: 'error', client: client.number, message: `handler failed: ${String(err)}` });
      room.sendError(client, 'internal', 'The hub could not handle that message');
    }
  }

  const listeners = sharedListeners({
    message: onMessage,
    pong(client) {
      client.missedPongs = 0;
      emit({ kind: 'pong', client: client.number });
    },
    error(client, err) {
      emit({ kind: 'error', client: client?.number ?? null, message: err.message });
    },
    close(client, code, reason) {
      clients.delete(client);
      heartbeat.remove(client);
      if (client.role === 'console') consoles.remove(client);
      // 1006: the connection ended without a closing handshake (the browser's wasClean=false).
      emit({
        kind: 'close',
        client: client.number,
        code,
        reason: reason.toString(),
        wasClean: code !== CLOSE_CODES.abnormal.code,
      });
      room.leave(client);
    },
  });

  return (connection) => {
    const client = createClient(connection, defaults);
    clients.add(client);
    heartbeat.add(client);
    const { req, role } = connection;
    emit({
      kind: 'connection',
      client: client.number,
      role,
      address: client.address,
      origin: req.headers.origin ?? '',
      headers: headerPairs(req),
    });
    listen(client.ws, listeners);
    if (role === 'console') consoles.add(client);
    else helloDeadlines.add(client);
  };
}
