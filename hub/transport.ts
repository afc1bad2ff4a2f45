// The hub's network side: a Node http server on 127.0.0.1 with a ws WebSocketServer on it,
// limits set explicitly. Every upgrade is checked (token, Origin, Host, subprotocol, the
// connection cap) before a WebSocket exists; in browser mode plain http requests get the built
// renderer. Other hub parts extend it by registering (register()): HTTP routes it answers for
// them, and hooks that may refuse an upgrade or give the new connection its traits.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type Server as WsServer } from 'ws';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { HubEventBody } from '../protocol/console';
import { HANDSHAKE_CHECK_PATH } from '../protocol/handshake-check';
import { HUB_HEADER } from '../protocol/lab';
import { LIMITS } from '../protocol/messages';
import packageJson from '../package.json' with { type: 'json' };
import type { ConnectionRole } from '../protocol/console';
import {
  HubSocket,
  type Connection,
  type ConnectionTraits,
  type AcceptedUpgrade,
} from './connection';
import { HalfOpenSockets } from './half-open';
import { checkHandshake, selectSubprotocol, type HandshakePolicy } from './handshake';
import { answerHandshakeCheck } from './handshake-check';
import { describePeer, redact } from './log';
import { refuseOnSocket, sendPlain } from './security-headers';
import { serveStatic } from './static-files';

export interface HubAddress {
  port: number;
  /** ws:// URL of the hub. */
  url: string;
  /** http:// URL of the renderer in browser mode (token not included). */
  pageUrl: string;
}

/** What a route answers: written the same on a plain request and on an upgrade request. */
export interface RouteReply {
  status: number;
  statusText: string;
  headers: Readonly<Record<string, string>>;
}

/** An HTTP path a hub part answers, before any other check, for a Host of this hub only. */
export interface Route {
  /** The exact path (the query is ignored). */
  path: string;
  reply(address: HubAddress, req: IncomingMessage): RouteReply;
}

/** A hub part's say on an upgrade that passed every handshake check and the cap. */
export type UpgradeRuling =
  { refuse: { status: number; reason: string } } | { traits: ConnectionTraits } | null;

/** What a hub part adds to the network path; see Transport.register. */
export interface TransportExtension {
  routes?: readonly Route[];
  /** Asked, in the order registered, about every upgrade; the first refusal wins. */
  upgrade?(req: IncomingMessage, role: ConnectionRole): UpgradeRuling;
}

export interface TransportOptions {
  token: string;
  /** The server console's own token; without one, no console can connect. */
  consoleToken: string | undefined;
  allowedOrigins: readonly string[];
  /** Browser mode: serve the built renderer from this (absolute) folder over HTTP. */
  staticDir: string | undefined;
  maxClients: number;
  /** How long a connection may take to send its whole request head (upgrade or page). */
  headersTimeoutMs: number;
  /** Connections still sending their request head, at most; over it the oldest is closed. */
  maxHalfOpen: number;
  /** Every open connection; the transport counts them and finally closes them. */
  connections: ReadonlySet<Connection>;
  emit(body: HubEventBody): void;
  onConnection(connection: AcceptedUpgrade): void;
}

/**
 * permessage-deflate (RFC 7692) as the hub offers it to a connection whose traits ask for it.
 * Every such connection keeps its own zlib contexts (deflate and inflate) for its whole life,
 * so memory is kept small: level 3 and memLevel 7 as ws's README suggests, and a 1 KiB window
 * for what the hub sends (server_max_window_bits=10). ws limits zlib work to 10 at a time
 * process-wide (its advice against zlib's memory fragmentation). maxPayload is still the
 * inflated size: ws closes a message that inflates past it with 1009.
 */
export const DEFLATE_OPTIONS = {
  zlibDeflateOptions: { level: 3, memLevel: 7, chunkSize: 1024 },
  zlibInflateOptions: { chunkSize: 10 * 1024 },
  serverMaxWindowBits: 10,
  concurrencyLimit: 10,
  threshold: 1024,
} as const;

function createWsServer(deflate: boolean): WsServer<typeof HubSocket> {
  return new WebSocketServer({
    WebSocket: HubSocket,
    noServer: true,
    maxPayload: LIMITS.maxFrameBytes,
    maxFragments: 64,
    maxBufferedChunks: 256,
    perMessageDeflate: deflate ? { ...DEFLATE_OPTIONS } : false,
    clientTracking: false,
    handleProtocols: selectSubprotocol,
  });
}

/** The hub's two ws servers: same limits, one of them with permessage-deflate. */
interface WsServers {
  plain: WsServer<typeof HubSocket>;
  deflate: WsServer<typeof HubSocket>;
}

export class Transport {
  private server: Server | null = null;
  private wss: WsServers | null = null;
  private current: HubAddress | null = null;
  private stopping = false;
  private connectionCount = 0;
  private readonly routes = new Map<string, Route>();
  private readonly upgradeHooks: NonNullable<TransportExtension['upgrade']>[] = [];
  /** Connection numbers by request, so the response-headers event can name its connection. */
  private readonly upgrading = new WeakMap<IncomingMessage, number>();
  private readonly halfOpen: HalfOpenSockets;

  constructor(private readonly options: TransportOptions) {
    this.halfOpen = new HalfOpenSockets({
      timeoutMs: options.headersTimeoutMs,
      max: options.maxHalfOpen,
      onTimeout: (socket) => {
        options.emit({ kind: 'clientError', message: 'request head not received in time' });
        this.refuse(socket, 408, 'Request Timeout');
      },
      onEvict: (socket) => {
        options.emit({
          kind: 'clientError',
          message: `over ${options.maxHalfOpen} half-open connections`,
        });
        this.refuse(socket, 503, 'Too many connections');
      },
    });
  }

  /**
   * Adds a hub part's routes and upgrade hook. This is how a feature reaches the network path
   * (the client lab does); the transport itself knows no feature.
   */
  register({ routes = [], upgrade }: TransportExtension): void {
    for (const route of routes) {
      if (this.routes.has(route.path)) throw new Error(`route ${route.path} is taken`);
      this.routes.set(route.path, route);
    }
    if (upgrade) this.upgradeHooks.push(upgrade);
  }

  /** Null while the hub is not listening. */
  get address(): HubAddress | null {
    return this.current;
  }

  /** From listening until stop() has finished. */
  get listening(): boolean {
    return this.server !== null;
  }

  /** Listens on `port`, or on a free port if it is taken. */
  async start(port: number): Promise<HubAddress> {
    const { headersTimeoutMs } = this.options;
    const http = createServer({
      headersTimeout: headersTimeoutMs,
      requestTimeout: Math.max(30_000, headersTimeoutMs),
      // Node checks both timeouts only on this tick (30 s by default); this covers the next
      // request on a kept-alive page connection, which the hub's own deadline does not.
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    });
    http.maxHeadersCount = 64;
    const wss: WsServers = { plain: createWsServer(false), deflate: createWsServer(true) };
    this.watch(wss.plain);
    this.watch(wss.deflate);
    this.watchHttp(http);
    const actual = await this.listen(http, port);
    this.server = http;
    this.wss = wss;
    this.current = {
      port: actual,
      url: `ws://127.0.0.1:${actual}`,
      pageUrl: `http://127.0.0.1:${actual}/`,
    };
    return this.current;
  }

  /**
   * Closes every connection with 1001 (terminating what has not closed within 2 s), then the
   * servers; leaves no timer behind.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.halfOpen.clear();
    const { connections } = this.options;
    const closing = [...connections].map((c) =>
      c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : once(c.ws, 'close'),
    );
    for (const connection of connections)
      connection.ws.close(CLOSE_CODES.goingAway.code, 'Hub stopping');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((r) => (timer = setTimeout(r, 2000).unref()));
    await Promise.race([Promise.all(closing), timeout]);
    clearTimeout(timer);
    for (const connection of connections) connection.ws.terminate();
    this.wss?.plain.close();
    this.wss?.deflate.close();
    const http = this.server;
    if (http) {
      const closed = once(http, 'close');
      http.close();
      http.closeAllConnections();
      await closed;
    }
    this.options.emit({ kind: 'stopped', url: this.current?.url ?? '' });
    this.server = null;
    this.wss = null;
    this.current = null;
    this.stopping = false;
  }

  private watch(wss: WsServer<typeof HubSocket>): void {
    const { emit } = this.options;
    wss.on('headers', (headers, req) => {
      // The hub names itself in every handshake response (the lab shows it arriving).
      headers.push(`${HUB_HEADER}: ${packageJson.version}`);
      emit({
        kind: 'headers',
        connection: this.upgrading.get(req) ?? 0,
        address: describePeer(req),
        lines: headers.map(redact),
      });
    });
    wss.on('wsClientError', (err, socket, req) => {
      emit({ kind: 'wsClientError', address: describePeer(req), message: err.message });
      this.refuse(socket, 400, err.message);
    });
    wss.on('error', (err) => emit({ kind: 'error', connection: null, message: err.message }));
  }

  private watchHttp(http: Server): void {
    const { emit } = this.options;
    http.on('connection', (socket: Duplex) => this.halfOpen.add(socket));
    http.on('upgrade', this.onUpgrade);
    http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      emit({ kind: 'clientError', message: err.message });
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') this.refuse(socket, 408, 'Request Timeout');
      else this.refuse(socket, 400, 'Bad Request');
    });
    http.on('request', this.onRequest);
  }

  private async listen(http: Server, port: number): Promise<number> {
    try {
      http.listen(port, '127.0.0.1');
      await once(http, 'listening');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
      this.options.emit({ kind: 'port-fallback', wanted: port });
      http.listen(0, '127.0.0.1');
      await once(http, 'listening');
    }
    return (http.address() as AddressInfo).port;
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.halfOpen.done(socket);
    const { wss, current } = this;
    if (!wss || !current || this.stopping) return this.refuse(socket, 503, 'Hub is stopping');
    const route = this.routeFor(req, current);
    if (route) return void socket.end(replyHead(route.reply(current, req)));
    const verdict = checkHandshake(req, this.policy(current.port));
    const reject = (status: number, reason: string, logged = reason) => {
      this.options.emit({ kind: 'rejected', address: describePeer(req), status, reason: logged });
      this.refuse(socket, status, reason);
    };
    if (!verdict.ok) return reject(verdict.status, verdict.reason);
    const { maxClients } = this.options;
    if (this.options.connections.size >= maxClients) {
      return reject(503, 'Too many connections', `connection cap ${maxClients} reached`);
    }
    const { role } = verdict;
    const ruling = this.rule(req, role);
    if ('refuse' in ruling) return reject(ruling.refuse.status, ruling.refuse.reason);
    const number = ++this.connectionCount;
    this.upgrading.set(req, number);
    // A connection whose traits ask for compression is offered it; ws accepts it only if the
    // client offered permessage-deflate in Sec-WebSocket-Extensions.
    const server = ruling.traits.deflate ? wss.deflate : wss.plain;
    server.handleUpgrade(req, socket, head, (ws) =>
      this.options.onConnection({ ws, socket, req, role, number, traits: ruling.traits }),
    );
  };

  /** Every hook's traits together, or the first refusal. */
  private rule(
    req: IncomingMessage,
    role: ConnectionRole,
  ): { refuse: { status: number; reason: string } } | { traits: ConnectionTraits } {
    let traits: ConnectionTraits = {};
    for (const hook of this.upgradeHooks) {
      const ruling = hook(req, role);
      if (ruling === null) continue;
      if ('refuse' in ruling) return ruling;
      traits = { ...traits, ...ruling.traits };
    }
    return { traits };
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.halfOpen.done(req.socket);
    const port = this.current?.port;
    const { staticDir } = this.options;
    const route = this.current && this.routeFor(req, this.current);
    if (route && this.current) {
      const { status, statusText, headers } = route.reply(this.current, req);
      res.writeHead(status, statusText, headers).end();
      return;
    }
    if (staticDir === undefined || port === undefined) {
      sendPlain(res, 426, 'Loopchat hub: WebSocket only', port);
      return;
    }
    if (!this.policy(port).allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      sendPlain(res, 403, 'Forbidden', port);
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').pathname === HANDSHAKE_CHECK_PATH) {
      return answerHandshakeCheck(req, res, this.options.token);
    }
    serveStatic(staticDir, port, req, res).catch(() => {
      if (!res.headersSent) sendPlain(res, 400, 'Bad Request', port);
    });
  };

  /** Answers with a plain HTTP error straight on the socket; no WebSocket is ever created. */
  private refuse(socket: Duplex, status: number, reason: string): void {
    refuseOnSocket(socket, status, reason, this.current?.port);
  }

  /** The registered route for the request's path, only for a Host of this hub. */
  private routeFor(req: IncomingMessage, current: HubAddress): Route | undefined {
    const route = this.routes.get((req.url ?? '').split('?')[0] ?? '');
    const host = (req.headers.host ?? '').toLowerCase();
    return route && this.policy(current.port).allowedHosts.has(host) ? route : undefined;
  }

  /** Built once per port, not per request: it depends only on the port and the options. */
  private policyFor: { port: number; policy: HandshakePolicy } | null = null;

  private policy(port: number): HandshakePolicy {
    if (this.policyFor?.port !== port) this.policyFor = { port, policy: this.buildPolicy(port) };
    return this.policyFor.policy;
  }

  private buildPolicy(port: number): HandshakePolicy {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const origins = [...this.options.allowedOrigins];
    if (this.options.staticDir !== undefined) origins.push(...hosts.map((h) => `http://${h}`));
    return {
      token: this.options.token,
      consoleToken: this.options.consoleToken,
      allowedHosts: new Set(hosts),
      allowedOrigins: new Set(origins),
    };
  }
}

/** A route's reply as a raw response head, for an upgrade request (no body follows). */
function replyHead({ status, statusText, headers }: RouteReply): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${statusText}\r\n${lines.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`;
}
