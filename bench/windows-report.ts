// The windows benchmark's verdicts (Loopchat against the bare page) and its printed table.

import type { PageKind } from './windows-hub';
import type {
  BurstFigures,
  CatchUpFigures,
  LatencyFigures,
  MemoryFigures,
  OpenFigures,
  PerKind,
} from './windows-runs';
import { round } from './windows-runs';
import type { Breakdown } from './windows-trace';

export interface WindowsFigures {
  latency: PerKind<LatencyFigures>;
  burst: PerKind<BurstFigures>;
  open: PerKind<OpenFigures>;
  catchUp: PerKind<CatchUpFigures>;
  memory: PerKind<MemoryFigures>;
}

export interface WindowsVerdict {
  target: string;
  loopchat: number;
  bare: number | null;
  /** Loopchat / bare, or null where there is no ratio. */
  ratio: number | null;
  met: boolean;
}

function ratio(target: string, loopchat: number, bare: number, limit: number): WindowsVerdict {
  const r = round(loopchat / bare, 2);
  return { target, loopchat, bare, ratio: r, met: r <= limit };
}

/** Heap may wobble with GC timing; growth this small over the last half is "none". */
const HEAP_SLACK_MIB = 1;
const NODE_SLACK = 100;

export function windowsTargets(f: WindowsFigures): WindowsVerdict[] {
  const mem = f.memory.loopchat.lastHalfGrowth;
  return [
    ratio('latency p50 <= 1.3x bare', f.latency.loopchat.p50Ms, f.latency.bare.p50Ms, 1.3),
    ratio('latency p99 <= 1.5x bare', f.latency.loopchat.p99Ms, f.latency.bare.p99Ms, 1.5),
    {
      target: 'burst of 1,000 msg/s for 2 s: nothing dropped',
      loopchat: f.burst.loopchat.dropped,
      bare: f.burst.bare.dropped,
      ratio: null,
      met: f.burst.loopchat.dropped === 0,
    },
    ratio('new window usable p50 <= 1.2x bare', f.open.loopchat.p50Ms, f.open.bare.p50Ms, 1.2),
    ratio('new window usable p95 <= 1.3x bare', f.open.loopchat.p95Ms, f.open.bare.p95Ms, 1.3),
    ratio(
      'catch-up after a restart <= 1.3x bare',
      f.catchUp.loopchat.medianMs,
      f.catchUp.bare.medianMs,
      1.3,
    ),
    {
      target: `memory: no growth over the last half (heap < ${HEAP_SLACK_MIB} MiB, < ${NODE_SLACK} nodes)`,
      loopchat: mem.heapMiB,
      bare: null,
      ratio: null,
      met: mem.heapMiB < HEAP_SLACK_MIB && mem.documentNodes < NODE_SLACK,
    },
  ];
}

const pad = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
};

function breakdownLines(name: string, b: Record<PageKind, Breakdown>): string[] {
  const labels = [...new Set([...Object.keys(b.loopchat.ms), ...Object.keys(b.bare.ms)])].sort();
  const rows = [[name, 'loopchat ms (count)', 'bare ms (count)']];
  for (const label of labels) {
    const cell = (kind: PageKind) => `${b[kind].ms[label] ?? 0} (${b[kind].counts[label] ?? 0})`;
    rows.push([label, cell('loopchat'), cell('bare')]);
  }
  if (b.loopchat.firstLayoutMs !== undefined || b.bare.firstLayoutMs !== undefined) {
    rows.push([
      'first layout after navigation',
      `${b.loopchat.firstLayoutMs}`,
      `${b.bare.firstLayoutMs}`,
    ]);
  }
  return pad(rows);
}

const row = (name: string, loopchat: number, bare: number): string[] => [
  name,
  `${loopchat}`,
  `${bare}`,
  `${round(loopchat / bare, 2)}x`,
];

export function printWindows(
  result: WindowsFigures & {
    machine: { cores: number; chromium: string; loadAverage: Record<string, number[]> };
    targets: WindowsVerdict[];
    breakdown: Record<string, Record<PageKind, Breakdown>> | null;
  },
): void {
  const { latency: l, burst: b, open: o, catchUp: c, memory: m } = result;
  const rows = [
    ['figure', 'loopchat', 'bare page', 'ratio'],
    row('latency p50 (ms)', l.loopchat.p50Ms, l.bare.p50Ms),
    row('latency p99 (ms)', l.loopchat.p99Ms, l.bare.p99Ms),
    row('burst p99 (ms)', b.loopchat.p99Ms, b.bare.p99Ms),
    [
      'burst received',
      `${b.loopchat.messages}/${b.loopchat.expected}`,
      `${b.bare.messages}/${b.bare.expected}`,
      '',
    ],
    row('new window usable p50 (ms)', o.loopchat.p50Ms, o.bare.p50Ms),
    row('new window usable p95 (ms)', o.loopchat.p95Ms, o.bare.p95Ms),
    row('catch-up of 2,000 (ms, median)', c.loopchat.medianMs, c.bare.medianMs),
    [
      'heap MiB at end / growth last half',
      `${m.loopchat.samples.at(-1)?.heapMiB} / ${m.loopchat.lastHalfGrowth.heapMiB}`,
      `${m.bare.samples.at(-1)?.heapMiB} / ${m.bare.lastHalfGrowth.heapMiB}`,
      '',
    ],
    [
      'DOM nodes at end / growth last half',
      `${m.loopchat.samples.at(-1)?.documentNodes} / ${m.loopchat.lastHalfGrowth.documentNodes}`,
      `${m.bare.samples.at(-1)?.documentNodes} / ${m.bare.lastHalfGrowth.documentNodes}`,
      '',
    ],
    [
      'after closing the inspector: heap MiB / nodes',
      `${m.loopchat.afterClosingInspector?.heapMiB} / ${m.loopchat.afterClosingInspector?.documentNodes}`,
      '',
      '',
    ],
  ];
  const { cores, chromium, loadAverage } = result.machine;
  console.log(`\nLoopchat windows vs the bare page (${cores} cores, Chromium ${chromium})`);
  console.log(
    `load average per phase: ${Object.entries(loadAverage)
      .map(([k, v]) => `${k} ${v[0]}`)
      .join(', ')}`,
  );
  for (const line of pad(rows)) console.log(`  ${line}`);
  console.log('\ntargets:');
  for (const t of result.targets) {
    const r = t.ratio === null ? `${t.loopchat}` : `${t.ratio}x (${t.loopchat} vs ${t.bare})`;
    console.log(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${r}`);
  }
  if (!result.breakdown) return;
  console.log('\nwhere the time goes (main thread, inclusive ms per message / per start):');
  for (const [name, b] of Object.entries(result.breakdown)) {
    for (const line of breakdownLines(name, b)) console.log(`  ${line}`);
  }
}
