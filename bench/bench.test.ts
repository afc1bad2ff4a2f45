// Smoke test: the benchmark's processes and phases work end to end with tiny counts. It checks
// that every message arrived and nothing failed — never how fast anything was.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import type { BenchResult } from './report';

const root = resolve(import.meta.dirname, '..');
// Inside the repo, so the bundles' external imports (ws) resolve from node_modules.
const outDir = mkdtempSync(join(root, 'out', 'bench-smoke-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('runs the fan-out, idle-scale and file phases against every server and reports them', async () => {
  await build({
    entryPoints: ['run', 'server-process', 'driver-process'].map((f) =>
      join(root, 'bench', `${f}.ts`),
    ),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outdir: outDir,
    logLevel: 'warning',
  });
  const resultFile = join(outDir, 'result.json');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(outDir, 'run.js'), '--smoke', '--out', resultFile],
    { cwd: root, timeout: 80_000 },
  );

  expect(stdout).toContain('Fan-out, two senders');
  expect(stdout).toContain('Fan-out, all clients send');
  // Deliveries/s, then the spread over the repetitions (one here), then the ratio to bare.
  expect(stdout).toMatch(/\| N=12 Loopchat hub +\| +[\d.]+ \| +1\.00x \/ 1 \| +[\d.]+x \|/);
  // Compression priced against the same hub and texts without it, per shape and N.
  expect(stdout).toMatch(/\| two senders, N=2 +\| +[\d.]+x \| +[\d.]+x \|/);
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult;
  const variants = ['bare', 'bare-batched', 'hub', 'hub-deflate', 'hub-file', 'hub-long'];
  // Every variant once per shape, at the smoke config's N (12 senders: two-digit indices).
  expect(result.runs.map((r) => `${r.shape} ${r.clients} ${r.variant}`).sort()).toEqual([
    ...variants.map((v) => `all-send 12 ${v}`),
    ...variants.map((v) => `two-senders 2 ${v}`),
  ]);
  expect(result.fanout.map((s) => `${s.shape} ${s.clients}`)).toEqual([
    'two-senders 2',
    'all-send 12',
  ]);
  for (const summary of result.fanout) {
    for (const v of summary.variants) expect(v.spread.repetitions).toBe(1);
  }
  // The hub guard in both forms, throughput and CPU per delivery, is judged only at N=10 and
  // N=100; the smoke run has neither, so it reports no guard at all.
  expect(result.targets.some((t) => t.target.includes('(guard)'))).toBe(false);
  for (const run of result.runs) {
    // Every chat message reached every client, and the hub refused nothing.
    expect(run.saturation.deliveries).toBe(run.saturation.expected);
    expect(run.light.deliveries).toBe(run.light.expected);
    expect(run.saturation.errorFrames).toBe(0);
    expect(run.saturation.sent).toBe(run.saturation.expected / run.clients);
    expect(run.serverCpuMicros).toBeGreaterThan(0);
  }
  // The file row: the same file to every receiver through both servers, each copy exact.
  expect(stdout).toContain('One 0.29 MiB file to 3 windows');
  expect(result.fileRuns.map((r) => [r.variant, r.receivers, r.verified])).toEqual([
    ['bare', 3, true],
    ['hub', 3, true],
  ]);
  expect(result.files?.allVerified).toBe(true);
  expect(result.files?.hub.uploadMs).toBeGreaterThan(0);
  for (const run of result.fileRuns) expect(run.peakRssBytes).toBeGreaterThan(0);
  expect(result.idle.map((r) => [r.variant, r.open, r.firstError])).toEqual([
    ['bare', result.config.idle.maxClients, null],
    ['hub', result.config.idle.maxClients, null],
    ['hub-joined', result.config.idle.maxClients, null],
  ]);
  // Seconds on an idle 2-core machine (28 s on a busy one); the limit only stops a hung child.
}, 90_000);
