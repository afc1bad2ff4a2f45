// The Loopchat hub: a ws WebSocketServer on a Node http server bound to 127.0.0.1. It runs
// in Electron's main process and under plain Node (tests, browser mode), so it must never
// import `electron`.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData, type Server as WsServer } from 'ws';
import {
  LIMITS,
  SUBPROTOCOL,
  type ClientMessage,
  type ErrorCode,
  type Peer,
  type PresenceChange,
  type ServerMessage,
} from '../protocol/messages';
import { CLOSE_CODES, isAllowedCloseCode } from '../protocol/close-codes';
import { utf8Length } from '../protocol/utf8-length';
import {
  CONSOLE_LIMITS,
  CONSOLE_SUBPROTOCOL,
  type ClientInfo,
  type ConnectionRole,
  type HeaderPair,
  type HubEvent,
  type HubEventBody,
  type ServerInfo,
} from '../protocol/console';
import { parseClientMessage } from '../protocol/validate';
import { createConsoleFeed } from './console-feed';
import { Deadlines } from './deadlines';
import { logSubscriber } from './event-log';
import { HubEvents } from './events';
import { checkHandshake } from './handshake';
import { History } from './history';
import { describePeer, redact, type LogSink } from './log';
import { RateLimiter } from './rate-limit';
import { serveStatic } from './static-files';

export const DEFAULT_PORT = 8005;
export const DEFAULT_PUSH_INTERVAL_MS = 3000;

export interface HubOptions {
  /** Per-launch secret every connection must present (see protocol/messages.ts). */
  token: string;
  /** Exact-match Origin allow-list. In browser mode the hub adds its own http origin. */
  allowedOrigins?: readonly string[];
  /** Preferred port; if taken, the hub falls back to a free one. 0 = any free port. */
  port?: number;
  pushIntervalMs?: number;
  /** Browser mode: serve the built renderer from this folder over HTTP. */
  staticDir?: string;
  log?: LogSink;
  heartbeatMs?: number;
  maxClients?: number;
  /** Close a client whose unsent data grows past this many bytes (it is not reading). */
  maxBufferedBytes?: number;
  /** A window must say hello within this time after connecting. */
  helloTimeoutMs?: number;
  /** Per-connection frame budget (token bucket). The benchmark raises it to measure throughput. */
  rateLimit?: { perSecond: number; burst: number };
  history?: History;
}

export interface HubAddress {
  port: number;
  /** ws:// URL of the hub. */
  url: string;
  /** http:// URL of the renderer in browser mode (token not included). */
  pageUrl: string;
}

export interface Hub {
  start(): Promise<HubAddress>;
  stop(): Promise<void>;
  readonly address: HubAddress | null;
  readonly history: History;
  setPushInterval(ms: number): void;
  // ---- server console: events and admin operations (also reachable as console commands)
  /** Every hub event from now on (the stdout log is one subscriber); returns unsubscribe. */
  subscribe(listener: (event: HubEvent) => void): () => void;
  /** The newest events (at most CONSOLE_LIMITS.recentEvents), oldest first. */
  recentEvents(): HubEvent[];
  /** Every open connection, windows and consoles, in connection order. */
  clients(): ClientInfo[];
  /** Null while the hub is not listening. */
  serverInfo(): ServerInfo | null;
  /** Shows `text` in every window as a message from the server. */
  sendAnnouncement(text: string): void;
  /**
   * Closes connection #`client` with `code` (1000, 1001, 1008 or 4000-4999) and `reason`
   * (at most 123 UTF-8 bytes); throws RangeError otherwise. False if there is no such client.
   */
  disconnect(client: number, code: number, reason: string): boolean;
  /**
   * Closes every connection with 1001 and refuses chat windows (503) until startServer().
   * The listener stays up, so a console can reconnect and start it again.
   */
  stopServer(): void;
  startServer(): void;
}

interface Client {
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
class HubSocket extends WebSocket {
  client: Client | null = null;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

/** Request headers in order, with the token subprotocol entry redacted. */
function headerPairs(req: IncomingMessage): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    pairs.push([req.rawHeaders[i] ?? '', redact(req.rawHeaders[i + 1] ?? '')]);
  }
  return pairs;
}

/** Answers an upgrade request with a plain HTTP error; no WebSocket is ever created. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

const clientOf = (ws: WebSocket): Client | null => (ws instanceof HubSocket ? ws.client : null);

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

const TEXT_FRAME = { binary: false } as const;

function encode(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export function createHub(options: HubOptions): Hub {
  const log = options.log ?? ((line: string) => console.log(line));
  const events = new HubEvents();
  const emit = (body: HubEventBody): void => events.emit(body);
  events.subscribe(logSubscriber(log));
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxClients = options.maxClients ?? 1000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const rateLimit = options.rateLimit ?? { perSecond: 100, burst: 200 };
  const staticDir = options.staticDir === undefined ? undefined : resolve(options.staticDir);
  const history = options.history ?? new History();
  const startedAt = Date.now();

  let pushIntervalMs = options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS;
  let server: Server | null = null;
  let wss: WsServer<typeof HubSocket> | null = null;
  let address: HubAddress | null = null;
  let preferredPort = options.port ?? DEFAULT_PORT;
  let starting: Promise<HubAddress> | null = null;
  let stopping: Promise<void> | null = null;
  let pushTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let connectionCount = 0;
  /** False after an admin "Stop server": chat windows are refused until "Start server". */
  let serviceRunning = true;
  const clients = new Set<Client>();
  /** Connection numbers by request, so the response-headers event can name its client. */
  const upgrading = new WeakMap<IncomingMessage, number>();
  /** Clients that have said hello, by clientId: the ones that receive chat and presence. */
  const joined = new Map<string, Client>();
  // Consoles never say hello: they are observers, not chat windows.
  const helloDeadlines = new Deadlines<Client>(helloTimeoutMs, (client) => {
    if (client.peer === null && clients.has(client))
      client.ws.close(CLOSE_CODES.policyViolation.code, 'No hello received');
  });

  const consoles = createConsoleFeed<Client>({
    admin: {
      serverInfo,
      clients: clientInfos,
      recentEvents: () => events.recent(),
      sendAnnouncement,
      disconnect,
      stopServer,
      startServer,
      setPushInterval,
    },
    send: (client, data) => sendData(client, data),
  });
  events.subscribe((event) => consoles.onEvent(event));

  const peers = (): Peer[] => [...joined.values()].flatMap((c) => (c.peer ? [c.peer] : []));

  /** Clients corked in this turn of the event loop, in the order they were first sent to. */
  let corked: Client[] = [];
  let turnEndQueued = false;

  // ws writes every frame with its own system call. Holding each recipient's socket corked
  // until the end of the turn turns a burst read from one sender (many frames in one chunk)
  // into one write per recipient, and lets the history file take the burst in one write too,
  // before any of it leaves the process.
  function cork(client: Client): void {
    client.corked = true;
    client.socket.cork();
    corked.push(client);
    queueTurnEnd();
    // Once per client and turn, not per frame: the console's table is refreshed on a timer
    // anyway. Frames to consoles are not "news" for them, or the table would never settle.
    if (client.role === 'chat') consoles.statsChanged();
  }

  function queueTurnEnd(): void {
    if (turnEndQueued) return;
    turnEndQueued = true;
    process.nextTick(endTurn);
  }

  function endTurn(): void {
    turnEndQueued = false;
    try {
      history.flush();
    } catch (err) {
      // The messages are in memory and go out; the store rewrites what it missed next time.
      emit({ kind: 'error', client: null, message: `history not saved: ${String(err)}` });
    }
    const batch = corked;
    corked = [];
    // Every socket is let go before anything else can throw, so none stays corked for good.
    for (const client of batch) {
      client.corked = false;
      client.socket.uncork();
    }
    // What the kernel did not take stays in the hub's memory: a client that does not read
    // must not make it grow.
    for (const client of batch) {
      const { bufferedAmount } = client.ws;
      if (bufferedAmount > maxBufferedBytes) {
        client.ws.terminate();
        emit({ kind: 'slow', client: client.number, bufferedAmount });
      }
    }
  }

  function sendData(client: Client, data: Buffer): void {
    const { ws } = client;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!client.corked) cork(client);
    ws.send(data, TEXT_FRAME);
    client.messagesOut += 1;
  }

  const send = (client: Client, message: ServerMessage): void => sendData(client, encode(message));

  /** Serialises once, then hands the same buffer to every recipient. */
  function broadcast(message: ServerMessage, except?: Client): void {
    const data = encode(message);
    for (const client of joined.values()) if (client !== except) sendData(client, data);
  }

  function sendError(client: Client, code: ErrorCode, message: string): void {
    send(client, { type: 'error', code, message });
  }

  function announce(change: PresenceChange, except?: Client): void {
    broadcast({ type: 'presence', change }, except);
  }

  function onHello(client: Client, hello: Extract<ClientMessage, { type: 'hello' }>): void {
    if (client.peer) return sendError(client, 'bad-message', 'hello was already received');
    const previous = joined.get(hello.clientId);
    if (previous) {
      // The same window reconnected before its old socket was noticed as gone.
      joined.delete(hello.clientId);
      previous.peer = null;
      previous.ws.close(CLOSE_CODES.replaced.code, CLOSE_CODES.replaced.meaning);
    }
    client.peer = { id: hello.clientId, name: hello.name.trim() };
    joined.set(hello.clientId, client);
    const replay = history.replayAfter(hello.resume);
    send(client, {
      type: 'welcome',
      you: client.peer,
      peers: peers(),
      historyId: history.id,
      history: replay.kind,
      skipped: replay.kind === 'reset' ? replay.skipped : 0,
      pushIntervalMs,
    });
    for (const message of replay.messages) send(client, message);
    emit({
      kind: 'hello',
      client: client.number,
      clientId: client.peer.id,
      name: client.peer.name,
      history: replay.kind,
      replayed: replay.messages.length,
    });
    announce({ kind: 'joined', peer: client.peer }, client);
  }

  function onChat(client: Client, peer: Peer, id: string, text: string): void {
    const seq = history.seqOf(id);
    if (seq !== undefined) {
      // A resend after a reconnect: acknowledge again, show nothing twice.
      return send(client, { type: 'ack', id, seq });
    }
    const { encoded } = history.appendEncoded(id, peer, text);
    queueTurnEnd(); // saves it, even if nobody is left to relay it to
    for (const other of joined.values()) sendData(other, encoded);
  }

  function onRename(client: Client, peer: Peer, name: string): void {
    const previousName = peer.name;
    client.peer = { id: peer.id, name: name.trim() };
    announce({ kind: 'renamed', peer: client.peer, previousName });
    // The renamer gets the presence too, so its own view of the list updates.
  }

  function handle(client: Client, message: ClientMessage): void {
    if (message.type === 'hello') return onHello(client, message);
    const peer = client.peer;
    if (!peer) return sendError(client, 'not-ready', `send hello before ${message.type}`);
    switch (message.type) {
      case 'chat':
        return onChat(client, peer, message.id, message.text);
      case 'rename':
        return onRename(client, peer, message.name);
      case 'ping':
        return send(client, { type: 'pong', id: message.id, at: Date.now() });
      case 'typing':
        // Relayed to the others only: the typist already knows it is typing.
        return broadcast({ type: 'typing', from: peer, typing: message.typing }, client);
    }
  }

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
      return sendError(client, 'rate-limited', 'Too many messages; slow down');
    }
    client.messagesIn += 1;
    // Anything thrown while handling one frame, parser included, stays with that frame: a throw
    // escaping ws's 'message' listener would end the process and cut off every window.
    try {
      if (client.role === 'console') return consoles.onFrame(client, frameText(data));
      consoles.statsChanged();
      const parsed = parseClientMessage(frameText(data));
      if (!parsed.ok) return sendError(client, parsed.code, parsed.error);
      handle(client, parsed.message);
    } catch (err) {
      emit({ kind: 'error', client: client.number, message: `handler failed: ${String(err)}` });
      sendError(client, 'internal', 'The hub could not handle that message');
    }
  }

  // The listeners every connection shares; `this` is the connection's socket.
  function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const client = clientOf(this);
    if (client) onMessage(client, data, isBinary);
  }

  function onSocketPong(this: WebSocket): void {
    const client = clientOf(this);
    if (!client) return;
    client.missedPongs = 0;
    emit({ kind: 'pong', client: client.number });
  }

  function onSocketError(this: WebSocket, err: Error): void {
    emit({ kind: 'error', client: clientOf(this)?.number ?? null, message: err.message });
  }

  function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
    const client = clientOf(this);
    if (!client) return;
    clients.delete(client);
    if (client.role === 'console') consoles.remove(client);
    // 1006: the connection ended without a closing handshake (the browser's wasClean=false).
    emit({
      kind: 'close',
      client: client.number,
      code,
      reason: reason.toString(),
      wasClean: code !== CLOSE_CODES.abnormal.code,
    });
    consoles.statsChanged();
    const peer = client.peer;
    if (peer && joined.get(peer.id) === client) {
      joined.delete(peer.id);
      announce({ kind: 'left', peer });
    }
  }

  function onConnection(
    ws: HubSocket,
    socket: Duplex,
    req: IncomingMessage,
    role: ConnectionRole,
    number: number,
  ): void {
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
    clients.add(client);
    emit({
      kind: 'connection',
      client: number,
      role,
      address: client.address,
      origin: req.headers.origin ?? '',
      headers: headerPairs(req),
    });
    ws.on('message', onSocketMessage);
    ws.on('pong', onSocketPong);
    ws.on('error', onSocketError);
    ws.on('close', onSocketClose);
    if (role === 'console') consoles.add(client);
    else {
      helloDeadlines.add(client);
      consoles.statsChanged();
    }
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!wss || !address || stopping) return refuseUpgrade(socket, 503, 'Hub is stopping');
    const verdict = checkHandshake(req, policy(address.port));
    const reject = (status: number, reason: string, logged = reason) => {
      emit({ kind: 'rejected', address: describePeer(req), status, reason: logged });
      refuseUpgrade(socket, status, reason);
    };
    if (!verdict.ok) return reject(verdict.status, verdict.reason);
    if (clients.size >= maxClients) {
      return reject(503, 'Too many connections', `connection cap ${maxClients} reached`);
    }
    if (!serviceRunning && verdict.role === 'chat') {
      return reject(503, 'Server stopped from the console');
    }
    const { role } = verdict;
    const number = ++connectionCount;
    upgrading.set(req, number);
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket, req, role, number));
  }

  function policy(port: number) {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const origins = [...(options.allowedOrigins ?? [])];
    if (staticDir !== undefined) origins.push(...hosts.map((h) => `http://${h}`));
    return { token: options.token, allowedHosts: new Set(hosts), allowedOrigins: new Set(origins) };
  }

  function heartbeat(): void {
    for (const client of clients) {
      if (client.missedPongs >= 2) {
        emit({ kind: 'heartbeat-timeout', client: client.number, missed: client.missedPongs });
        client.ws.terminate();
        continue;
      }
      client.missedPongs += 1;
      client.ws.ping();
      emit({ kind: 'ping', client: client.number });
    }
  }

  function push(): void {
    if (joined.size === 0) return;
    broadcast({
      type: 'push',
      at: Date.now(),
      uptimeMs: Date.now() - startedAt,
      online: joined.size,
      messages: history.latestSeq,
    });
  }

  function startPushTimer(): void {
    clearInterval(pushTimer);
    pushTimer = setInterval(push, pushIntervalMs);
    pushTimer.unref();
  }

  async function listen(http: Server, port: number): Promise<number> {
    try {
      http.listen(port, '127.0.0.1');
      await once(http, 'listening');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
      emit({ kind: 'port-fallback', wanted: port });
      http.listen(0, '127.0.0.1');
      await once(http, 'listening');
    }
    return (http.address() as AddressInfo).port;
  }

  async function doStart(): Promise<HubAddress> {
    const http = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 });
    http.maxHeadersCount = 64;
    const ws = new WebSocketServer({
      WebSocket: HubSocket,
      noServer: true,
      maxPayload: LIMITS.maxFrameBytes,
      maxFragments: 64,
      maxBufferedChunks: 256,
      perMessageDeflate: false,
      clientTracking: false,
      // The hub selects the role's own subprotocol, never the token entry.
      handleProtocols: (protocols) =>
        protocols.has(SUBPROTOCOL)
          ? SUBPROTOCOL
          : protocols.has(CONSOLE_SUBPROTOCOL)
            ? CONSOLE_SUBPROTOCOL
            : false,
    });
    ws.on('headers', (headers, req) => {
      emit({
        kind: 'headers',
        client: upgrading.get(req) ?? 0,
        address: describePeer(req),
        lines: headers.map(redact),
      });
    });
    ws.on('wsClientError', (err, socket, req) => {
      emit({ kind: 'wsClientError', address: describePeer(req), message: err.message });
      refuseUpgrade(socket, 400, err.message);
    });
    ws.on('error', (err) => emit({ kind: 'error', client: null, message: err.message }));
    http.on('upgrade', onUpgrade);
    http.on('clientError', (err, socket) => {
      emit({ kind: 'clientError', message: err.message });
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    http.on('request', (req, res) => {
      const port = address?.port;
      if (staticDir === undefined || port === undefined) {
        res.writeHead(426, { 'Content-Type': 'text/plain' }).end('Loopchat hub: WebSocket only');
        return;
      }
      if (!policy(port).allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
        res.writeHead(403).end('Forbidden');
        return;
      }
      serveStatic(staticDir, port, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(400).end('Bad Request');
      });
    });

    const port = await listen(http, preferredPort);
    preferredPort = port; // a restart comes back on the same port, where windows look for it
    server = http;
    wss = ws;
    address = {
      port,
      url: `ws://127.0.0.1:${port}`,
      pageUrl: `http://127.0.0.1:${port}/`,
    };
    serviceRunning = true;
    startPushTimer();
    heartbeatTimer = setInterval(heartbeat, heartbeatMs);
    heartbeatTimer.unref();
    emit({ kind: 'listening', url: address.url, port });
    return address;
  }

  async function doStop(): Promise<void> {
    clearInterval(pushTimer);
    clearInterval(heartbeatTimer);
    helloDeadlines.clear();
    const http = server;
    const closing = [...clients].map((c) =>
      c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : once(c.ws, 'close'),
    );
    for (const client of clients) client.ws.close(CLOSE_CODES.goingAway.code, 'Hub stopping');
    const timeout = new Promise((r) => setTimeout(r, 2000).unref());
    await Promise.race([Promise.all(closing), timeout]);
    for (const client of clients) client.ws.terminate();
    wss?.close();
    if (http) {
      const closed = once(http, 'close');
      http.close();
      http.closeAllConnections();
      await closed;
    }
    emit({ kind: 'stopped', url: address?.url ?? '' });
    server = null;
    wss = null;
    address = null;
  }

  // ---------------------------------------------------------- server console: admin operations

  function clientInfos(): ClientInfo[] {
    return [...clients].map((c) => ({
      id: c.number,
      role: c.role,
      clientId: c.peer?.id ?? null,
      name: c.peer?.name ?? null,
      address: c.address,
      connectedAt: c.connectedAt,
      messagesIn: c.messagesIn,
      messagesOut: c.messagesOut,
      bufferedAmount: c.ws.bufferedAmount,
      readyState: c.ws.readyState,
    }));
  }

  function serverInfo(): ServerInfo | null {
    if (!address) return null;
    return {
      running: serviceRunning,
      url: address.url,
      port: address.port,
      startedAt,
      now: Date.now(),
      pushIntervalMs,
    };
  }

  function sendAnnouncement(text: string): void {
    emit({ kind: 'announcement', text });
    broadcast({ type: 'announcement', text, at: Date.now() });
  }

  function disconnect(number: number, code: number, reason: string): boolean {
    if (!isAllowedCloseCode(code)) throw new RangeError(`close code ${code} is not allowed`);
    if (utf8Length(reason) > CONSOLE_LIMITS.maxCloseReasonBytes) {
      throw new RangeError(`a close reason is at most ${CONSOLE_LIMITS.maxCloseReasonBytes} bytes`);
    }
    const client = [...clients].find((c) => c.number === number);
    if (!client) return false;
    emit({ kind: 'disconnect', client: number, code, reason });
    client.ws.close(code, reason);
    return true;
  }

  function stopServer(): void {
    if (!serviceRunning) return;
    serviceRunning = false;
    clearInterval(pushTimer);
    emit({ kind: 'service', running: false });
    for (const client of clients)
      client.ws.close(CLOSE_CODES.goingAway.code, 'Server stopped from the console');
  }

  function startServer(): void {
    if (serviceRunning) return;
    serviceRunning = true;
    if (server) startPushTimer();
    emit({ kind: 'service', running: true });
  }

  function setPushInterval(ms: number): void {
    pushIntervalMs = ms;
    if (server && serviceRunning) startPushTimer();
    emit({ kind: 'push-interval', ms });
  }

  return {
    get address() {
      return address;
    },
    history,
    async start() {
      if (stopping) await stopping;
      if (address) return address;
      starting ??= doStart().finally(() => {
        starting = null;
      });
      return starting;
    },
    async stop() {
      if (starting) await starting.catch(() => undefined);
      if (!server) return;
      stopping ??= doStop().finally(() => {
        stopping = null;
      });
      return stopping;
    },
    setPushInterval,
    subscribe: (listener) => events.subscribe(listener),
    recentEvents: () => events.recent(),
    clients: clientInfos,
    serverInfo,
    sendAnnouncement,
    disconnect,
    stopServer,
    startServer,
  };
}
