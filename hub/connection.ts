// One connection as the hub sees it, from upgrade to close: its record (role, counters, the
// peer it speaks for), the ws socket that carries the record so every connection shares one
// set of listeners, and where each frame goes (the chat room, or the console feed).

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Peer } from '../protocol/messages';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { ConnectionRole, HeaderPair, HubEventBody, WireBytes } from '../protocol/console';
import { parseClientMessage } from '../protocol/validate';
import type { ClientMessage } from '../protocol/messages';
import type { UploadClientMessage } from '../protocol/upload-messages';
import { isUploadClientMessageType } from '../protocol/upload-validate';
import type { Transfers } from './attachments/transfers';
import type { ChatRoom } from './chat-room';
import type { ConsoleFeed } from './console-feed';
import type { Deadlines } from './deadlines';
import type { HubSignal } from './events';
import type { Heartbeat } from './heartbeat';
import { describePeer, redact } from './log';
import { RateLimiter } from './rate-limit';

export interface Connection {
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
  /** Binary frames and their bytes, each way (files: hub/attachments/transfers.ts). */
  binaryIn: number;
  binaryOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Text frames' payload bytes each way (after inflation, before compression). */
  textBytesIn: number;
  textBytesOut: number;
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
  /** Offered permessage-deflate (accepted only if the client offers it too). */
  deflate?: boolean;
}

/**
 * ws's socket, carrying the hub's record of the connection: one set of listener functions then
 * serves every connection, instead of a set of closures each (idle connections stay cheap).
 */
export class HubSocket extends WebSocket {
  connection: Connection | null = null;
}

export interface AcceptedUpgrade {
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

export function createConnection(
  { ws, socket, req, role, number, traits = {} }: AcceptedUpgrade,
  { rateLimit, heartbeatMs }: ConnectionDefaults,
): Connection {
  const connection: Connection = {
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
    binaryIn: 0,
    binaryOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    textBytesIn: 0,
    textBytesOut: 0,
    peer: null,
    heartbeatMs: traits.heartbeatMs ?? heartbeatMs,
    missedPongs: 0,
    lab: traits.lab ?? false,
  };
  ws.connection = connection;
  return connection;
}

/** What the hub does with each connection's socket events. */
export interface ConnectionEvents {
  message(connection: Connection, data: RawData, isBinary: boolean): void;
  pong(connection: Connection): void;
  error(connection: Connection | null, err: Error): void;
  close(connection: Connection, code: number, reason: Buffer): void;
}

const connectionOf = (ws: WebSocket): Connection | null =>
  ws instanceof HubSocket ? ws.connection : null;

export type SocketListeners = ReturnType<typeof sharedListeners>;

/** The listeners every connection shares; `this` is the connection's socket. */
export function sharedListeners(events: ConnectionEvents) {
  return {
    message(this: WebSocket, data: RawData, isBinary: boolean): void {
      const connection = connectionOf(this);
      if (connection) events.message(connection, data, isBinary);
    },
    pong(this: WebSocket): void {
      const connection = connectionOf(this);
      if (connection) events.pong(connection);
    },
    error(this: WebSocket, err: Error): void {
      events.error(connectionOf(this), err);
    },
    close(this: WebSocket, code: number, reason: Buffer): void {
      const connection = connectionOf(this);
      if (connection) events.close(connection, code, reason);
    },
  };
}

export function listen(ws: HubSocket, listeners: SocketListeners): void {
  ws.on('message', listeners.message);
  ws.on('pong', listeners.pong);
  ws.on('error', listeners.error);
  ws.on('close', listeners.close);
}

/** Bytes read from and written to the connection's TCP socket so far. */
export function wireBytes(socket: Duplex): WireBytes {
  const counted = socket as Partial<Pick<Socket, 'bytesRead' | 'bytesWritten'>>;
  return { bytesIn: counted.bytesRead ?? 0, bytesOut: counted.bytesWritten ?? 0 };
}

/** A frame's payload length, without copying it. */
export function frameLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

export function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const isUploadMessage = (message: ClientMessage): message is UploadClientMessage =>
  isUploadClientMessageType(message.type);

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
  connections: Set<Connection>;
  room: ChatRoom<Connection>;
  /** Where console connections and their frames go. */
  consoles: Pick<ConsoleFeed<Connection>, 'add' | 'remove' | 'onFrame'>;
  /** Windows that have yet to say hello. */
  helloDeadlines: Deadlines<Connection>;
  heartbeat: Heartbeat<Connection>;
  /** Files: upload and download messages, binary chunk frames. */
  transfers: Transfers<Connection>;
}

/** Where each frame of a connection goes: the limits, the parser, then its handler. */
function frameHandling(
  context: ConnectionContext,
): (connection: Connection, data: RawData, isBinary: boolean) => void {
  const { emit, signal, room, consoles, transfers } = context;

  /** Takes a frame from the frame limit; false (and the answer sent) when it ran dry. */
  function withinLimit(connection: Connection): boolean {
    if (connection.limiter.take()) return true;
    if (connection.limiter.refusedInARow > 100) {
      connection.ws.close(CLOSE_CODES.policyViolation.code, 'Rate limit exceeded');
    } else {
      room.sendError(connection, 'rate-limited', 'Too many messages; slow down');
    }
    return false;
  }

  // Binary frames are file chunks: they count against the byte budget, not the frame limit,
  // unless refused (then they cost a frame, like a bad text frame, so a flood of bad chunks
  // runs dry). A console speaks text only.
  function onBinary(connection: Connection, data: RawData): void {
    if (connection.role === 'console') {
      return void connection.ws.close(
        CLOSE_CODES.unsupportedData.code,
        'A console connection takes text frames only',
      );
    }
    signal({ kind: 'counters-changed' });
    if (transfers.binary(connection, frameBytes(data))) withinLimit(connection);
  }

  function onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    // Anything thrown while handling one frame, parser included, stays with that frame: a throw
    // escaping ws's 'message' listener would end the process and cut off every window.
    try {
      if (isBinary) return onBinary(connection, data);
      if (!withinLimit(connection)) return;
      connection.messagesIn += 1;
      connection.textBytesIn += frameLength(data);
      if (connection.role === 'console') return consoles.onFrame(connection, frameText(data));
      signal({ kind: 'counters-changed' });
      const parsed = parseClientMessage(frameText(data));
      if (!parsed.ok && parsed.requestId !== undefined) {
        return room.refuseRequest(connection, parsed.requestId, parsed.error);
      }
      if (!parsed.ok) return room.sendError(connection, parsed.code, parsed.error);
      route(connection, parsed.message);
    } catch (err) {
      emit({
        kind: 'error',
        connection: connection.number,
        message: `handler failed: ${String(err)}`,
      });
      room.sendError(connection, 'internal', 'The hub could not handle that message');
    }
  }

  function route(connection: Connection, message: ClientMessage): void {
    if (!isUploadMessage(message)) return room.handle(connection, message);
    const { peer } = connection;
    if (!peer) return room.sendError(connection, 'not-ready', `send hello before ${message.type}`);
    transfers.handle(connection, peer, message);
  }

  return onMessage;
}

/** What happens on each connection, from its upgrade to its close; returns the opener. */
export function connectionHandling(
  context: ConnectionContext,
  defaults: ConnectionDefaults = { rateLimit: { perSecond: 100, burst: 200 }, heartbeatMs: 15_000 },
): (connection: AcceptedUpgrade) => void {
  const { emit, connections, room, consoles, helloDeadlines, heartbeat, transfers } = context;

  const handleFrame = frameHandling(context);
  const listeners = sharedListeners({
    message(connection, data, isBinary) {
      // Any frame proves the peer alive: a window busy reading a long backlog meets our ping
      // only after it, but its own frames (its pings every 5 s) still reach us at once.
      connection.missedPongs = 0;
      handleFrame(connection, data, isBinary);
    },
    pong(connection) {
      connection.missedPongs = 0;
      emit({ kind: 'pong', connection: connection.number });
    },
    error(connection, err) {
      emit({ kind: 'error', connection: connection?.number ?? null, message: err.message });
    },
    close(connection, code, reason) {
      connections.delete(connection);
      heartbeat.remove(connection);
      transfers.disconnected(connection);
      if (connection.role === 'console') consoles.remove(connection);
      // 1006: the connection ended without a closing handshake (the browser's wasClean=false).
      emit({
        kind: 'close',
        connection: connection.number,
        code,
        reason: reason.toString(),
        wasClean: code !== CLOSE_CODES.abnormal.code,
      });
      room.leave(connection);
    },
  });

  return (upgrade) => {
    const connection = createConnection(upgrade, defaults);
    connections.add(connection);
    heartbeat.add(connection);
    const { req, role } = upgrade;
    emit({
      kind: 'connection',
      connection: connection.number,
      role,
      address: connection.address,
      origin: req.headers.origin ?? '',
      headers: headerPairs(req),
      extensions: connection.ws.extensions,
    });
    listen(connection.ws, listeners);
    if (role === 'console') consoles.add(connection);
    else helloDeadlines.add(connection);
  };
}
