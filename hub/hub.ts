// The Loopchat hub: a ws WebSocketServer on a Node http server bound to 127.0.0.1. It runs
// in Electron's main process and under plain Node (tests, browser mode), so it must never
// import `electron` (ESLint enforces it for all of hub/). createHub puts the parts together:
// the transport (transport.ts), what each connection does (connection.ts), the chat (chat-room.ts), the
// per-turn batching of writes (turn-batcher.ts) and the server console (console-*.ts).

import { resolve } from 'node:path';
import { AttachmentStore } from './attachments/attachment-store';
import { temporaryDataDir } from './attachments/temporary-store';
import { messageAttachments } from './attachments/message-attachments';
import { Transfers } from './attachments/transfers';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { HubEvent, HubEventBody } from '../protocol/console';
import type { ChatMessage } from '../protocol/messages';
import { ChatRoom } from './chat-room';
import { ClientLab } from './client-lab';
import { connectionHandling, type Connection, type ConnectionContext } from './connection';
import { Admin, type AdminOperations } from './admin';
import { createConsoleFeed, type ConsoleFeed } from './console-feed';
import { Deadlines } from './deadlines';
import { logSubscriber } from './event-log';
import { HubEvents, type HubSignal } from './events';
import { Heartbeat } from './heartbeat';
import { History } from './history';
import { NetworkConditions } from './network-conditions';
import { SavingState } from './saving';
import type { LogSink } from './log';
import { Transport, type HubAddress, type TransportOptions } from './transport';
import { TurnBatcher } from './turn-batcher';

export type { HubAddress } from './transport';

export const DEFAULT_PORT = 8005;
/** Unsent bytes past which a connection is ended as a reader that does not read (4 MiB). */
const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_PUSH_INTERVAL_MS = 3000;

export interface HubOptions {
  /** Per-launch secret every chat window must present (see protocol/messages.ts). */
  token: string;
  /**
   * Per-launch secret of the server console, which can stop the hub and disconnect windows:
   * the chat token never opens it. Without one, every console is refused (401).
   */
  consoleToken?: string | undefined;
  /** Exact-match Origin allow-list. In browser mode the hub adds its own http origin. */
  allowedOrigins?: readonly string[];
  /** Preferred port; if taken, the hub falls back to a free one. 0 = any free port. */
  port?: number;
  pushIntervalMs?: number;
  /** Browser mode: serve the built renderer from this folder over HTTP. */
  staticDir?: string;
  log?: LogSink;
  /** Log every request and response header of each handshake (default: one short line). */
  verboseLog?: boolean;
  heartbeatMs?: number;
  maxClients?: number;
  /**
   * A connection must send its whole request head (page or upgrade) within this time, or it
   * gets 408 and is closed. Default 10 s.
   */
  headersTimeoutMs?: number;
  /**
   * Connections still sending their request head, at most (they are not clients yet, so the
   * cap above does not see them); over it the oldest is closed with 503. Default 64.
   */
  maxHalfOpen?: number;
  /** Close a connection whose unsent data grows past this many bytes (it is not reading). */
  maxBufferedBytes?: number;
  /** A window must say hello within this time after connecting. */
  helloTimeoutMs?: number;
  /** Per-connection frame budget (token bucket). The benchmark raises it to measure throughput. */
  rateLimit?: { perSecond: number; burst: number };
  history?: History;
  /**
   * Files and images, kept beside the history (AttachmentStore.open(dataDir)). Without one the
   * hub keeps them in a temporary folder that is gone when the process ends, like a memory-only
   * history.
   */
  attachments?: AttachmentStore;
  /** A connection's binary bytes per second and burst (ATTACHMENT_LIMITS by default). */
  byteBudget?: { bytesPerSecond: number; burstBytes: number };
  /** How often the client lab's connections are pinged (the no-pong scenario). */
  labHeartbeatMs?: number;
  /** The longest one client-lab scenario may run. */
  labTimeoutMs?: number;
  /**
   * Offer permessage-deflate to windows from the start (the console can turn it on and off;
   * off by default: it costs CPU and a zlib context pair per connection).
   */
  deflateForWindows?: boolean;
}

/** The hub: its lifecycle, plus the server console's events and admin operations. */
export interface Hub extends AdminOperations {
  start(): Promise<HubAddress>;
  stop(): Promise<void>;
  readonly address: HubAddress | null;
  readonly history: History;
  /** Every hub event from now on (the stdout log is one subscriber); returns unsubscribe. */
  subscribe(listener: (event: HubEvent) => void): () => void;
}

export function createHub(options: HubOptions): Hub {
  const events = new HubEvents();
  const sink = options.log ?? ((line: string) => console.log(line));
  events.subscribe(logSubscriber(sink, options.verboseLog ?? false));
  const emit = (body: HubEventBody): void => events.emit(body);
  const signal = (news: HubSignal): void => events.signal(news);
  const history = options.history ?? new History();
  const startedAt = Date.now();
  const connections = new Set<Connection>();
  const { batcher, transfers, room } = createChat(options, history, emit, signal, startedAt);
  const network = new NetworkConditions<Connection>({
    emit,
    maxHeldBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
  });
  const admin = new Admin({
    network,
    connections,
    room,
    emit,
    recentEvents: () => events.recent(),
    startedAt,
    uploadsOf: (connection) => transfers.tracker.uploadsOf(connection),
    deflateForWindows: options.deflateForWindows ?? false,
  });
  const lab = createLab(options, signal);
  const consoles = createConsoleFeed<Connection>({
    admin,
    lab,
    send: (connection, data) => batcher.send(connection, data),
  });
  // Parts learn of the hub's events in this order: the admin and the lab know the new address
  // before a console is told about it.
  events.subscribe((event) => admin.onHubEvent(event));
  events.subscribe((event) => lab.onHubEvent(event));
  events.subscribe((event) => consoles.onEvent(event));
  events.subscribeSignals((news) => consoles.onSignal(news));
  const helloDeadlines = createHelloDeadlines(options, connections);
  const heartbeat = new Heartbeat<Connection>(emit);
  const parts: Parts = {
    emit,
    signal,
    connections,
    room,
    consoles,
    helloDeadlines,
    heartbeat,
    transfers,
  };
  const openConnection = connectionHandling(parts, {
    rateLimit: options.rateLimit ?? { perSecond: 100, burst: 200 },
    heartbeatMs: options.heartbeatMs ?? 15_000,
  });
  const staticDir = options.staticDir === undefined ? undefined : resolve(options.staticDir);
  const transport: Transport = createTransport(options, staticDir, {
    connections,
    emit,
    onConnection: openConnection,
  });
  // In order: a stopped service refuses every chat window, the lab's included.
  transport.register(admin.transportExtension);
  transport.register(lab.transportExtension);
  const lifecycle = createLifecycle(options.port ?? DEFAULT_PORT, transport, parts, lab, network);

  return {
    get address() {
      return transport.address;
    },
    history,
    ...lifecycle,
    subscribe: (listener) => events.subscribe(listener),
    ...operationsOf(admin),
  };
}

/** The admin's operations as plain properties of the hub (they are bound in Admin). */
function operationsOf(admin: Admin): AdminOperations {
  return {
    recentEvents: admin.recentEvents,
    connections: admin.connections,
    serverInfo: admin.serverInfo,
    sendAnnouncement: admin.sendAnnouncement,
    disconnect: admin.disconnect,
    stopServer: admin.stopServer,
    startServer: admin.startServer,
    setPushInterval: admin.setPushInterval,
    setDeflate: admin.setDeflate,
    setNetwork: admin.setNetwork,
    liftNetwork: admin.liftNetwork,
  };
}

/** The chat's parts: the room, the turn batcher its frames leave through, and file transfers. */
function createChat(
  options: HubOptions,
  history: History,
  emit: (body: HubEventBody) => void,
  signal: (news: HubSignal) => void,
  startedAt: number,
): {
  batcher: TurnBatcher<Connection>;
  transfers: Transfers<Connection>;
  room: ChatRoom<Connection>;
} {
  // The batcher's save tells the room which senders to refuse; it first saves at the end of a
  // turn, long after the room below exists.
  const batcher = createBatcher(options, history, emit, signal, (taken) => room.notSaved(taken));
  const store = options.attachments ?? AttachmentStore.open(temporaryDataDir());
  const transfers = new Transfers<Connection>({
    store,
    send: (connection, data) => batcher.send(connection, data),
    // Progress shows in the console's table of connections, not as an event each MiB.
    onUpload: (connection, upload) =>
      upload.state === 'progress'
        ? signal({ kind: 'counters-changed' })
        : emit({ kind: 'upload', connection: connection.number, upload }),
    ...options.byteBudget,
  });
  const room = new ChatRoom<Connection>({
    resolveAttachments: (refs) => messageAttachments(store, refs),
    history,
    send: (connection, data, seq) => batcher.send(connection, data, seq),
    queueTurnEnd: () => batcher.queueTurnEnd(),
    emit,
    pushIntervalMs: options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS,
    startedAt,
  });
  return { batcher, transfers, room };
}

/** Windows must say hello in time; consoles never do (they observe, they do not chat). */
function createHelloDeadlines(
  options: HubOptions,
  connections: Set<Connection>,
): Deadlines<Connection> {
  return new Deadlines<Connection>(options.helloTimeoutMs ?? 10_000, (connection) => {
    if (connection.peer === null && connections.has(connection))
      connection.ws.close(CLOSE_CODES.policyViolation.code, 'No hello received');
  });
}

/** The parts each connection reaches, and the console feed the lifecycle ends. */
type Parts = ConnectionContext & { consoles: ConsoleFeed<Connection> };

/** The client lab, aimed at this hub as the first allowed Origin (or browser mode's own). */
function createLab(options: HubOptions, signal: (news: HubSignal) => void): ClientLab {
  return new ClientLab({
    token: options.token,
    origin: options.allowedOrigins?.[0],
    onEvent: (event) => signal({ kind: 'lab-event', event }),
    onDone: (result) => signal({ kind: 'lab-done', result }),
    ...(options.labTimeoutMs === undefined ? {} : { timeoutMs: options.labTimeoutMs }),
    ...(options.labHeartbeatMs === undefined ? {} : { heartbeatMs: options.labHeartbeatMs }),
  });
}

/** The network side, with every limit given its default here. */
function createTransport(
  options: HubOptions,
  staticDir: string | undefined,
  parts: Pick<TransportOptions, 'connections' | 'emit' | 'onConnection'>,
): Transport {
  return new Transport({
    token: options.token,
    consoleToken: options.consoleToken,
    allowedOrigins: options.allowedOrigins ?? [],
    staticDir,
    maxClients: options.maxClients ?? 1000,
    headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    maxHalfOpen: options.maxHalfOpen ?? 64,
    ...parts,
  });
}

/** The turn batcher, saving the turn's chat messages to the history before they leave. */
function createBatcher(
  options: HubOptions,
  history: History,
  emit: (body: HubEventBody) => void,
  signal: (news: HubSignal) => void,
  notSaved: (taken: readonly ChatMessage[]) => void,
): TurnBatcher<Connection> {
  const saving = new SavingState();
  return new TurnBatcher<Connection>({
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    isSaved: (seq) => seq <= history.savedSeq,
    // Never relay what could not be saved: the history took it back, the batcher drops its
    // frames, and its senders are told (their windows send it again). The next write that
    // works repairs the file if it has to (history-file.ts); relays go out again from then on.
    saveTurn: () => {
      const result = history.flush();
      const news = saving.onFlush(result);
      if (news) emit(news);
      if (result.kind !== 'not-saved') return { kind: 'saved' };
      notSaved(result.taken);
      return { kind: 'not-saved', firstSeq: result.firstSeq };
    },
    // Once per connection and turn, not per frame: the console's table is refreshed on a timer
    // anyway. Frames to consoles are not "news" for them, or the table would never settle.
    onCork: (connection) => {
      if (connection.role === 'chat') signal({ kind: 'counters-changed' });
    },
    onSlow: (connection, bufferedAmount) =>
      emit({ kind: 'slow', connection: connection.number, bufferedAmount }),
  });
}

/** start() and stop(), each safe to call at any time and any number of times. */
function createLifecycle(
  port: number,
  transport: Transport,
  { emit, room, consoles, helloDeadlines, heartbeat, transfers }: Parts,
  lab: ClientLab,
  network: NetworkConditions<Connection>,
): Pick<Hub, 'start' | 'stop'> {
  let preferredPort = port;
  let starting: Promise<HubAddress> | null = null;
  let stopping: Promise<void> | null = null;

  async function doStart(): Promise<HubAddress> {
    const address = await transport.start(preferredPort);
    transfers.start();
    preferredPort = address.port; // a restart comes back on the same port, where windows look for it
    emit({ kind: 'listening', url: address.url, port: address.port });
    return address;
  }

  async function doStop(): Promise<void> {
    room.stopPush();
    transfers.stop();
    helloDeadlines.clear();
    lab.stop();
    // What a slowed connection holds goes out first, so its close is not held up behind it.
    network.clear();
    await transport.stop();
    heartbeat.clear();
    // Every console is gone by now; this drops a client-table update still waiting to go.
    consoles.dispose();
  }

  return {
    async start() {
      if (stopping) await stopping;
      if (transport.address) return transport.address;
      starting ??= doStart().finally(() => {
        starting = null;
      });
      return starting;
    },
    async stop() {
      if (starting) await starting.catch(() => undefined);
      if (!transport.listening) return;
      stopping ??= doStop().finally(() => {
        stopping = null;
      });
      return stopping;
    },
  };
}
