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

export function windowsTargets(f: Partial<WindowsFigures>): WindowsVerdict[] {
  const verdicts: WindowsVerdict[] = [];
  const { latency: l, burst: b, open: o, catchUp: c, memory: m } = f;
  if (l) {
    verdicts.push(ratio('latency p50 <= 1.3x bare', l.loopchat.p50Ms, l.bare.p50Ms, 1.3));
    verdicts.push(ratio('latency p99 <= 1.5x bare', l.loopchat.p99Ms, l.bare.p99Ms, 1.5));
  }
  if (b) {
    verdicts.push({
      target: 'burst of 1,000 msg/s for 2 s: nothing dropped',
      loopchat: b.loopchat.dropped,
      bare: b.bare.dropped,
      ratio: null,
      met: b.loopchat.dropped === 0,
    });
  }
  if (o) {
    verdicts.push(ratio('new window usable p50 <= 1.2x bare', o.loopchat.p50Ms, o.bare.p50Ms, 1.2));
    verdicts.push(ratio('new window usable p95 <= 1.3x bare', o.loopchat.p95Ms, o.bare.p95Ms, 1.3));
  }
  if (c) {
    const [lc, bc] = [c.loopchat.medianMs, c.bare.medianMs];
    verdicts.push(ratio('catch-up after a restart <= 1.3x bare', lc, bc, 1.3));
  }
  if (m) {
    const growth = m.loopchat.lastHalfGrowth;
    verdicts.push({
      target: `memory: no growth over the last half (heap < ${HEAP_SLACK_MIB} MiB, < ${NODE_SLACK} nodes)`,
      loopchat: growth.heapMiB,
      bare: null,
      ratio: null,
      met: growth.heapMiB < HEAP_SLACK_MIB && growth.documentNodes < NODE_SLACK,
    });
  }
  return verdicts;
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
  const milestones = new Set([
    ...Object.keys(b.loopchat.milestonesMs ?? {}),
    ...Object.keys(b.bare.milestonesMs ?? {}),
  ]);
  if (b.loopchat.storage) {
    const st = (kind: PageKind) => {
      const c = b[kind].storage;
      return c
        ? `${c.reads} reads ${round(c.readMs, 1)} ms, ${c.writes} writes ${round(c.writeMs, 1)} ms`
        : '-';
    };
    rows.push(['Web Storage during the start', st('loopchat'), st('bare')]);
  }
  for (const label of milestones) {
    const at = (kind: PageKind) => `${b[kind].milestonesMs?.[label] ?? '-'} ms after navigation`;
    rows.push([label, at('loopchat'), at('bare')]);
  }
  return pad(rows);
}

const row = (name: string, loopchat: number, bare: number): string[] => [
  name,
  `${loopchat}`,
  `${bare}`,
  `${round(loopchat / bare, 2)}x`,
];

function figureRows(f: Partial<WindowsFigures>): string[][] {
  const { latency: l, burst: b, open: o, catchUp: c, memory: m } = f;
  const rows: string[][] = [];
  if (l) rows.push(row('latency p50 (ms)', l.loopchat.p50Ms, l.bare.p50Ms));
  if (l) rows.push(row('latency p99 (ms)', l.loopchat.p99Ms, l.bare.p99Ms));
  if (b) {
    rows.push(row('burst p99 (ms)', b.loopchat.p99Ms, b.bare.p99Ms));
    const held = (k: PageKind) => `${b[k].held} / ${b[k].messages} / ${b[k].expected}`;
    rows.push(['burst held / shown / sent', held('loopchat'), held('bare'), '']);
  }
  if (o) rows.push(row('new window usable p50 (ms)', o.loopchat.p50Ms, o.bare.p50Ms));
  if (o) rows.push(row('new window usable p95 (ms)', o.loopchat.p95Ms, o.bare.p95Ms));
  if (c) {
    rows.push(row('catch-up of 2,000 (ms, median)', c.loopchat.medianMs, c.bare.medianMs));
    const gained = (k: PageKind) => c[k].rowsGained.join(' / ');
    rows.push(['catch-up: rows gained per cycle', gained('loopchat'), gained('bare'), '']);
  }
  if (!m) return rows;
  const end = (k: PageKind) => m[k].samples.at(-1);
  const heap = (k: PageKind) => `${end(k)?.heapMiB} / ${m[k].lastHalfGrowth.heapMiB}`;
  const nodes = (k: PageKind) => `${end(k)?.documentNodes} / ${m[k].lastHalfGrowth.documentNodes}`;
  const closed = m.loopchat.afterClosingInspector;
  rows.push(['heap MiB at end / growth over last half', heap('loopchat'), heap('bare'), '']);
  rows.push(['DOM nodes at end / growth over last half', nodes('loopchat'), nodes('bare'), '']);
  rows.push([
    'inspector closed: heap MiB / DOM nodes',
    `${closed?.heapMiB} / ${closed?.documentNodes}`,
    '',
    '',
  ]);
  return rows;
}

export function printWindows(
  result: Partial<WindowsFigures> & {
    machine: { cores: number; chromium: string; loadAverage: Record<string, number[]> };
    targets: WindowsVerdict[];
    breakdown: Record<string, Record<PageKind, Breakdown>> | null;
  },
): void {
  const rows = [['figure', 'loopchat', 'bare page', 'ratio'], ...figureRows(result)];
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
  console.log('\nwhere the time goes (main thread CPU, inclusive ms per message / per start):');
  for (const [name, b] of Object.entries(result.breakdown)) {
    for (const line of breakdownLines(name, b)) console.log(`  ${line}`);
  }
}
