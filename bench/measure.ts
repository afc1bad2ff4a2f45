// One measured run of each kind, each with fresh processes: a fan-out run (warm up, light
// load, then saturation with the server's CPU sampled around it) and an idle-scale run.

import { Child } from './children';
import type { BenchConfig, ShapeConfig } from './config';
import { messagesFor } from './config';
import type {
  FromDriver,
  FromServer,
  PhaseResult,
  ServerKind,
  Shape,
  ToDriver,
  ToServer,
} from './ipc';

type Server = Child<ToServer, FromServer>;
type Driver = Child<ToDriver, FromDriver>;

export interface FanoutRun {
  variant: ServerKind;
  /** Who sent in the saturation phase; the light phase is the same in both shapes. */
  shape: Shape;
  clients: number;
  repetition: number;
  light: PhaseResult;
  saturation: PhaseResult;
  deliveriesPerSec: number;
  /** Server CPU (user + system) over the saturation window, per delivery. */
  cpuMicrosPerDelivery: number;
  serverCpuMicros: number;
  serverWallMs: number;
}

export type IdleVariant = 'bare' | 'hub' | 'hub-joined';

export interface IdleRun {
  variant: IdleVariant;
  baselineRssBytes: number;
  /** RSS growth per 1,000 clients, sampled at config.idle.sampleAt clients (null: not reached). */
  mibPer1000AtSample: number | null;
  open: number;
  elapsedMs: number;
  mibPer1000AtEnd: number | null;
  /**
   * RSS growth per 1,000 between the sample and the end: free of the start-up baseline's drift,
   * so this is the figure compared (null when no clients were added after the sample).
   */
  mibPer1000Slope: number | null;
  /** JS heap (after GC) growth per 1,000 over the same span: the part the server's code holds. */
  heapMibPer1000Slope: number | null;
  failures: number;
  firstError: string | null;
}

const SERVER_CORE = 0;
const DRIVER_CORE = 1;
const MiB = 1024 * 1024;

async function withProcesses<T>(
  config: BenchConfig,
  variant: ServerKind,
  run: (
    server: Server,
    driver: Driver,
    ready: Extract<FromServer, { type: 'ready' }>,
  ) => Promise<T>,
  serverArgs: string[] = [],
): Promise<T> {
  const server: Server = new Child('./server-process.js', [variant], {
    core: SERVER_CORE,
    pin: config.pinCores,
    execArgv: ['--expose-gc', ...serverArgs],
  });
  const driver: Driver = new Child('./driver-process.js', [], {
    core: DRIVER_CORE,
    pin: config.pinCores,
  });
  try {
    const ready = await server.next('ready', 10_000);
    return await run(server, driver, ready);
  } finally {
    await Promise.all([driver.stop(), server.stop()]);
  }
}

export function fanoutRun(
  config: BenchConfig,
  variant: ServerKind,
  { shape, window }: ShapeConfig,
  clients: number,
  repetition: number,
  serverArgs: string[] = [],
): Promise<FanoutRun> {
  const { saturation } = config;
  const phaseTimeout = Math.max(saturation.timeoutMs, config.light.timeoutMs) + 10_000;
  return withProcesses(
    config,
    variant,
    async (server, driver, { target }) => {
      await driver.request({ type: 'open', target, clients }, 'opened', 60_000);
      const saturate = (deliveries: number): ToDriver => ({
        type: 'saturate',
        shape,
        count: messagesFor(deliveries, saturation.maxMessages, clients),
        window,
        timeoutMs: saturation.timeoutMs,
      });
      await driver.request(saturate(saturation.warmupDeliveries), 'phase', phaseTimeout);
      const light = await driver.request(
        {
          type: 'light',
          count: messagesFor(config.light.deliveries, config.light.maxMessages, clients),
          timeoutMs: config.light.timeoutMs,
        },
        'phase',
        phaseTimeout,
      );
      await server.request({ type: 'cpu-mark' }, 'cpu-marked', 5_000);
      const measured = await driver.request(saturate(saturation.deliveries), 'phase', phaseTimeout);
      const cpu = await server.request({ type: 'cpu-read' }, 'cpu', 5_000);
      const { result } = measured;
      return {
        variant,
        shape,
        clients,
        repetition,
        light: light.result,
        saturation: result,
        deliveriesPerSec: result.deliveries / (result.elapsedMs / 1000),
        cpuMicrosPerDelivery: cpu.cpuMicros / result.deliveries,
        serverCpuMicros: cpu.cpuMicros,
        serverWallMs: cpu.wallMs,
      };
    },
    serverArgs,
  );
}

export function idleRun(config: BenchConfig, variant: IdleVariant): Promise<IdleRun> {
  const { idle } = config;
  return withProcesses(
    config,
    variant === 'bare' ? 'bare' : 'hub',
    async (server, driver, { target }) => {
      const memory = () => server.request({ type: 'memory' }, 'memory', 10_000);
      const connect = (total: number, timeoutMs: number) =>
        driver.request(
          {
            type: 'connect-idle',
            target,
            join: variant === 'hub-joined',
            total,
            concurrency: idle.concurrency,
            timeoutMs,
          },
          'idle-connected',
          timeoutMs + 30_000,
        );
      const perThousand = (rss: number, baseline: number, clients: number) =>
        clients > 0 ? ((rss - baseline) / MiB / clients) * 1000 : null;

      const baseline = await memory();
      const baselineRssBytes = baseline.rssBytes;
      const startedAt = performance.now();
      const first = await connect(idle.sampleAt, idle.timeoutMs);
      const sample = await memory();
      const sampleRss = sample.rssBytes;
      const sampled = first.firstError === null && first.open === idle.sampleAt;
      const left = idle.timeoutMs - (performance.now() - startedAt);
      const last = sampled && left > 0 ? await connect(idle.maxClients, left) : first;
      const end = await memory();
      const endRss = end.rssBytes;
      await driver.request({ type: 'close-all' }, 'closed', 30_000);
      return {
        variant,
        baselineRssBytes,
        mibPer1000AtSample: sampled ? perThousand(sampleRss, baselineRssBytes, first.open) : null,
        open: last.open,
        elapsedMs: performance.now() - startedAt,
        mibPer1000AtEnd: perThousand(endRss, baselineRssBytes, last.open),
        mibPer1000Slope:
          sampled && last.open > first.open
            ? perThousand(endRss, sampleRss, last.open - first.open)
            : null,
        heapMibPer1000Slope:
          sampled && last.open > first.open
            ? perThousand(end.heapUsedBytes, sample.heapUsedBytes, last.open - first.open)
            : null,
        failures: first.failures + (last === first ? 0 : last.failures),
        firstError: first.firstError ?? last.firstError,
      };
    },
  );
}
