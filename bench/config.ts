// What one `npm run bench` does. The full run fits in ~10 minutes on 2 cores; the smoke run
// (used by bench.test.ts) only proves that every process and phase works end to end.

import type { ServerKind, Shape } from './ipc';

/**
 * One traffic shape of the saturation phase and the N it runs at. `two-senders`: clients 0 and
 * 1 send, the rest only receive (one busy pair in a big room). `all-send`: every client sends
 * (a busy room). Either way each sender keeps `window` messages in flight.
 */
export interface ShapeConfig {
  shape: Shape;
  /** N: connected clients per fan-out run of this shape. */
  clientCounts: number[];
  /** Messages each sender keeps in flight (sent, own echo not yet back). */
  window: number;
}

export interface BenchConfig {
  name: 'full' | 'smoke';
  /** Saturation shapes, each run with every variant at each of its N, interleaved. */
  shapes: ShapeConfig[];
  repetitions: number;
  /**
   * A (shape, N) whose bare or hub throughput varies more than `limit` (max / min over its
   * repetitions) gets more repetitions, up to `maxRepetitions` in all: on a shared 2-core
   * machine one slow repetition can move a median of three, and the ratio with it.
   */
  spread: { limit: number; maxRepetitions: number };
  /** Servers compared in the fan-out runs; 'bare' is the baseline and must be included. */
  variants: ServerKind[];
  /** Pin the server and the client driver to separate cores (taskset), --pin. */
  pinCores: boolean;
  saturation: {
    /**
     * Messages per measured run = min(maxMessages, deliveries / N), in both shapes: every
     * message reaches all N clients, so each run makes about `deliveries` deliveries whatever
     * the shape and N. The senders share the messages evenly (all-send at N=100: 20 each).
     */
    deliveries: number;
    maxMessages: number;
    /** Sent first, unmeasured (same rule), so both servers are JIT-warm. */
    warmupDeliveries: number;
    timeoutMs: number;
  };
  light: {
    /** Messages per run = min(maxMessages, deliveries / N). */
    deliveries: number;
    maxMessages: number;
    timeoutMs: number;
  };
  /**
   * One file from one window to `receivers` others (bench/file-fanout.ts): through the hub
   * (upload, then each receiver downloads) and as the same chunk frames through the bare relay.
   */
  files: {
    fileBytes: number;
    receivers: number;
    repetitions: number;
    timeoutMs: number;
  };
  idle: {
    /** RSS is sampled when this many clients are connected (the "per 1,000" figure). */
    sampleAt: number;
    /** Upper bound on connections (each side holds one file descriptor per client). */
    maxClients: number;
    /** The whole connect phase, per variant. */
    timeoutMs: number;
    /** Handshakes in progress at once. */
    concurrency: number;
  };
}

export const FULL: BenchConfig = {
  name: 'full',
  shapes: [
    { shape: 'two-senders', clientCounts: [2, 10, 100], window: 32 },
    // 4 per client keeps 400 messages (40,000 deliveries) in flight at N=100: saturating, yet
    // far from the hub's 4 MiB per-client send buffer cap.
    { shape: 'all-send', clientCounts: [10, 100], window: 4 },
  ],
  repetitions: 3,
  spread: { limit: 1.2, maxRepetitions: 7 },
  variants: ['bare', 'bare-batched', 'hub', 'hub-file', 'hub-long', 'hub-deflate'],
  pinCores: false,
  saturation: {
    deliveries: 200_000,
    maxMessages: 20_000,
    warmupDeliveries: 40_000,
    timeoutMs: 30_000,
  },
  light: { deliveries: 30_000, maxMessages: 1_000, timeoutMs: 10_000 },
  files: { fileBytes: 10 * 1024 * 1024, receivers: 10, repetitions: 3, timeoutMs: 60_000 },
  idle: { sampleAt: 1_000, maxClients: 5_000, timeoutMs: 60_000, concurrency: 16 },
};

export const SMOKE: BenchConfig = {
  name: 'smoke',
  shapes: [
    { shape: 'two-senders', clientCounts: [2], window: 8 },
    // 12 clients: sender indices of two digits go through the driver's frame parsing too.
    { shape: 'all-send', clientCounts: [12], window: 2 },
  ],
  repetitions: 1,
  spread: { limit: 1.2, maxRepetitions: 1 },
  variants: ['bare', 'bare-batched', 'hub', 'hub-file', 'hub-long', 'hub-deflate'],
  pinCores: false,
  saturation: {
    deliveries: 600,
    maxMessages: 300,
    warmupDeliveries: 100,
    timeoutMs: 5_000,
  },
  light: { deliveries: 60, maxMessages: 30, timeoutMs: 5_000 },
  files: { fileBytes: 300 * 1024, receivers: 3, repetitions: 1, timeoutMs: 10_000 },
  idle: { sampleAt: 10, maxClients: 20, timeoutMs: 5_000, concurrency: 4 },
};

/** Messages for a phase that should cause about `deliveries` deliveries to N clients. */
export function messagesFor(deliveries: number, maxMessages: number, clients: number): number {
  return Math.max(1, Math.min(maxMessages, Math.floor(deliveries / clients)));
}
