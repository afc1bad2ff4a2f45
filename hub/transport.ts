// The hub's network side: a Node http server on 127.0.0.1 with a ws WebSocketServer on it,
// limits set explicitly. Every upgrade is checked (token, Origin, Host, subprotocol, the
// connection cap, a stopped service) before a WebSocket exists; in browser mode plain http
// requests get the built renderer. Every client is pinged on an interval.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type Server as WsServer } from 'ws';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { HubEventBody } from '../protocol/console';
import { HANDSHAKE_CHECK_PATH } from '../protocol/handshake-check';
import { HUB_HEADER, LAB_REDIRECT_PATH } from '../protocol/lab';
import { LIMITS } from '../protocol/messages';
import packageJson from '../package.json' with { type: 'json' };
import { HubSocket, type Client, type NewConnection } from './connection';
import { HalfOpenSockets } from './half-open';
import { checkHandshake, selectSubprotocol, type HandshakePolicy } from './handshake';
import { answerHandshakeCheck } from './handshake-check';
import { describePeer, redact } from './log';
import { refuseOnSocket, sendPlain } from './security-headers';
import { serveStatic } from './static-files';
import { tokenMatches } from './token';

/** Request header by which the client lab (hub/client-lab.ts) marks its own connections. */
export const LAB_HEADER = 'x-loopchat-lab';

export interface HubAddress {
  port: number;
  /** ws:// URL of the hub. */
  url: string;
  /** http:// URL of the renderer in browser mode (token not included). */
  pageUrl: string;
}

export interface TransportOptions {
  token: string;
  /** The server console's own token; without one, no console can connect. */
  consoleToken: string | undefined;
  allowedOrigins: readonly string[];
  /** Browser mode: serve the built renderer from this (absolute) folder over HTTP. */
  staticDir: string | undefined;
  maxClients: number;
  heartbeatMs: number;
  /** How long a connection may take to send its whole request head (upgrade or page). */
  headersTimeoutMs: number;
  /** Connections still sending their request head, at most; over it the oldest is closed. */
  maxHalfOpen: number;
  /** Every open connection; the transport counts, pings and finally closes them. */
  clients: ReadonlySet<Client>;
  emit(body: HubEventBody): void;
  /** False while the service is stopped from the console: chat windows are refused. */
  acceptsChat(): boolean;
  onConnection(connection: NewConnection): void;
  /** Secret the client lab sends in LAB_HEADER; its connections are marked as the lab. */
  labKey?: string;
  /** Lab connections are pinged this often, so the no-pong demo ends in seconds. */
  labHeartbeatMs?: number;
  /** True while the lab's server-stopped scenario runs: lab connections get the 503. */
  refusesLab?(): boolean;
}

function createWsServer(): WsServer<typeof HubSocket> {
  return new WebSocketServer({
    WebSocket: HubSocket,
    noServer: true,
    maxPayload: LIMITS.maxFrameBytes,
    maxFragments: 64,
    maxBufferedChunks: 256,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: selectSubprotocol,
  });
}

export class Transport {
  private server: Server | null = null;
  private wss: WsServer<typeof HubSocket> | null = null;
  private current: HubAddress | null = null;
  private stopping = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private labHeartbeatTimer: NodeJS.Timeout | undefined;
  private connectionCount = 0;
  /** Connection numbers by request, so the response-headers event can name its client. */
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
    const wss = createWsServer();
    this.watch(http, wss);
    const actual = await this.listen(http, port);
    this.server = http;
    this.wss = wss;
    this.current = {
      port: actual,
      url: `ws://127.0.0.1:${actual}`,
      pageUrl: `http://127.0.0.1:${actual}/`,
    };
    this.heartbeatTimer = setInterval(this.heartbeat, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.labHeartbeatTimer = setInterval(this.labHeartbeat, this.options.labHeartbeatMs ?? 1000);
    this.labHeartbeatTimer.unref();
    return this.current;
  }

  /**
   * Closes every connection with 1001 (terminating what has not closed within 2 s), then the
   * servers; leaves no timer behind.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeatTimer);
    this.halfOpen.clear();
    clearInterval(this.labHeartbeatTimer);
    const { clients } = this.options;
    const closing = [...clients].map((c) =>
      c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : once(c.ws, 'close'),
    );
    for (const client of clients) client.ws.close(CLOSE_CODES.goingAway.code, 'Hub stopping');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((r) => (timer = setTimeout(r, 2000).unref()));
    await Promise.race([Promise.all(closing), timeout]);
    clearTimeout(timer);
    for (const client of clients) client.ws.terminate();
    this.wss?.close();
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

  private watch(http: Server, wss: WsServer<typeof HubSocket>): void {
    const { emit } = this.options;
    wss.on('headers', (headers, req) => {
      // The hub names itself in every handshake response (the lab shows it arriving).
      headers.push(`${HUB_HEADER}: ${packageJson.version}`);
      emit({
        kind: 'headers',
        client: this.upgrading.get(req) ?? 0,
        address: describePeer(req),
        lines: headers.map(redact),
      });
    });
    wss.on('wsClientError', (err, socket, req) => {
      emit({ kind: 'wsClientError', address: describePeer(req), message: err.message });
      this.refuse(socket, 400, err.message);
    });
    wss.on('error', (err) => emit({ kind: 'error', client: null, message: err.message }));
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
    if (this.redirectsToHub(req, current)) {
      return void socket.end(
        `HTTP/1.1 302 Found\r\nLocation: ${current.url}/\r\nConnection: close\r\n` +
          'Content-Length: 0\r\n\r\n',
      );
    }
    const verdict = checkHandshake(req, this.policy(current.port));
    const reject = (status: number, reason: string, logged = reason) => {
      this.options.emit({ kind: 'rejected', address: describePeer(req), status, reason: logged });
      this.refuse(socket, status, reason);
    };
    if (!verdict.ok) return reject(verdict.status, verdict.reason);
    const { maxClients } = this.options;
    if (this.options.clients.size >= maxClients) {
      return reject(503, 'Too many connections', `connection cap ${maxClients} reached`);
    }
    const lab = this.isLab(req);
    const stopped = !this.options.acceptsChat() || (lab && this.options.refusesLab?.() === true);
    if (stopped && verdict.role === 'chat') {
      return reject(503, 'Server stopped from the console');
    }
    const { role } = verdict;
    const number = ++this.connectionCount;
    this.upgrading.set(req, number);
    wss.handleUpgrade(req, socket, head, (ws) =>
      this.options.onConnection({ ws, socket, req, role, number, lab }),
    );
  };

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.halfOpen.done(req.socket);
    const port = this.current?.port;
    const { staticDir } = this.options;
    if (this.current && this.redirectsToHub(req, this.current)) {
      res.writeHead(302, { Location: `${this.current.url}/` }).end();
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

  /** GET /lab/redirect answers 302 to the hub's WebSocket URL, only for a Host of this hub. */
  private redirectsToHub(req: IncomingMessage, current: HubAddress): boolean {
    const path = (req.url ?? '').split('?')[0];
    return (
      path === LAB_REDIRECT_PATH &&
      this.policy(current.port).allowedHosts.has((req.headers.host ?? '').toLowerCase())
    );
  }

  private isLab(req: IncomingMessage): boolean {
    const { labKey } = this.options;
    const given = req.headers[LAB_HEADER];
    return labKey !== undefined && typeof given === 'string' && tokenMatches(labKey, given);
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

  private readonly heartbeat = (): void => this.pingAll(false);

  private readonly labHeartbeat = (): void => this.pingAll(true);

  /** Pings the lab's connections, or everyone else's; terminates after two missed pongs. */
  private pingAll(lab: boolean): void {
    for (const client of this.options.clients) {
      if (client.lab !== lab) continue;
      if (client.missedPongs >= 2) {
        this.options.emit({
          kind: 'heartbeat-timeout',
          client: client.number,
          missed: client.missedPongs,
        });
        client.ws.terminate();
        continue;
      }
      client.missedPongs += 1;
      client.ws.ping();
      this.options.emit({ kind: 'ping', client: client.number });
    }
  }
}
