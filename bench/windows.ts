// `npm run bench:windows`: Loopchat windows against the limit a window on this hub can reach,
// a bare page (bare-page.ts) on the same hub, same origin, same Chromium, interleaved in one
// run. Measures (windows-runs.ts):
//   1. page-to-page latency at 100 msg/s, from each message's due time at the sender to its
//      text in the receiver's DOM (p50 / p99), and a 1,000 msg/s burst of 2 s (all arrive?);
//   2. a new page usable: navigation until OPEN, the newest of 2,000 messages shown and the
//      composer focused, over at least 8 opens each (p50 / p95);
//   3. catching up after a hub restart: a page that missed 2,000 messages shows them all, and
//      can send;
//   4. memory: JS heap and DOM nodes while receiving 10 msg/s with the inspector open, and
//      after closing it;
// then where a receiving and a starting page spend their time (windows-trace.ts). With
// `--only volume` (not in the default run): a 10,000-message burst into one window, then
// 100,000 in all, DOM and heap bounded, Home and End (windows-volume.ts).
// Prints medians and Loopchat/bare ratios and writes JSON to bench/results/. Timings are for
// this machine and its load (recorded with every phase); nothing here is a test assertion.
//   node out/bench/windows.js [--quick] [--memory-minutes 10] [--only latency,burst,open,catch-up,memory,trace,volume] [--out file.json]

import { chromium } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchStaticDir } from './bare-page';
import { BenchHub, KINDS, type PageKind } from './windows-hub';
import { windowsTargets, printWindows, type WindowsFigures } from './windows-report';
import {
  fillHistory,
  measureBurst,
  measureCatchUp,
  measureLatency,
  measureMemory,
  measureOpen,
  round,
  type Ctx,
} from './windows-runs';
import { measureVolume } from './windows-volume';
import { traceOpening, traceReceiving, type Breakdown } from './windows-trace';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'memory-minutes': { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const CONFIG = {
  latency: { runs: args.quick ? 1 : 3, rate: 100, seconds: args.quick ? 3 : 5 },
  burst: { runs: args.quick ? 1 : 2, rate: 1_000, seconds: 2 },
  open: { opens: 8, history: 2_000 },
  catchUp: { cycles: args.quick ? 1 : 3, missed: 2_000 },
  memory: { minutes: Number(args['memory-minutes'] ?? (args.quick ? 0.25 : 1)), rate: 10 },
  trace: { rate: 100, seconds: 3 },
};

/** Debian's Chromium with the args of playwright.config.ts. */
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

const PHASES = ['latency', 'burst', 'open', 'catch-up', 'memory', 'trace'];
/** Minutes of its own, so only with --only: a 10,000 burst, then 100,000 messages in all. */
const EXTRA_PHASES = ['volume'];
const only = args.only?.split(',') ?? PHASES;
for (const name of only) {
  if (![...PHASES, ...EXTRA_PHASES].includes(name)) throw new Error(`no phase ${name}`);
}
const wanted = (name: string): boolean => only.includes(name);

const load = (): number[] => loadavg().map((v) => round(v, 2));

async function traceAll(ctx: Ctx): Promise<Record<string, PerKindBreakdown>> {
  const receiving: Partial<PerKindBreakdown> = {};
  const opening: Partial<PerKindBreakdown> = {};
  const { rate, seconds } = CONFIG.trace;
  for (const kind of KINDS) {
    receiving[kind] = await traceReceiving(ctx.browser, ctx.hub, kind, rate, seconds);
  }
  const newest = await fillHistory(ctx, CONFIG.open.history, 'trace');
  for (const kind of KINDS) {
    opening[kind] = await traceOpening(ctx.browser, ctx.hub, kind, newest);
  }
  return { receiving: receiving as PerKindBreakdown, opening: opening as PerKindBreakdown };
}

type PerKindBreakdown = Record<PageKind, Breakdown>;

async function main(): Promise<void> {
  const started = Date.now();
  const staticDir = benchStaticDir(resolve('out/renderer'));
  const hub = await BenchHub.start(staticDir);
  const browser = await chromium.launch(CHROMIUM);
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);
  const ctx: Ctx = { browser, hub, log };
  const loadAverage: Record<string, number[]> = { start: load() };
  const phase = (name: string) => {
    loadAverage[name] = load();
    log(`${name} (load ${loadAverage[name]?.join(' ')})`);
  };
  try {
    const { latency: l, burst: b, catchUp: c, memory: m } = CONFIG;
    const figures: Partial<WindowsFigures> = {};
    if (wanted('latency')) {
      phase('latency');
      figures.latency = await measureLatency(ctx, l.runs, l.rate, l.seconds);
    }
    if (wanted('burst')) {
      phase('burst');
      figures.burst = await measureBurst(ctx, b.runs, b.rate, b.seconds);
    }
    if (wanted('open')) {
      phase('open');
      figures.open = await measureOpen(ctx, CONFIG.open.opens);
    }
    if (wanted('catch-up')) {
      phase('catchUp');
      figures.catchUp = await measureCatchUp(ctx, c.cycles, c.missed);
    }
    if (wanted('memory')) {
      phase('memory');
      figures.memory = await measureMemory(ctx, m.minutes, m.rate);
    }
    let volume = null;
    if (wanted('volume')) {
      phase('volume');
      volume = await measureVolume(ctx, 10_000, 100_000, 1_500);
      log(`  ${JSON.stringify(volume)}`);
    }
    let breakdown = null;
    if (wanted('trace')) {
      phase('trace');
      breakdown = await traceAll(ctx);
    }
    loadAverage.end = load();
    const result = {
      date: new Date().toISOString(),
      seconds: round((Date.now() - started) / 1000),
      command: process.argv.slice(2).join(' '),
      machine: {
        cores: availableParallelism(),
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(totalmem() / 2 ** 30),
        node: process.version,
        chromium: browser.version(),
        /** os.loadavg() (1, 5, 15 min) at the start of each phase: was the machine busy? */
        loadAverage,
      },
      config: CONFIG,
      ...figures,
      volume,
      breakdown,
      targets: windowsTargets(figures),
    };
    printWindows(result);
    const out =
      args.out ?? join('bench/results', `windows-${result.date.replace(/[:.]/g, '-')}.json`);
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten to ${out} (${result.seconds} s in all)`);
  } finally {
    await browser.close();
    await hub.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
