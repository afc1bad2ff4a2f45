// Turns the runs into medians, hub/bare ratios, target verdicts and printable tables.

import type { BenchConfig, ShapeConfig } from './config';
import type { FileRun, FileVariant } from './file-fanout';
import type { FanoutRun, IdleRun, IdleVariant } from './measure';
import { sendsLongText, type ServerKind, type Shape } from './ipc';
import { median, spread } from './stats';

export interface Medians {
  deliveriesPerSec: number;
  cpuMicrosPerDelivery: number;
  saturationP50Ms: number;
  saturationP99Ms: number;
  lightP50Ms: number;
  lightP99Ms: number;
}

/** A server against the bare relay at the same N: throughput above 1x is better, the rest below. */
export interface VersusBare {
  throughput: number;
  cpuPerDelivery: number;
  saturationP99: number;
  /** p50 − bare p50 at light load: what the server adds to one message's trip. */
  lightAddedP50Ms: number;
}

/** How far a variant's repetitions disagree: max / min (1 = all the same). */
export interface Spread {
  repetitions: number;
  deliveriesPerSec: number;
  cpuMicrosPerDelivery: number;
}

export interface VariantSummary {
  variant: ServerKind;
  medians: Medians;
  spread: Spread;
  /** null for the bare relay itself, and for the long-text pair (its texts are not bare's). */
  versusBare: VersusBare | null;
  /** hub-deflate only: the same ratios against hub-long, the same texts uncompressed. */
  versusDeflateOff?: VersusBare;
}

export interface FanoutSummary {
  shape: Shape;
  clients: number;
  variants: VariantSummary[];
}

/** What a run writes to bench/results/*.json. */
export interface BenchResult {
  date: string;
  seconds: number;
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    node: string;
    ws: string;
    openFilesLimit: { soft: string; hard: string };
    loadAverage: number[];
    loadAverageAtEnd: number[];
  };
  config: BenchConfig;
  fanout: FanoutSummary[];
  idle: IdleRun[];
  /** One file to several windows, hub against the bare relay (bench/file-fanout.ts). */
  files: FilesSummary | null;
  fileRuns: FileRun[];
  targets: TargetVerdict[];
  runs: FanoutRun[];
}

/** Medians of one server's file runs. */
export interface FileMedians {
  mibPerSec: number;
  elapsedMs: number;
  /** The hub only: until the upload was stored. */
  uploadMs: number | null;
  baselineRssMiB: number;
  peakRssMiB: number;
}

export interface FilesSummary {
  fileMiB: number;
  receivers: number;
  repetitions: number;
  bare: FileMedians;
  hub: FileMedians;
  /** Hub MiB/s over bare MiB/s. */
  throughputVersusBare: number;
  /** Every receiver of every run held exactly the file's bytes. */
  allVerified: boolean;
}

export interface TargetVerdict {
  target: string;
  measured: string;
  met: boolean;
}

function mediansOf(runs: readonly FanoutRun[]): Medians {
  const m = (pick: (run: FanoutRun) => number) => median(runs.map(pick));
  return {
    deliveriesPerSec: m((r) => r.deliveriesPerSec),
    cpuMicrosPerDelivery: m((r) => r.cpuMicrosPerDelivery),
    saturationP50Ms: m((r) => r.saturation.p50Ms),
    saturationP99Ms: m((r) => r.saturation.p99Ms),
    lightP50Ms: m((r) => r.light.p50Ms),
    lightP99Ms: m((r) => r.light.p99Ms),
  };
}

/** `m` against `base` (the bare relay, or the same hub without compression). */
function ratiosAgainst(m: Medians, bare: Medians): VersusBare {
  return {
    throughput: m.deliveriesPerSec / bare.deliveriesPerSec,
    cpuPerDelivery: m.cpuMicrosPerDelivery / bare.cpuMicrosPerDelivery,
    saturationP99: m.saturationP99Ms / bare.saturationP99Ms,
    lightAddedP50Ms: m.lightP50Ms - bare.lightP50Ms,
  };
}

/** Medians per shape, N and variant, each set against the bare relay's at the same shape and N. */
export function summarise(
  runs: readonly FanoutRun[],
  shapes: readonly ShapeConfig[],
  variants: readonly ServerKind[],
): FanoutSummary[] {
  return shapes.flatMap(({ shape, clientCounts }) =>
    clientCounts.map((clients) => {
      const runsOf = (variant: ServerKind) =>
        runs.filter((r) => r.shape === shape && r.clients === clients && r.variant === variant);
      const of = (variant: ServerKind) => mediansOf(runsOf(variant));
      const spreadOf = (variant: ServerKind): Spread => {
        const own = runsOf(variant);
        return {
          repetitions: own.length,
          deliveriesPerSec: spread(own.map((r) => r.deliveriesPerSec)),
          cpuMicrosPerDelivery: spread(own.map((r) => r.cpuMicrosPerDelivery)),
        };
      };
      const bare = of('bare');
      const againstBare = (variant: ServerKind) => variant !== 'bare' && !sendsLongText(variant);
      return {
        shape,
        clients,
        variants: variants.map((variant) => {
          const m = of(variant);
          const deflateOff =
            variant === 'hub-deflate' && variants.includes('hub-long')
              ? { versusDeflateOff: ratiosAgainst(m, of('hub-long')) }
              : {};
          return {
            variant,
            medians: m,
            spread: spreadOf(variant),
            versusBare: againstBare(variant) ? ratiosAgainst(m, bare) : null,
            ...deflateOff,
          };
        }),
      };
    }),
  );
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;

export const SHAPE_NAMES: Record<Shape, string> = {
  'two-senders': 'two senders',
  'all-send': 'all clients send',
};

export const VARIANT_NAMES: Record<ServerKind, string> = {
  bare: 'bare ws',
  'bare-batched': 'bare ws, batched',
  hub: 'Loopchat hub',
  'hub-file': 'hub + history file',
  'hub-long': 'hub, 2 KiB texts',
  'hub-deflate': 'hub + deflate, 2 KiB texts',
};

/** Median RSS per 1,000 idle clients of a variant's runs (the slope where there is one). */
export function idleMedian(runs: readonly IdleRun[], variant: IdleVariant): number | null {
  const values = runs
    .filter((r) => r.variant === variant)
    .flatMap((r) => {
      const value = r.mibPer1000Slope ?? r.mibPer1000AtSample;
      return value === null ? [] : [value];
    });
  return values.length > 0 ? median(values) : null;
}

/** "spread: bare 1.31x, hub 1.05x over 5 runs": how far to trust a ratio of medians. */
function spreadNote(s: FanoutSummary): string {
  const of = (variant: ServerKind) => s.variants.find((v) => v.variant === variant)?.spread;
  const bare = of('bare');
  const hub = of('hub');
  if (!bare || !hub) return 'spread unknown';
  return `spread: bare ${x(bare.deliveriesPerSec)}, hub ${x(hub.deliveriesPerSec)} over ${bare.repetitions} runs`;
}

/** The targets one server is held to at one shape and N. */
function fanoutVerdicts(s: FanoutSummary, variant: ServerKind, r: VersusBare): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const who = `${VARIANT_NAMES[variant]}, ${SHAPE_NAMES[s.shape]}`;
  const atScale = s.clients === 10 || s.clients === 100;
  if (atScale) {
    out.push({
      target: `${who}: throughput >= 0.90x bare at N=${s.clients}`,
      measured: x(r.throughput),
      met: r.throughput >= 0.9,
    });
  }
  // A regression guard, not a test: the hub's batching should keep it well ahead of bare ws.
  // The same guard in CPU terms (half the server CPU per delivery) is the steadier of the two:
  // deliveries/s also depend on how the server and the client driver share the 2 cores.
  if (atScale && variant === 'hub') {
    const spreads = spreadNote(s);
    out.push({
      target: `${who}: throughput >= 2x bare at N=${s.clients} (guard)`,
      measured: `${x(r.throughput)} (${spreads})`,
      met: r.throughput >= 2,
    });
    out.push({
      target: `${who}: CPU per delivery <= 0.5x bare at N=${s.clients} (guard)`,
      measured: x(r.cpuPerDelivery),
      met: r.cpuPerDelivery <= 0.5,
    });
  }
  if (s.clients === 100) {
    out.push({
      target: `${who}: CPU per delivery <= 1.15x bare at N=100`,
      measured: x(r.cpuPerDelivery),
      met: r.cpuPerDelivery <= 1.15,
    });
  }
  // The light phase is the same in both shapes: judged once, in the two-senders runs.
  if (s.clients <= 10 && s.shape === 'two-senders') {
    out.push({
      target: `${VARIANT_NAMES[variant]}: light-load added p50 <= 0.20 ms at N=${s.clients}`,
      measured: `${r.lightAddedP50Ms.toFixed(3)} ms`,
      met: r.lightAddedP50Ms <= 0.2,
    });
  }
  return out;
}

export function verdicts(
  summaries: readonly FanoutSummary[],
  idle: readonly IdleRun[],
): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  for (const s of summaries) {
    for (const { variant, versusBare: r } of s.variants) {
      // The batched relay is a reference point, not a server held to the targets.
      if (r && variant !== 'bare-batched') out.push(...fanoutVerdicts(s, variant, r));
    }
  }
  const bare = idleMedian(idle, 'bare');
  const hub = idleMedian(idle, 'hub');
  // Tiny (smoke) runs can show RSS shrinking; a ratio of those would mean nothing.
  if (bare != null && hub != null && bare > 0) {
    out.push({
      target: 'idle memory per client <= 1.5x bare',
      measured: x(hub / bare),
      met: hub / bare <= 1.5,
    });
  }
  return out;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

/** One shape's runs: a row per N and server, its ratios to bare ws beside the values. */
export function fanoutTable(summaries: readonly FanoutSummary[]): string {
  const ratio = (r: VersusBare | null, pick: (r: VersusBare) => number) => (r ? x(pick(r)) : '');
  const rows = summaries.flatMap((s) =>
    s.variants.map(({ variant, medians: m, spread: sp, versusBare: r }) => [
      `N=${s.clients} ${VARIANT_NAMES[variant]}`,
      fixed(m.deliveriesPerSec / 1000, 1),
      `${x(sp.deliveriesPerSec)} / ${sp.repetitions}`,
      ratio(r, (v) => v.throughput),
      fixed(m.cpuMicrosPerDelivery, 2),
      ratio(r, (v) => v.cpuPerDelivery),
      fixed(m.saturationP50Ms, 2),
      fixed(m.saturationP99Ms, 2),
      fixed(m.lightP50Ms, 3),
      fixed(m.lightP99Ms, 3),
    ]),
  );
  return table(
    [
      'clients, server',
      'k deliveries/s',
      'spread / runs',
      'x bare',
      'server CPU µs/delivery',
      'x bare',
      'sat. p50 ms',
      'sat. p99 ms',
      'light p50 ms',
      'light p99 ms',
    ],
    rows,
  );
}

/** What permessage-deflate costs: hub-deflate against hub-long, the same ~2 KiB texts. */
export function deflateTable(summaries: readonly FanoutSummary[]): string | null {
  const rows = summaries.flatMap((s) => {
    const r = s.variants.find((v) => v.variant === 'hub-deflate')?.versusDeflateOff;
    if (!r) return [];
    return [
      [
        `${SHAPE_NAMES[s.shape]}, N=${s.clients}`,
        x(r.throughput),
        x(r.cpuPerDelivery),
        x(r.saturationP99),
        fixed(r.lightAddedP50Ms, 3),
      ],
    ];
  });
  if (rows.length === 0) return null;
  return table(
    [
      'shape, clients',
      'throughput x off',
      'CPU µs/delivery x off',
      'sat. p99 x off',
      'light +p50 ms',
    ],
    rows,
  );
}

const mib = (value: number | null) => (value === null ? '–' : value.toFixed(2));

export function idleTable(runs: readonly IdleRun[]): string {
  const names = {
    bare: 'bare ws',
    hub: 'Loopchat hub (connected)',
    'hub-joined': 'Loopchat hub (joined)',
  };
  return table(
    [
      'server',
      'MiB RSS / 1,000: first',
      'then (slope)',
      'overall',
      'JS heap (slope)',
      'clients open',
      'seconds',
      'first error',
    ],
    runs.map((r) => [
      names[r.variant],
      mib(r.mibPer1000AtSample),
      mib(r.mibPer1000Slope),
      mib(r.mibPer1000AtEnd),
      mib(r.heapMibPer1000Slope),
      String(r.open),
      (r.elapsedMs / 1000).toFixed(1),
      r.firstError ?? 'none',
    ]),
  );
}

export function verdictTable(list: readonly TargetVerdict[]): string {
  return table(
    ['target', 'measured', 'met'],
    list.map((v) => [v.target, v.measured, v.met ? 'yes' : 'NO']),
  );
}

const MiB = 2 ** 20;

/** The file runs' medians per server and the hub's throughput against the bare relay's. */
export function summariseFiles(runs: readonly FileRun[]): FilesSummary | null {
  const first = runs[0];
  if (!first) return null;
  const of = (variant: FileVariant): FileMedians => {
    const own = runs.filter((r) => r.variant === variant);
    const m = (pick: (run: FileRun) => number) => median(own.map(pick));
    const uploads = own.flatMap((r) => (r.uploadMs === null ? [] : [r.uploadMs]));
    return {
      mibPerSec: m((r) => r.mibPerSec),
      elapsedMs: m((r) => r.elapsedMs),
      uploadMs: uploads.length > 0 ? median(uploads) : null,
      baselineRssMiB: m((r) => r.baselineRssBytes) / MiB,
      peakRssMiB: m((r) => r.peakRssBytes) / MiB,
    };
  };
  const bare = of('bare');
  const hub = of('hub');
  return {
    fileMiB: first.fileBytes / MiB,
    receivers: first.receivers,
    repetitions: runs.filter((r) => r.variant === 'hub').length,
    bare,
    hub,
    throughputVersusBare: hub.mibPerSec / bare.mibPerSec,
    allVerified: runs.every((r) => r.verified),
  };
}

export function filesTable(s: FilesSummary): string {
  const row = (name: string, m: FileMedians, ratio: string): string[] => [
    name,
    fixed(m.mibPerSec, 1),
    ratio,
    fixed(m.elapsedMs, 0),
    m.uploadMs === null ? '' : fixed(m.uploadMs, 0),
    fixed(m.baselineRssMiB, 1),
    fixed(m.peakRssMiB, 1),
    fixed(m.peakRssMiB - m.baselineRssMiB, 1),
  ];
  return table(
    [
      'server',
      'MiB/s delivered',
      'x bare',
      'ms to the last byte',
      'of which upload ms',
      'RSS before MiB',
      'peak RSS MiB',
      'peak − before',
    ],
    [row('bare ws', s.bare, ''), row('Loopchat hub', s.hub, x(s.throughputVersusBare))],
  );
}
