// Latency histogram and the medians the report is built from. A histogram (not an array of
// samples) keeps recording O(1) and memory fixed however many deliveries a run makes.

import type { LatencySummary } from './ipc';

const FINE_BUCKETS = 10_000; // 1 µs each, up to 10 ms
const COARSE_BUCKETS = 100_000; // 100 µs each, up to ~10 s

export class LatencyHistogram {
  private readonly counts = new Uint32Array(FINE_BUCKETS + COARSE_BUCKETS);
  private total = 0;

  record(ms: number): void {
    const micros = Math.max(0, ms * 1000);
    const bucket =
      micros < FINE_BUCKETS
        ? Math.floor(micros)
        : Math.min(
            FINE_BUCKETS + Math.floor((micros - FINE_BUCKETS) / 100),
            this.counts.length - 1,
          );
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
  }

  /** The latency (ms) at or below which `fraction` of the samples fall; NaN when empty. */
  quantile(fraction: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.ceil(fraction * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank)
        return i < FINE_BUCKETS ? i / 1000 : (FINE_BUCKETS + (i - FINE_BUCKETS) * 100) / 1000;
    }
    return Number.NaN;
  }

  summary(): LatencySummary {
    return { p50Ms: this.quantile(0.5), p99Ms: this.quantile(0.99) };
  }
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** max / min of the finite values: 1 when they agree, NaN when there are none. */
export function spread(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return Number.NaN;
  return Math.max(...finite) / Math.min(...finite);
}
