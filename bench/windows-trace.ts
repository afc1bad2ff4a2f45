// Where a page's time goes, from a Chromium trace (Playwright's browser.startTracing, the
// DevTools timeline categories): the main thread's tasks, script, style, layout and paint,
// per message while receiving, and a new window's parse/evaluate and first layout.

import type { Browser, Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, type BenchHub, type PageKind } from './windows-hub';
import {
  collectLatencies,
  installProbes,
  installStorageProbe,
  installUsableProbe,
  storageCounts,
  usableAfter,
  type StorageCounts,
} from './windows-page';
import { openSender, sendPaced } from './windows-senders';
import { round, settle } from './windows-runs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike dur, not inflated when a busy machine preempts the thread. */
  tdur?: number;
  args?: { name?: string; data?: { url?: string } };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'blink.user_timing',
  'loading',
];

/**
 * Inclusive CPU time per event name: a FunctionCall's forced layout counts in Layout too.
 */
const NAMES: Record<string, string> = {
  RunTask: 'tasks',
  'ThreadControllerImpl::RunTask': 'tasks',
  FunctionCall: 'script (callbacks)',
  EvaluateScript: 'script (evaluate)',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'v8.evaluateModule': 'script (evaluate)',
  ParseHTML: 'parse HTML',
  ParseAuthorStyleSheet: 'parse CSS',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  MinorGC: 'GC',
  MajorGC: 'GC',
  FireAnimationFrame: 'animation frames',
};

export interface Breakdown {
  /** What is divided by: messages received, or 1 for a window's start. */
  per: number;
  /** Milliseconds (inclusive) and counts, per `per`. */
  ms: Record<string, number>;
  counts: Record<string, number>;
  /** A start's milestones, ms after navigation: first layout, paint, the socket made. */
  milestonesMs?: Record<string, number>;
  /** Web Storage reads and writes during a start (timed in the page, 0.1 ms clock). */
  storage?: StorageCounts;
}

/** Milestones of a start: the first event of each name on the page's renderer. */
const MILESTONES: Record<string, string> = {
  ParseHTML: 'HTML parsed (first chunk)',
  EvaluateScript: 'first script evaluated',
  'v8.evaluateModule': 'first module evaluated',
  WebSocketCreate: 'WebSocket made',
  Layout: 'first layout',
  firstContentfulPaint: 'first contentful paint',
  'loopchat-bench-usable': 'usable',
};

function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const busy = new Map<string, number>();
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key) && e.name === 'FunctionCall')
      busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const best = [...busy.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) return null;
  const [pid, tid] = best[0].split(':').map(Number);
  return { pid: pid ?? 0, tid: tid ?? 0 };
}

export function summariseTrace(json: string, per: number): Breakdown {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = mainThread(events);
  const ms: Record<string, number> = {};
  const counts: Record<string, number> = {};
  if (!main) return { per, ms, counts };
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  for (const e of mine) {
    const label = NAMES[e.name];
    if (!label || e.ph !== 'X') continue;
    ms[label] = (ms[label] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  for (const key of Object.keys(ms)) {
    ms[key] = round((ms[key] ?? 0) / per, 3);
    counts[key] = round((counts[key] ?? 0) / per, 2);
  }
  const result: Breakdown = { per, ms, counts };
  const nav = events.find((e) => e.pid === main.pid && e.name === 'navigationStart');
  if (!nav) return result;
  const milestones: Record<string, number> = {};
  for (const e of events) {
    const label = MILESTONES[e.name];
    if (!label || e.pid !== main.pid || e.ts < nav.ts) continue;
    const at = round((e.ts - nav.ts) / 1000); // trace events are not in time order
    milestones[label] = Math.min(at, milestones[label] ?? at);
  }
  result.milestonesMs = milestones;
  return result;
}

async function traced(browser: Browser, page: Page, body: () => Promise<void>): Promise<string> {
  await browser.startTracing(page, { categories: CATEGORIES });
  await body();
  const json = (await browser.stopTracing()).toString('utf8');
  const dir = process.env.LOOPCHAT_TRACE_DIR;
  if (dir) writeFileSync(join(dir, `trace-${Date.now()}.json`), json);
  return json;
}

/** One page receiving `rate` msg/s for `seconds` from the hub, traced. */
export async function traceReceiving(
  browser: Browser,
  hub: BenchHub,
  kind: PageKind,
  rate: number,
  seconds: number,
): Promise<Breakdown> {
  const page = await openPage(browser, hub, kind);
  await installProbes(page);
  const sender = await openSender(hub.target(), 'bench-trace');
  await settle();
  const expected = rate * seconds;
  const json = await traced(browser, page, async () => {
    const collecting = collectLatencies(page, expected, 30_000);
    await sendPaced([sender], rate, seconds);
    await collecting;
  });
  await sender.close();
  await page.context().close();
  return summariseTrace(json, expected);
}

/** A new page's start, traced from navigation until it is usable (`newest` shown). */
export async function traceOpening(
  browser: Browser,
  hub: BenchHub,
  kind: PageKind,
  newest: string,
): Promise<Breakdown> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await installUsableProbe(page, newest);
  await installStorageProbe(page);
  const json = await traced(browser, page, async () => {
    await page.goto(hub.pageUrl(kind));
    await usableAfter(page, 30_000);
  });
  const storage = await storageCounts(page);
  await context.close();
  return { ...summariseTrace(json, 1), storage };
}
