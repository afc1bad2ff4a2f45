// `npm run bench`: the Loopchat hub against a bare ws relay, side by side, interleaved.
//   node out/bench/run.js [--smoke] [--only fanout|idle|files] [--out file.json] [--profile]
//                         [--clients 10,100] [--repetitions 3] [--window 32] [--pin]
//                         [--shapes two-senders,all-send] [--skip-joined]
// --profile writes a V8 CPU profile of every hub process to bench/results/profiles/.
// --clients sets N for every shape; --window is the two-senders window (all-send keeps its own).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin } from './children';
import { speaksLoopchat, type ServerKind, type Shape } from './ipc';
import { FULL, SMOKE, type BenchConfig, type ShapeConfig } from './config';
import { spread } from './stats';
import { fanoutRun, idleRun, type FanoutRun, type IdleRun, type IdleVariant } from './measure';
import { fileFanoutRun, type FileRun, type FileVariant } from './file-fanout';
import {
  deflateTable,
  fanoutTable,
  filesTable,
  idleTable,
  SHAPE_NAMES,
  summarise,
  summariseFiles,
  verdicts,
  verdictTable,
  type BenchResult,
} from './report';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    clients: { type: 'string' },
    repetitions: { type: 'string' },
    window: { type: 'string' },
    shapes: { type: 'string' },
    pin: { type: 'boolean', default: false },
    'skip-joined': { type: 'boolean', default: false },
  },
});

const base: BenchConfig = args.smoke ? SMOKE : FULL;

/** The shapes to run, with --shapes, --clients and --window applied. */
function chosenShapes(): ShapeConfig[] {
  const wanted = args.shapes?.split(',');
  const known = new Set<string>(base.shapes.map((s) => s.shape));
  const unknown = wanted?.filter((name) => !known.has(name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown shape(s): ${unknown.join(', ')}`);
  return base.shapes
    .filter((s) => wanted?.includes(s.shape) ?? true)
    .map((s) => ({
      ...s,
      clientCounts: args.clients?.split(',').map(Number) ?? s.clientCounts,
      window: s.shape === 'two-senders' && args.window ? Number(args.window) : s.window,
    }));
}

// Overrides for quick experiments; the config used is printed and saved with the results.
const config: BenchConfig = {
  ...base,
  shapes: chosenShapes(),
  repetitions: Number(args.repetitions ?? base.repetitions),
  pinCores: Boolean(args.pin) && canPin,
};
const resultsDir = resolve('bench/results');

function fileLimit(): { soft: string; hard: string } {
  const limit = (flag: string) =>
    execFileSync('/bin/sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
  return { soft: limit('-Sn'), hard: limit('-Hn') };
}

function machine() {
  const version = (pkg: string) =>
    (
      JSON.parse(readFileSync(resolve('node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ws: version('ws'),
    openFilesLimit: fileLimit(),
    /** os.loadavg() (1, 5, 15 min) when the run started: was the machine busy? */
    loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

function print(line = ''): void {
  console.log(line);
}

function printRun(run: FanoutRun): void {
  const s = run.saturation;
  print(
    `  rep ${run.repetition} ${run.shape.padEnd(11)} N=${String(run.clients).padEnd(3)} ` +
      `${run.variant.padEnd(12)} ` +
      `${(run.deliveriesPerSec / 1000).toFixed(1).padStart(6)}k deliveries/s  ` +
      `${run.cpuMicrosPerDelivery.toFixed(2)} µs CPU/delivery  ` +
      `p50 ${s.p50Ms.toFixed(2)} p99 ${s.p99Ms.toFixed(2)} ms  ` +
      `light p50 ${run.light.p50Ms.toFixed(3)} ms` +
      (s.deliveries < s.expected ? `  TIMED OUT ${s.deliveries}/${s.expected}` : '') +
      (s.errorFrames > 0 ? `  ${s.errorFrames} error frames` : ''),
  );
}

interface Cell {
  shape: ShapeConfig;
  clients: number;
}

/** The widest throughput spread (max / min) of the bare relay's and the hub's runs in a cell. */
function cellSpread(runs: readonly FanoutRun[], { shape, clients }: Cell): number {
  const spreads = (['bare', 'hub'] as const).map((variant) =>
    spread(
      runs
        .filter((r) => r.shape === shape.shape && r.clients === clients && r.variant === variant)
        .map((r) => r.deliveriesPerSec),
    ),
  );
  return Math.max(...spreads.filter((v) => Number.isFinite(v)), 1);
}

async function fanout(): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  const profileArgs = (variant: ServerKind) =>
    args.profile && speaksLoopchat(variant)
      ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`]
      : [];
  const cells: Cell[] = config.shapes.flatMap((shape) =>
    shape.clientCounts.map((clients) => ({ shape, clients })),
  );
  // Every variant once, in an order rotated per repetition and cell.
  const repeat = async ({ shape, clients }: Cell, repetition: number, index: number) => {
    const shift = (repetition + index) % config.variants.length;
    const order = [...config.variants.slice(shift), ...config.variants.slice(0, shift)];
    for (const variant of order) {
      const run = await fanoutRun(
        config,
        variant,
        shape,
        clients,
        repetition,
        profileArgs(variant),
      );
      runs.push(run);
      printRun(run);
    }
  };
  for (let repetition = 1; repetition <= config.repetitions; repetition++) {
    for (const [index, cell] of cells.entries()) await repeat(cell, repetition, index);
  }
  for (const [index, cell] of cells.entries()) {
    for (let repetition = config.repetitions + 1; ; repetition++) {
      const wide = cellSpread(runs, cell);
      if (repetition > config.spread.maxRepetitions || wide <= config.spread.limit) break;
      print(`  spread ${wide.toFixed(2)}x at ${cell.shape.shape} N=${cell.clients}: once more`);
      await repeat(cell, repetition, index);
    }
  }
  return runs;
}

async function idle(): Promise<IdleRun[]> {
  const runs: IdleRun[] = [];
  // RSS is noisy: the compared pair is measured interleaved, once per repetition; the slow
  // "joined" run (a minute of presence fan-out) once at the end.
  const order: IdleVariant[] = [];
  for (let repetition = 1; repetition <= config.repetitions; repetition++) {
    order.push(...(repetition % 2 === 1 ? (['bare', 'hub'] as const) : (['hub', 'bare'] as const)));
  }
  if (!args['skip-joined']) order.push('hub-joined');
  for (const variant of order) {
    const run = await idleRun(config, variant);
    runs.push(run);
    print(
      `  ${variant.padEnd(10)} ${run.open} open in ${(run.elapsedMs / 1000).toFixed(1)} s, ` +
        `${run.mibPer1000AtSample?.toFixed(2) ?? '–'} MiB per 1,000` +
        (run.firstError ? `; first error: ${run.firstError}` : ''),
    );
  }
  return runs;
}

/** One file to N windows, bare and hub alternating, `repetitions` times each. */
async function files(): Promise<FileRun[]> {
  const runs: FileRun[] = [];
  for (let repetition = 1; repetition <= config.files.repetitions; repetition++) {
    const order: FileVariant[] = repetition % 2 === 1 ? ['bare', 'hub'] : ['hub', 'bare'];
    for (const variant of order) {
      const run = await fileFanoutRun(config, variant, repetition);
      runs.push(run);
      print(
        `  rep ${repetition} ${variant.padEnd(4)} ${run.mibPerSec.toFixed(1).padStart(7)} MiB/s  ` +
          `${run.elapsedMs.toFixed(0)} ms  peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(1)} MiB` +
          (run.verified ? '' : '  BYTES DIFFER'),
      );
    }
  }
  return runs;
}

function shapeHeading(shape: Shape, window: number): string {
  const who = shape === 'two-senders' ? 'each of the two senders' : 'each client';
  return `${SHAPE_NAMES[shape]} (${who} keeps ${window} in flight)`;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const host = machine();
  print(`Loopchat hub benchmark (${config.name})`);
  print(`machine: ${JSON.stringify(host)}`);
  print(`config:  ${JSON.stringify(config)}`);
  const limit = Number(host.openFilesLimit.soft);
  if (Number.isFinite(limit) && limit < config.idle.maxClients + 100) {
    print(`warning: ulimit -n is ${limit}; idle scale will stop at the file-descriptor limit`);
  }

  const runsPhase = (phase: string) => args.only === undefined || args.only === phase;
  print('\nfan-out runs:');
  const runs = runsPhase('fanout') ? await fanout() : [];
  print('\nidle-scale runs:');
  const idleRuns = runsPhase('idle') ? await idle() : [];
  print('\nfile runs:');
  const fileRuns = runsPhase('files') ? await files() : [];
  const filesSummary = summariseFiles(fileRuns);

  const summaries = runs.length > 0 ? summarise(runs, config.shapes, config.variants) : [];
  const targetList = verdicts(summaries, idleRuns);
  const seconds = (Date.now() - startedAt) / 1000;

  for (const { shape, window } of summaries.length > 0 ? config.shapes : []) {
    print(
      `\nFan-out, ${shapeHeading(shape, window)}, medians of ${config.repetitions}+ interleaved repetitions (more where the spread was over ${config.spread.limit}x):`,
    );
    print(fanoutTable(summaries.filter((s) => s.shape === shape)));
  }
  const deflate = deflateTable(summaries);
  if (deflate) {
    print(
      '\npermessage-deflate on against off, the same ~2 KiB chat texts (hub-deflate / hub-long):',
    );
    print(deflate);
  }
  if (idleRuns.length > 0) {
    print('\nIdle scale:');
    print(idleTable(idleRuns));
  }
  if (filesSummary) {
    print(
      `\nOne ${filesSummary.fileMiB.toFixed(2)} MiB file to ${filesSummary.receivers} windows, medians of ${filesSummary.repetitions} interleaved repetitions:`,
    );
    print(filesTable(filesSummary));
    if (!filesSummary.allVerified) print('A receiver did not get exactly the bytes sent.');
  }
  if (targetList.length > 0) {
    print('\nTargets:');
    print(verdictTable(targetList));
  }
  print(`\nfinished in ${seconds.toFixed(0)} s`);

  const out =
    args.out ?? join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const result: BenchResult = {
    date: new Date().toISOString(),
    seconds,
    machine: { ...host, loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))) },
    config,
    fanout: summaries,
    idle: idleRuns,
    files: filesSummary,
    fileRuns,
    targets: targetList,
    runs,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  print(`results: ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
