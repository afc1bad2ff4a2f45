// Child process that runs one server under test — `bare` (the ws relay), `hub` (Loopchat's
// createHub, history in memory as in browser mode), `hub-file` (history in a file, as the
// Electron app runs it), `hub-long` / `hub-deflate` (the hub, permessage-deflate off / on) —
// and measures itself: CPU between two marks, memory after a full GC.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage, memoryUsage } from 'node:process';
import { APP_ORIGIN } from '../electron/origins';
import { HistoryFile } from '../hub/history-file';
import { createHub } from '../hub/hub';
import { createToken } from '../hub/token';
import { startBareRelay } from './bare-relay';
import {
  compresses,
  SERVER_KINDS,
  type FromServer,
  type ServerKind,
  type Target,
  type ToServer,
} from './ipc';

function reply(message: FromServer): void {
  process.send?.(message);
}

async function start(kind: ServerKind): Promise<Target> {
  if (kind === 'bare' || kind === 'bare-batched') {
    const relay = await startBareRelay(kind === 'bare-batched');
    return { kind, url: relay.url, token: '' };
  }
  const token = createToken();
  const history =
    kind === 'hub-file' ? HistoryFile.open(join(dataDir(), 'history.jsonl')) : undefined;
  const hub = createHub({
    ...(history ? { history } : {}),
    token,
    allowedOrigins: [APP_ORIGIN], // the origin of the app's own windows, as app.ts allows
    port: 0,
    // The log is formatted as in the app, then dropped: a pipe to the parent would add noise.
    log: () => undefined,
    // Raised so the benchmark measures the hub, not its per-client limits (idle scale needs
    // 5,000 connections that stay without a hello; saturation exceeds a person's typing rate:
    // all-send at N=10 has every client sending thousands a second). Bench only: the app keeps
    // the defaults (100/s, burst 200, per connection).
    maxClients: 6000,
    helloTimeoutMs: 10 * 60_000,
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    // The same for binary bytes (32 MiB/s in the app): the file row measures the hub's path.
    byteBudget: { bytesPerSecond: 1e12, burstBytes: 1e12 },
    deflateForWindows: compresses(kind),
  });
  const address = await hub.start();
  return { kind, url: address.url, token };
}

let tempDir: string | null = null;
function dataDir(): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'loopchat-bench-'));
  return tempDir;
}

const kind = SERVER_KINDS.find((k) => k === process.argv[2]);
if (kind === undefined) throw new Error(`usage: server-process ${SERVER_KINDS.join('|')}`);

let mark = { cpu: cpuUsage(), at: performance.now() };
let peakRss = 0;
let watch: NodeJS.Timeout | undefined;

process.on('message', (message: ToServer) => {
  switch (message.type) {
    case 'cpu-mark':
      mark = { cpu: cpuUsage(), at: performance.now() };
      return reply({ type: 'cpu-marked' });
    case 'cpu-read': {
      const used = cpuUsage(mark.cpu);
      return reply({
        type: 'cpu',
        cpuMicros: used.user + used.system,
        wallMs: performance.now() - mark.at,
      });
    }
    case 'memory': {
      // --expose-gc is passed by the orchestrator: RSS after a full GC is the steady state.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const usage = memoryUsage();
      return reply({ type: 'memory', rssBytes: usage.rss, heapUsedBytes: usage.heapUsed });
    }
    case 'watch-memory':
      clearInterval(watch);
      peakRss = memoryUsage.rss();
      watch = setInterval(() => (peakRss = Math.max(peakRss, memoryUsage.rss())), 5);
      return reply({ type: 'watching-memory' });
    case 'peak-memory':
      clearInterval(watch);
      return reply({ type: 'peak-memory', maxRssBytes: Math.max(peakRss, memoryUsage.rss()) });
  }
});
// The parent going away (or closing the channel) ends this process.
process.on('disconnect', () => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  process.exit(0);
});

start(kind).then(
  (target) => reply({ type: 'ready', target }),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
