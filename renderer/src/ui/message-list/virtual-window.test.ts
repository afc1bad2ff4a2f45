import { describe, expect, it } from 'vitest';
import { RowStore } from './row-store';
import { anchorAt, joinColumns, topForAnchor, visibleRange } from './virtual-window';

function column(heights: number[]): RowStore<number> {
  const store = new RowStore<number>();
  heights.forEach((height, i) => store.append(i, height));
  return store;
}

describe('visibleRange', () => {
  const rows = column(Array.from({ length: 100_000 }, () => 50));

  it('renders only the rows in and around the viewport', () => {
    const range = visibleRange(rows, { top: 50_000, height: 500, overscan: 100, maxRows: 100 });
    expect(range).toEqual({ start: 998, end: 1013 });
  });

  it('reaches the first and the last row', () => {
    expect(visibleRange(rows, { top: 0, height: 500, overscan: 0, maxRows: 100 })).toEqual({
      start: 0,
      end: 11,
    });
    const top = rows.totalHeight - 500;
    const end = visibleRange(rows, { top, height: 500, overscan: 200, maxRows: 100 });
    expect(end.end).toBe(100_000);
    expect(end.start).toBe(99_986);
  });

  it('never renders more than maxRows, keeping the viewport covered', () => {
    const tiny = column(Array.from({ length: 1000 }, () => 2));
    const range = visibleRange(tiny, { top: 1000, height: 40, overscan: 400, maxRows: 60 });
    expect(range.end - range.start).toBe(60);
    expect(range.start).toBeLessThanOrEqual(500);
    expect(range.end).toBeGreaterThan(520);
  });

  it('is empty for no rows', () => {
    expect(visibleRange(column([]), { top: 0, height: 500, overscan: 0, maxRows: 9 })).toEqual({
      start: 0,
      end: 0,
    });
  });
});

describe('anchoring', () => {
  it('keeps the row being read in place when rows above it are measured taller', () => {
    const rows = column([40, 40, 40, 40, 40]);
    const anchor = anchorAt(rows, 90); // 10 px into row 2
    expect(anchor).toEqual({ index: 2, within: 10 });
    const first = rows.at(0);
    if (!first || !anchor) throw new Error('setup');
    rows.setHeight(first, 100); // measured: 60 px taller than estimated
    expect(topForAnchor(rows, anchor)).toBe(150);
  });
});

describe('joinColumns (timeline, then pending messages)', () => {
  it('reads as one column', () => {
    const joined = joinColumns(column([10, 10]), column([30]));
    expect(joined.length).toBe(3);
    expect(joined.totalHeight).toBe(50);
    expect(joined.offsetOf(2)).toBe(20);
    expect(joined.offsetOf(3)).toBe(50);
    expect(joined.indexAtOffset(5)).toBe(0);
    expect(joined.indexAtOffset(25)).toBe(2);
    expect(joined.indexAtOffset(999)).toBe(2);
    expect(joinColumns(column([10]), column([])).indexAtOffset(999)).toBe(0);
    expect(joinColumns(column([]), column([10])).indexAtOffset(0)).toBe(0);
  });
});
