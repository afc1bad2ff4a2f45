// One connection as the hub sees it: its record (role, counters, the peer it speaks for) and
// the ws socket that carries the record, so every connection shares one set of listeners.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Peer } from '../protocol/messages';
import type { ConnectionRole, HeaderPair } from '../protocol/console';
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
  missedPongs: number;
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
}

export function createClient(
  { ws, socket, req, role, number }: NewConnection,
  rateLimit: { perSecond: number; burst: number },
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
    missedPongs: 0,
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
  const pairs: HeaderPair[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    pairs.push([req.rawHeaders[i] ?? '', redact(req.rawHeaders[i + 1] ?? '')]);
  }
  return pairs;
}
