// The server console's own protocol. A console connects to the same hub, with the same token
// and Origin rules, but offers CONSOLE_SUBPROTOCOL instead of the chat one; the hub then
// treats it as an observer and admin, never as a chat window. Both directions are
// discriminated unions on `type`; console-validate.ts checks them.

import type { LabEvent, LabResult, LabScenario } from './lab';
import { LIMITS } from './messages';

/** Negotiated by server consoles instead of SUBPROTOCOL ('loopchat.v1'). */
export const CONSOLE_SUBPROTOCOL = 'loopchat.console.v1';

export const CONSOLE_LIMITS = {
  /** A close frame's payload is at most 125 bytes: 2 for the code, 123 for the reason. */
  maxCloseReasonBytes: 123,
  maxAnnouncementLength: LIMITS.maxTextLength,
  minPushIntervalMs: 100,
  maxPushIntervalMs: 3_600_000,
  /** Events kept by the hub and sent to a console when it connects. */
  recentEvents: 200,
} as const;

export type ConnectionRole = 'chat' | 'console';

/**
 * A slow network the console can put one connection under, for what the hub sends it: added
 * latency, a bandwidth cap, or a pause (the hub neither reads from nor writes to it).
 */
export type NetworkCondition =
  | { kind: 'latency'; ms: number }
  | { kind: 'bandwidth'; bytesPerSecond: number }
  | { kind: 'pause' };
export type NetworkConditionKind = NetworkCondition['kind'];

export const NETWORK_LIMITS = {
  /** Every condition ends by itself within this many seconds. */
  maxSeconds: 60,
  latencyMs: { min: 1, max: 10_000 },
  bytesPerSecond: { min: 1024, max: 100 * 1024 * 1024 },
} as const;

/** A connection's condition now, as the console's table shows it. */
export interface NetworkState {
  condition: NetworkCondition;
  /** Hub time (ms since epoch) when it ends by itself. */
  endsAt: number;
  /** What the hub holds back from the connection now, in bytes. */
  heldBytes: number;
}

/** One header as sent, in order. The token subprotocol entry is redacted by the hub. */
export type HeaderPair = [name: string, value: string];

// ---------------------------------------------------------------- hub events

/**
 * Something that happened in the hub, as the console shows it and the stdout log prints it.
 * `connection` is the hub's connection number (#1, #2, …), unique for the hub's lifetime.
 */
/** Why the hub cannot save chat messages: a full disk, a folder it may not write, … */
export type SaveProblem = 'disk-full' | 'not-writable' | 'read-only' | 'failed';

export type HubEventBody =
  | { kind: 'listening'; url: string; port: number }
  | { kind: 'stopped'; url: string }
  | { kind: 'port-fallback'; wanted: number }
  /** An admin stop or start of the WebSocket service (the listener stays up). */
  | { kind: 'service'; running: boolean }
  | {
      kind: 'connection';
      connection: number;
      role: ConnectionRole;
      address: string;
      origin: string;
      headers: HeaderPair[];
      /** The extensions negotiated in the handshake (ws.extensions): '' or 'permessage-deflate'. */
      extensions: string;
    }
  /** The handshake response (status line first), just before the connection opens. */
  | { kind: 'headers'; connection: number; address: string; lines: string[] }
  | {
      kind: 'hello';
      connection: number;
      peerId: string;
      name: string;
      history: 'resume' | 'reset';
      replayed: number;
    }
  | { kind: 'close'; connection: number; code: number; reason: string; wasClean: boolean }
  | { kind: 'error'; connection: number | null; message: string }
  | { kind: 'wsClientError'; address: string; message: string }
  | { kind: 'clientError'; message: string }
  | { kind: 'rejected'; address: string; status: number; reason: string }
  | { kind: 'ping'; connection: number }
  | { kind: 'pong'; connection: number }
  | { kind: 'heartbeat-timeout'; connection: number; missed: number }
  | { kind: 'slow'; connection: number; bufferedAmount: number }
  | { kind: 'announcement'; text: string }
  | { kind: 'disconnect'; connection: number; code: number; reason: string }
  | { kind: 'push-interval'; ms: number }
  /** The console put a connection under a network condition, ending by itself in `seconds`. */
  | { kind: 'network'; connection: number; condition: NetworkCondition; seconds: number }
  /** The condition ended: lifted from the console, or its time was up; what it held went out. */
  | {
      kind: 'network-lifted';
      connection: number;
      why: 'console' | 'expired';
      releasedBytes: number;
    }
  /** The console turned permessage-deflate for windows on or off (new connections only). */
  | { kind: 'deflate'; on: boolean }
  /** One of a window's uploads moved on (hub/attachments/transfers.ts). */
  | { kind: 'upload'; connection: number; upload: UploadNews }
  /** A history write failed: chat messages are refused (never relayed) until one works. */
  | { kind: 'not-saving'; problem: SaveProblem; detail: string }
  | { kind: 'saving-again' };

/** What happened to an upload, as the console and the log show it. */
export type UploadNews =
  | { state: 'accepted'; id: string; name: string; size: number; fromByte: number }
  | { state: 'progress'; id: string; receivedBytes: number }
  | { state: 'complete'; id: string; size: number }
  | { state: 'failed'; id: string | null; code: string; message: string };

export type HubEventKind = HubEventBody['kind'];

/** A hub event with its hub time (ms since epoch) and a number that orders it. */
export type HubEvent = HubEventBody & { seq: number; at: number };

// ---------------------------------------------------------------- state the console shows

/** One row of the console's table: an open connection, a window's or a console's. */
export interface ConnectionInfo {
  /** Connection number (the `#n` in the log). */
  number: number;
  role: ConnectionRole;
  /** The window's public peer id and name once it said hello; null before (and for consoles). */
  peerId: string | null;
  name: string | null;
  address: string;
  connectedAt: number;
  messagesIn: number;
  messagesOut: number;
  /** Binary frames (file chunks) and their bytes, each way. */
  binary: BinaryCounters;
  /** The uploads this connection is sending now. */
  uploads: UploadInfo[];
  bufferedAmount: number;
  /** Extensions negotiated for this connection (ws.extensions): '' or 'permessage-deflate'. */
  extensions: string;
  /** Every frame's payload bytes each way, text and binary, as the application sees them. */
  payload: WireBytes;
  /**
   * Bytes on the TCP socket itself, each way (socket.bytesRead / bytesWritten): frame headers,
   * masks and compressed payloads included, the HTTP upgrade too.
   */
  wire: WireBytes;
  /** The network condition it is under, or null. */
  network: NetworkState | null;
  /** The hub side's WebSocket readyState: CONNECTING (0), OPEN, CLOSING or CLOSED (3). */
  readyState: 0 | 1 | 2 | 3;
  /** True for the client lab's own connections (see protocol/lab.ts). */
  lab?: boolean;
}

export interface BinaryCounters {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface WireBytes {
  bytesIn: number;
  bytesOut: number;
}

export interface UploadInfo {
  id: string;
  name: string;
  size: number;
  receivedBytes: number;
}

export interface ServerInfo {
  /** false after "Stop server": connections are refused until "Start server". */
  running: boolean;
  url: string;
  port: number;
  startedAt: number;
  /** Hub time when this was sent, so the console can tick uptime without clock skew. */
  now: number;
  pushIntervalMs: number;
  /** Windows that connect from now on are offered permessage-deflate (off by default). */
  deflateForWindows: boolean;
}

// ---------------------------------------------------------------- console → hub

export type ConsoleCommand =
  | { type: 'broadcast'; text: string }
  | { type: 'disconnect'; connection: number; code: number; reason: string }
  | { type: 'stop-server' }
  | { type: 'start-server' }
  | { type: 'set-push-interval'; ms: number }
  /** permessage-deflate for windows that connect from now on; open ones keep theirs. */
  | { type: 'set-deflate'; on: boolean }
  /**
   * Puts connection #n under a network condition for `seconds` (at most 60). Flat like every
   * command: `amount` is the condition's one number (ms, bytes per second, 0 for a pause).
   */
  | {
      type: 'set-network';
      connection: number;
      condition: NetworkConditionKind;
      amount: number;
      seconds: number;
    }
  /** Ends connection #n's network condition now. */
  | { type: 'lift-network'; connection: number }
  | { type: 'list-connections' }
  /** Runs one client-lab scenario; refused while another one runs. */
  | { type: 'lab-run'; scenario: LabScenario };
export type ConsoleCommandType = ConsoleCommand['type'];

// ---------------------------------------------------------------- hub → console

export type ConsoleMessage =
  /** First frame on every console connection. */
  | { type: 'snapshot'; server: ServerInfo; connections: ConnectionInfo[]; events: HubEvent[] }
  | { type: 'event'; event: HubEvent }
  /** Updates of the console's table of connections, throttled by the hub. */
  | { type: 'connections'; connections: ConnectionInfo[] }
  | { type: 'server'; server: ServerInfo }
  /** A command was carried out. */
  | { type: 'done'; command: ConsoleCommandType; detail: string }
  /** One event of the running client-lab scenario, as it fires. */
  | { type: 'lab-event'; event: LabEvent }
  /** The scenario ended (or timed out); its sockets are closed. */
  | { type: 'lab-done'; result: LabResult }
  | {
      type: 'error';
      code: 'bad-json' | 'bad-command' | 'failed' | 'rate-limited';
      message: string;
    };
export type ConsoleMessageType = ConsoleMessage['type'];
