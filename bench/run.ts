// `npm run bench`: the Loopchat hub against a bare ws relay, side by side, interleaved.
//   node out/bench/run.js [--smoke] [--only fanout|idle] [--out file.json] [--profile]
//                         [--clients 10,100] [--repetitions 3] [--window 32] [--pin]
//                         [--skip-joined]
// --profile writes a V8 CPU profile of every hub process to bench/results/profiles/.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin } from './children';
import { speaksLoopchat, type ServerKind } from './ipc';
import { FULL, SMOKE, type BenchConfig } from './config';
import { fanoutRun, idleRun, type FanoutRun, type IdleRun, type IdleVariant } from './measure';
import {
  fanoutTable,
  idleTable,
  summarise,
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
    pin: { type: 'boolean', default: false },
    'skip-joined': { type: 'boolean', default: false },
  },
});

const base: BenchConfig = args.smoke ? SMOKE : FULL;
// Overrides for quick experiments; the config used is printed and saved with the results.
const config: BenchConfig = {
  ...base,
  clientCounts: args.clients?.split(',').map(Number) ?? base.clientCounts,
  repetitions: Number(args.repetitions ?? base.repetitions),
  pinCores: Boolean(args.pin) && canPin,
  saturation: { ...base.saturation, window: Number(args.window ?? base.saturation.window) },
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
  };
}

function print(line = ''): void {
  console.log(line);
}

async function fanout(): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  const profileArgs = (variant: ServerKind) =>
    args.profile && speaksLoopchat(variant)
      ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`]
      : [];
  for (let repetition = 1; repetition <= config.repetitions; repetition++) {
    for (const clients of config.clientCounts) {
      // Rotate which variant goes first, so none always runs on a "warmer" machine.
      const shift = (repetition + clients) % config.variants.length;
      const order = [...config.variants.slice(shift), ...config.variants.slice(0, shift)];
      for (const variant of order) {
        const run = await fanoutRun(config, variant, clients, repetition, profileArgs(variant));
        runs.push(run);
        const s = run.saturation;
        print(
          `  rep ${repetition} N=${String(clients).padEnd(3)} ${variant.padEnd(8)} ` +
            `${(run.deliveriesPerSec / 1000).toFixed(1).padStart(6)}k deliveries/s  ` +
            `${run.cpuMicrosPerDelivery.toFixed(2)} µs CPU/delivery  ` +
            `p50 ${s.p50Ms.toFixed(2)} p99 ${s.p99Ms.toFixed(2)} ms  ` +
            `light p50 ${run.light.p50Ms.toFixed(3)} ms` +
            (s.deliveries < s.expected ? `  TIMED OUT ${s.deliveries}/${s.expected}` : '') +
            (s.errorFrames > 0 ? `  ${s.errorFrames} error frames` : ''),
        );
      }
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

  print('\nfan-out runs:');
  const runs = args.only === 'idle' ? [] : await fanout();
  print('\nidle-scale runs:');
  const idleRuns = args.only === 'fanout' ? [] : await idle();

  const summaries = runs.length > 0 ? summarise(runs, config.clientCounts, config.variants) : [];
  const targetList = verdicts(summaries, idleRuns);
  const seconds = (Date.now() - startedAt) / 1000;

  if (summaries.length > 0) {
    print(`\nFan-out, medians of ${config.repetitions} interleaved repetitions:`);
    print(fanoutTable(summaries));
  }
  if (idleRuns.length > 0) {
    print('\nIdle scale:');
    print(idleTable(idleRuns));
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
    machine: host,
    config,
    fanout: summaries,
    idle: idleRuns,
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
