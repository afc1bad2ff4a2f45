// Messages between the benchmark's processes: the orchestrator (run.ts) drives a server process
// (the bare relay or the Loopchat hub) and a client-driver process over Node's IPC channel.

/**
 * `bare-batched`: the bare relay with the hub's write batching (see bare-relay.ts).
 * `hub-file`: the hub with its history kept in a file, as the Electron app runs it.
 * `hub-long` and `hub-deflate`: the hub with ~2 KiB chat texts (over ws's 1 KiB compression
 * threshold), without and with permessage-deflate: the pair that prices compression.
 */
export type ServerKind = 'bare' | 'bare-batched' | 'hub' | 'hub-file' | 'hub-long' | 'hub-deflate';

export const SERVER_KINDS: readonly ServerKind[] = [
  'bare',
  'bare-batched',
  'hub',
  'hub-file',
  'hub-long',
  'hub-deflate',
];

/** Who sends in the saturation phase: clients 0 and 1, or every client (see config.ts). */
export type Shape = 'two-senders' | 'all-send';

/** Where the driver connects, and how: the hub needs its token and a hello. */
export interface Target {
  kind: ServerKind;
  url: string;
  token: string;
}

export type ToServer =
  | { type: 'cpu-mark' }
  | { type: 'cpu-read' }
  | { type: 'memory' }
  /** Starts sampling RSS every few ms, until peak-memory. */
  | { type: 'watch-memory' }
  | { type: 'peak-memory' };

export type FromServer =
  | { type: 'ready'; target: Target }
  | { type: 'cpu-marked' }
  /** Hub CPU (user + system) and wall time since the last mark, measured by the server itself. */
  | { type: 'cpu'; cpuMicros: number; wallMs: number }
  | { type: 'memory'; rssBytes: number; heapUsedBytes: number }
  | { type: 'watching-memory' }
  /**
   * The most RSS sampled since watch-memory. Not getrusage's maxrss: a child process starts
   * with its parent's, and the parent here holds every receiver's copy.
   */
  | { type: 'peak-memory'; maxRssBytes: number };

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
}

export interface PhaseResult extends LatencySummary {
  sent: number;
  /** Chat frames received by all clients together. */
  deliveries: number;
  /** deliveries the phase waited for (sent × clients); fewer means it timed out. */
  expected: number;
  elapsedMs: number;
  /** `error` frames from the hub (e.g. rate-limited): should be 0. */
  errorFrames: number;
}

export type ToDriver =
  /** Connect `clients` clients (hello + welcome for the hub) and wait until presence settles. */
  | { type: 'open'; target: Target; clients: number }
  /** One message in flight: the next is sent once every client has the previous one. */
  | { type: 'light'; count: number; timeoutMs: number }
  /** The shape's senders, each keeping `window` messages in flight until `count` are sent in all. */
  | { type: 'saturate'; shape: Shape; count: number; window: number; timeoutMs: number }
  /** Idle scale: keep connecting (`concurrency` at a time) until `total` are open. */
  | {
      type: 'connect-idle';
      target: Target;
      join: boolean;
      total: number;
      concurrency: number;
      timeoutMs: number;
    }
  | { type: 'close-all' };

export type FromDriver =
  | { type: 'opened'; clients: number }
  | { type: 'phase'; result: PhaseResult }
  | {
      type: 'idle-connected';
      /** Open (and, when joining, welcomed) clients that are still open. */
      open: number;
      elapsedMs: number;
      /** The first failure (handshake error, unexpected close), if any. */
      firstError: string | null;
      failures: number;
    }
  | { type: 'closed' };

/** The hub variants need a token and a hello; the bare relays take any frame. */
export const speaksLoopchat = (kind: ServerKind): boolean => kind.startsWith('hub');

/** Whether the clients offer, and the hub accepts, permessage-deflate. */
export const compresses = (kind: ServerKind): boolean => kind === 'hub-deflate';

/** Whether the chat texts are the long (~2 KiB) ones. */
export const sendsLongText = (kind: ServerKind): boolean =>
  kind === 'hub-long' || kind === 'hub-deflate';
