// The Loopchat hub: a ws WebSocketServer on a Node http server bound to 127.0.0.1. It runs
// in Electron's main process and under plain Node (tests, browser mode), so it must never
// import `electron`.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  LIMITS,
  SUBPROTOCOL,
  type ClientMessage,
  type ErrorCode,
  type Peer,
  type PresenceChange,
  type ServerMessage,
} from '../../protocol/messages';
import { parseClientMessage } from '../../protocol/validate';
import { checkHandshake } from './handshake';
import { History } from './history';
import { describeHeaders, describePeer, logLine, redact, type LogSink } from './log';
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
}

interface Client {
  readonly ws: WebSocket;
  readonly number: number;
  readonly address: string;
  readonly limiter: RateLimiter;
  peer: Peer | null;
  missedPongs: number;
  helloTimer: NodeJS.Timeout | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error; no WebSocket is ever created. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function encode(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export function createHub(options: HubOptions): Hub {
  const log = options.log ?? ((line: string) => console.log(line));
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
  let wss: WebSocketServer | null = null;
  let address: HubAddress | null = null;
  let preferredPort = options.port ?? DEFAULT_PORT;
  let starting: Promise<HubAddress> | null = null;
  let stopping: Promise<void> | null = null;
  let pushTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let connectionCount = 0;
  const clients = new Set<Client>();
  /** Clients that have said hello, by clientId: the ones that receive chat and presence. */
  const joined = new Map<string, Client>();

  const peers = (): Peer[] => [...joined.values()].flatMap((c) => (c.peer ? [c.peer] : []));

  function sendData(client: Client, data: Buffer): void {
    const { ws } = client;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > maxBufferedBytes) {
      // A client that does not read must not make the hub's memory grow.
      logLine(log, 'slow', `#${client.number} ${ws.bufferedAmount} bytes unsent: terminating`);
      ws.terminate();
      return;
    }
    ws.send(data, { binary: false });
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
    broadcast({ type: 'presence', peers: peers(), change }, except);
  }

  function onHello(client: Client, hello: Extract<ClientMessage, { type: 'hello' }>): void {
    if (client.peer) return sendError(client, 'bad-message', 'hello was already received');
    clearTimeout(client.helloTimer);
    const previous = joined.get(hello.clientId);
    if (previous) {
      // The same window reconnected before its old socket was noticed as gone.
      joined.delete(hello.clientId);
      previous.peer = null;
      previous.ws.close(4000, 'Replaced by a newer connection from this window');
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
    logLine(
      log,
      'hello',
      `#${client.number} is ${JSON.stringify(client.peer.name)} (${replay.kind}, ${replay.messages.length} replayed)`,
    );
    announce({ kind: 'joined', peer: client.peer }, client);
  }

  function onChat(client: Client, peer: Peer, id: string, text: string): void {
    const seq = history.seqOf(id);
    if (seq !== undefined) {
      // A resend after a reconnect: acknowledge again, show nothing twice.
      return send(client, { type: 'ack', id, seq });
    }
    broadcast(history.append(id, peer, text));
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
    }
  }

  function onMessage(client: Client, data: RawData, isBinary: boolean): void {
    if (isBinary) return void client.ws.close(1003, 'Binary frames are not supported');
    if (!client.limiter.take()) {
      if (client.limiter.refusedInARow > 100) {
        return void client.ws.close(1008, 'Rate limit exceeded');
      }
      return sendError(client, 'rate-limited', 'Too many messages; slow down');
    }
    const parsed = parseClientMessage(frameText(data));
    if (!parsed.ok) return sendError(client, parsed.code, parsed.error);
    try {
      handle(client, parsed.message);
    } catch (err) {
      logLine(log, 'error', `#${client.number} handler failed: ${String(err)}`);
      sendError(client, 'internal', 'The hub could not handle that message');
    }
  }

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    const client: Client = {
      ws,
      number: ++connectionCount,
      address: describePeer(req),
      limiter: new RateLimiter(rateLimit.perSecond, rateLimit.burst),
      peer: null,
      missedPongs: 0,
      helloTimer: setTimeout(() => ws.close(1008, 'No hello received'), helloTimeoutMs),
    };
    clients.add(client);
    logLine(log, 'connection', `#${client.number} from ${client.address} ${describeHeaders(req)}`);
    ws.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    ws.on('pong', () => {
      client.missedPongs = 0;
    });
    ws.on('error', (err) => logLine(log, 'error', `#${client.number} ${err.message}`));
    ws.on('close', (code, reason) => {
      clearTimeout(client.helloTimer);
      clients.delete(client);
      logLine(
        log,
        'close',
        `#${client.number} code=${code} reason=${JSON.stringify(reason.toString())}`,
      );
      const peer = client.peer;
      if (peer && joined.get(peer.id) === client) {
        joined.delete(peer.id);
        announce({ kind: 'left', peer });
      }
    });
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!wss || !address || stopping) return refuseUpgrade(socket, 503, 'Hub is stopping');
    const verdict = checkHandshake(req, policy(address.port));
    if (!verdict.ok) {
      logLine(log, 'rejected', `${describePeer(req)} ${verdict.status} ${verdict.reason}`);
      return refuseUpgrade(socket, verdict.status, verdict.reason);
    }
    if (clients.size >= maxClients) {
      logLine(log, 'rejected', `${describePeer(req)} 503 connection cap ${maxClients} reached`);
      return refuseUpgrade(socket, 503, 'Too many connections');
    }
    const server = wss;
    server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req));
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
        logLine(log, 'heartbeat', `#${client.number} missed 2 pongs: terminating`);
        client.ws.terminate();
        continue;
      }
      client.missedPongs += 1;
      client.ws.ping();
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
      logLine(log, 'port', `${port} is taken; falling back to a free port`);
      http.listen(0, '127.0.0.1');
      await once(http, 'listening');
    }
    return (http.address() as AddressInfo).port;
  }

  async function doStart(): Promise<HubAddress> {
    const http = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 });
    http.maxHeadersCount = 64;
    const ws = new WebSocketServer({
      noServer: true,
      maxPayload: LIMITS.maxFrameBytes,
      maxFragments: 64,
      maxBufferedChunks: 256,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    ws.on('connection', onConnection);
    ws.on('headers', (headers, req) => {
      logLine(log, 'headers', `${describePeer(req)} ${redact(headers.join(' | '))}`);
    });
    ws.on('wsClientError', (err, socket, req) => {
      logLine(log, 'wsClientError', `${describePeer(req)} ${err.message}`);
      refuseUpgrade(socket, 400, err.message);
    });
    ws.on('error', (err) => logLine(log, 'error', `server: ${err.message}`));
    http.on('upgrade', onUpgrade);
    http.on('clientError', (err, socket) => {
      logLine(log, 'clientError', err.message);
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
    startPushTimer();
    heartbeatTimer = setInterval(heartbeat, heartbeatMs);
    heartbeatTimer.unref();
    logLine(log, 'listening', `${address.url} (subprotocol ${SUBPROTOCOL})`);
    return address;
  }

  async function doStop(): Promise<void> {
    clearInterval(pushTimer);
    clearInterval(heartbeatTimer);
    const http = server;
    const closing = [...clients].map((c) =>
      c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : once(c.ws, 'close'),
    );
    for (const client of clients) client.ws.close(1001, 'Hub stopping');
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
    logLine(log, 'stopped', address?.url ?? '');
    server = null;
    wss = null;
    address = null;
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
    setPushInterval(ms: number) {
      pushIntervalMs = ms;
      if (server) startPushTimer();
    },
  };
}
