// Row heights before a row is measured: a first guess per kind, then the average of the rows
// of that kind measured so far, so the scrollbar is close to right for rows never rendered.

import type { RowKind } from './row-elements';

/** First guesses (px, gap included) until rows of that kind have been measured. */
const DEFAULT_HEIGHTS: Record<RowKind, number> = {
  chat: 66,
  pending: 66,
  system: 30,
  push: 28,
  day: 38,
  start: 38,
};

export class HeightEstimates {
  private readonly measured: Record<RowKind, { sum: number; count: number }> = {
    chat: { sum: 0, count: 0 },
    pending: { sum: 0, count: 0 },
    system: { sum: 0, count: 0 },
    push: { sum: 0, count: 0 },
    day: { sum: 0, count: 0 },
    start: { sum: 0, count: 0 },
  };

  estimate(kind: RowKind): number {
    const seen = this.measured[kind];
    return seen.count > 0 ? seen.sum / seen.count : DEFAULT_HEIGHTS[kind];
  }

  /** A row of this kind was measured at `height` px (gap included). */
  record(kind: RowKind, height: number): void {
    const stats = this.measured[kind];
    stats.sum += height;
    stats.count += 1;
  }
}
