// The windows benchmark's measurements. Each runs Loopchat windows and bare pages in turn
// (interleaved, the order alternating run by run) on the same hub in the same Chromium, so a
// busy moment of this shared machine falls on both alike.

import type { Browser, CDPSession, Page } from '@playwright/test';
import type { BenchHub } from './windows-hub';
import { KINDS, openPage, type PageKind } from './windows-hub';
import {
  collectLatencies,
  domCounts,
  installProbes,
  installSocketProbe,
  installUsableProbe,
  rowsHeld,
  sendOne,
  sendSteadily,
  socketMadeAt,
  usableAfter,
  waitForText,
} from './windows-page';
import { flood, openSender, sendPaced, type Sender } from './windows-senders';

export interface Ctx {
  browser: Browser;
  hub: BenchHub;
  log: (line: string) => void;
}

export type PerKind<T> = Record<PageKind, T>;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Run `run` alternates which kind goes first. */
const inTurn = (run: number): readonly PageKind[] => (run % 2 === 0 ? KINDS : [...KINDS].reverse());

/**
 * Chromium loads its own UI for each new window (2-3 s of CPU here): measured from the first
 * message, a p99 would be mostly that start-up on a 2-core machine, so runs start after it.
 */
export const settle = (ms = 3_000): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function receiver(ctx: Ctx, kind: PageKind): Promise<Page> {
  const page = await openPage(ctx.browser, ctx.hub, kind);
  await installProbes(page);
  return page;
}

const closePage = (page: Page): Promise<void> => page.context().close();

export interface LatencyFigures {
  messages: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  runs: { p50Ms: number; p99Ms: number; messages: number }[];
}

function latencyFigures(perRun: number[][], expectedPerRun: number): LatencyFigures {
  const pooled = perRun.flat();
  return {
    messages: pooled.length,
    expected: expectedPerRun * perRun.length,
    p50Ms: round(percentile(pooled, 50)),
    p99Ms: round(percentile(pooled, 99)),
    maxMs: round(percentile(pooled, 100)),
    runs: perRun.map((l) => ({
      p50Ms: round(percentile(l, 50)),
      p99Ms: round(percentile(l, 99)),
      messages: l.length,
    })),
  };
}

/** Page to page at a steady rate, each message timed from when it was due at the sender. */
export async function measureLatency(
  ctx: Ctx,
  runs: number,
  rate: number,
  seconds: number,
): Promise<PerKind<LatencyFigures>> {
  const got: PerKind<number[][]> = { loopchat: [], bare: [] };
  const expected = rate * seconds;
  for (let run = 0; run < runs; run++) {
    for (const kind of inTurn(run)) {
      const sender = await receiver(ctx, kind);
      const into = await receiver(ctx, kind);
      await settle();
      const collecting = collectLatencies(into, expected, 30_000);
      await sendSteadily(sender, rate, seconds);
      const latencies = await collecting;
      got[kind].push(latencies);
      await closePage(sender);
      await closePage(into);
      ctx.log(
        `  ${kind} run ${run + 1}: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms`,
      );
    }
  }
  return {
    loopchat: latencyFigures(got.loopchat, expected),
    bare: latencyFigures(got.bare, expected),
  };
}

/**
 * A burst from many senders into one page (each sender within the hub's per-connection rate
 * limit): every message must arrive; latency from each message's due time.
 */
export async function measureBurst(
  ctx: Ctx,
  runs: number,
  rate: number,
  seconds: number,
): Promise<PerKind<BurstFigures>> {
  // 50 msg/s each: half the hub's per-connection allowance.
  const senders: Sender[] = [];
  for (let i = 0; i < Math.ceil(rate / 50); i++) {
    senders.push(await openSender(ctx.hub.target(), `bench-burst-${i}`));
  }
  const got: PerKind<number[][]> = { loopchat: [], bare: [] };
  const held: PerKind<number> = { loopchat: 0, bare: 0 };
  const expected = Math.round(rate * seconds);
  try {
    for (let run = 0; run < runs; run++) {
      for (const kind of inTurn(run)) {
        const page = await receiver(ctx, kind);
        await settle();
        const before = await rowsHeld(page);
        const collecting = collectLatencies(page, expected, 15_000);
        await sendPaced(senders, rate, seconds);
        const latencies = await collecting;
        held[kind] += (await rowsHeld(page)) - before;
        got[kind].push(latencies);
        await closePage(page);
        ctx.log(
          `  ${kind} burst ${run + 1}: ${latencies.length}/${expected}, p99 ${round(percentile(latencies, 99))} ms`,
        );
      }
    }
  } finally {
    await Promise.all(senders.map((s) => s.close()));
  }
  const figures = (kind: PageKind) => {
    const f = latencyFigures(got[kind], expected);
    // Dropped: not in the list at all. A windowed list may hold a row it never rendered
    // (scrolled past within one render): held, not dropped, but it has no latency sample.
    return { ...f, held: held[kind], dropped: Math.max(0, f.expected - held[kind]) };
  };
  return { loopchat: figures('loopchat'), bare: figures('bare') };
}

export type BurstFigures = LatencyFigures & { held: number; dropped: number };

export interface OpenFigures {
  opens: number;
  p50Ms: number;
  p95Ms: number;
  samplesMs: number[];
}

/** Fills the hub's history (2,000 messages) and returns the newest message's text. */
export async function fillHistory(ctx: Ctx, count: number, label: string): Promise<string> {
  await flood(ctx.hub.target(), count - 1, (i) => `history ${label} ${i}`, 10);
  const marker = await openSender(ctx.hub.target(), 'bench-history');
  const newest = `newest of history ${label}`;
  const back = marker.watch(newest);
  marker.send(`newest-${label}`, newest);
  await back;
  await marker.close();
  return newest;
}

/** Navigation until OPEN, the newest message shown and the composer focused, in fresh pages. */
export async function measureOpen(ctx: Ctx, opens: number): Promise<PerKind<OpenFigures>> {
  const newest = await fillHistory(ctx, 2_000, 'open');
  const samples: PerKind<number[]> = { loopchat: [], bare: [] };
  for (let run = 0; run < opens; run++) {
    for (const kind of inTurn(run)) {
      const page = await openPage(ctx.browser, ctx.hub, kind, (p) => installUsableProbe(p, newest));
      samples[kind].push(round(await usableAfter(page, 30_000)));
      await closePage(page);
    }
  }
  const figures = (kind: PageKind): OpenFigures => ({
    opens: samples[kind].length,
    p50Ms: round(percentile(samples[kind], 50)),
    p95Ms: round(percentile(samples[kind], 95)),
    samplesMs: samples[kind],
  });
  ctx.log(`  loopchat p50 ${figures('loopchat').p50Ms} ms, bare p50 ${figures('bare').p50Ms} ms`);
  return { loopchat: figures('loopchat'), bare: figures('bare') };
}

export interface CatchUpFigures {
  /** From making the socket that reconnected to the newest missed message shown (ms). */
  medianMs: number;
  samplesMs: number[];
  /** A message sent right after, until the hub relayed it back (ms). */
  sendAfterMs: number[];
  /** Rows the page gained in each cycle: every missed message (and any notes) is held. */
  rowsGained: number[];
}

async function catchUpOnce(ctx: Ctx, kind: PageKind, label: string, missed: number) {
  const page = await openPage(ctx.browser, ctx.hub, kind, installSocketProbe);
  await installProbes(page);
  const marker = await openSender(ctx.hub.target(), 'bench-ready');
  marker.send(`ready-${label}`, `ready ${label}`);
  await waitForText(page, `ready ${label}`, 30_000); // the page is current
  await marker.close();
  const heldBefore = await rowsHeld(page);
  const newest = `caught up ${label}`;
  await ctx.hub.restart(async (offline) => {
    await flood(offline, missed - 1, (i) => `missed ${label} ${i}`, 10);
    const last = await openSender(offline, 'bench-missed');
    const back = last.watch(newest);
    last.send(`caught-${label}`, newest);
    await back;
    await last.close();
  });
  const watcher = await openSender(ctx.hub.target(), 'bench-watcher');
  // The window may already be trying again on its own; then the button is rightly disabled.
  await page.evaluate(`document.getElementById('reconnect-now')?.click()`);
  const shownAt = await waitForText(page, newest, 60_000);
  const madeAt = await socketMadeAt(page);
  const held = (await rowsHeld(page)) - heldBefore;
  const sentText = `sent after ${label}`;
  const relayed = watcher.watch(sentText);
  const sentAt = await sendOne(page, sentText);
  const relayedAt = await relayed;
  await watcher.close();
  await closePage(page);
  return { catchUpMs: round(shownAt - madeAt), sendMs: round(relayedAt - sentAt), held };
}

/** A page that missed `missed` messages while the hub was down, until it shows them all. */
export async function measureCatchUp(
  ctx: Ctx,
  cycles: number,
  missed: number,
): Promise<PerKind<CatchUpFigures>> {
  const got: PerKind<{ catchUpMs: number; sendMs: number; held: number }[]> = {
    loopchat: [],
    bare: [],
  };
  for (let run = 0; run < cycles; run++) {
    for (const kind of inTurn(run)) {
      const result = await catchUpOnce(ctx, kind, `${kind}-${run}`, missed);
      got[kind].push(result);
      ctx.log(
        `  ${kind} cycle ${run + 1}: ${result.catchUpMs} ms, then sent in ${result.sendMs} ms`,
      );
    }
  }
  const figures = (kind: PageKind): CatchUpFigures => {
    const samplesMs = got[kind].map((r) => r.catchUpMs);
    return {
      medianMs: round(percentile(samplesMs, 50)),
      samplesMs,
      sendAfterMs: got[kind].map((r) => r.sendMs),
      rowsGained: got[kind].map((r) => r.held),
    };
  };
  return { loopchat: figures('loopchat'), bare: figures('bare') };
}

export interface MemorySample {
  atSeconds: number;
  heapMiB: number;
  documentNodes: number;
  listNodes: number;
}

async function sample(page: Page, cdp: CDPSession, atSeconds: number): Promise<MemorySample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  const dom = await domCounts(page);
  return {
    atSeconds: Math.round(atSeconds),
    heapMiB: round(usage.usedSize / 2 ** 20, 2),
    documentNodes: dom.document,
    listNodes: dom.list,
  };
}

export interface MemoryFigures {
  samples: MemorySample[];
  /** Last sample minus the one half-way through (inspector open). */
  lastHalfGrowth: { heapMiB: number; documentNodes: number };
  afterClosingInspector: MemorySample | null;
}

function memoryFigures(samples: MemorySample[], closed: MemorySample | null): MemoryFigures {
  const mid = samples[Math.floor((samples.length - 1) / 2)];
  const last = samples.at(-1);
  return {
    samples,
    lastHalfGrowth: {
      heapMiB: round((last?.heapMiB ?? 0) - (mid?.heapMiB ?? 0), 2),
      documentNodes: (last?.documentNodes ?? 0) - (mid?.documentNodes ?? 0),
    },
    afterClosingInspector: closed,
  };
}

/** Both pages receive `rate` msg/s for `minutes`; a Loopchat window has its inspector open. */
export async function measureMemory(
  ctx: Ctx,
  minutes: number,
  rate: number,
  sampleCount = 9,
): Promise<PerKind<MemoryFigures>> {
  const pages: PerKind<Page> = {
    loopchat: await receiver(ctx, 'loopchat'),
    bare: await receiver(ctx, 'bare'),
  };
  const inspector = pages.loopchat.getByRole('button', { name: 'Inspector', exact: true });
  await inspector.click();
  await pages.loopchat.getByTestId('inspector').waitFor();
  const cdps: PerKind<CDPSession> = {
    loopchat: await pages.loopchat.context().newCDPSession(pages.loopchat),
    bare: await pages.bare.context().newCDPSession(pages.bare),
  };
  const sender = await openSender(ctx.hub.target(), 'bench-memory');
  const samples: PerKind<MemorySample[]> = { loopchat: [], bare: [] };
  const seconds = minutes * 60;
  const take = async (at: number) => {
    for (const kind of KINDS) samples[kind].push(await sample(pages[kind], cdps[kind], at));
  };
  try {
    await take(0);
    for (let i = 1; i < sampleCount; i++) {
      await sendPaced([sender], rate, seconds / (sampleCount - 1));
      await take((i * seconds) / (sampleCount - 1));
    }
    await inspector.click();
    await pages.loopchat.getByTestId('inspector').waitFor({ state: 'hidden' });
    await sendPaced([sender], rate, 5);
    const closed = await sample(pages.loopchat, cdps.loopchat, seconds + 5);
    return {
      loopchat: memoryFigures(samples.loopchat, closed),
      bare: memoryFigures(samples.bare, null),
    };
  } finally {
    await sender.close();
    for (const kind of KINDS) await closePage(pages[kind]);
  }
}
