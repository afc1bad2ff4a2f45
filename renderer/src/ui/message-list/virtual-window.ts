// The maths of a windowed list: which rows to put in the DOM for a scroll position, and where
// to scroll so the row the reader was looking at stays put when heights above it change.
// DOM-free: it sees rows only through their heights, so it is unit-tested in Node.

/** Rows seen as a column of heights (a RowStore, or several joined end to end). */
export interface HeightIndex {
  readonly length: number;
  readonly totalHeight: number;
  /** Top of row `index`; `length` gives `totalHeight`. */
  offsetOf(index: number): number;
  /** The row covering pixel `y`, clamped to the first / last row; -1 when empty. */
  indexAtOffset(y: number): number;
}

/** Two columns end to end (the chat timeline, then the messages still being sent). */
export function joinColumns(first: HeightIndex, second: HeightIndex): HeightIndex {
  return {
    get length() {
      return first.length + second.length;
    },
    get totalHeight() {
      return first.totalHeight + second.totalHeight;
    },
    offsetOf(index) {
      if (index <= first.length) return first.offsetOf(index);
      return first.totalHeight + second.offsetOf(index - first.length);
    },
    indexAtOffset(y) {
      if (second.length === 0 || (first.length > 0 && y < first.totalHeight)) {
        return first.indexAtOffset(y);
      }
      return first.length + second.indexAtOffset(y - first.totalHeight);
    },
  };
}

export interface RowRange {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export interface WindowRequest {
  /** Scroll offset of the viewport's top within the rows (px, list padding excluded). */
  top: number;
  /** Viewport height (px). */
  height: number;
  /** Extra px rendered above and below, so fast scrolling rarely shows a gap. */
  overscan: number;
  /** Hard bound on rendered rows, whatever the heights say (keeps the DOM bounded). */
  maxRows: number;
}

/** The rows that intersect [top - overscan, top + height + overscan]. */
export function visibleRange(rows: HeightIndex, request: WindowRequest): RowRange {
  if (rows.length === 0) return { start: 0, end: 0 };
  const from = Math.max(0, request.top - request.overscan);
  const to = Math.max(from, request.top + request.height + request.overscan);
  const start = Math.max(0, rows.indexAtOffset(from));
  let end = Math.max(start, rows.indexAtOffset(to)) + 1;
  end = Math.min(end, rows.length);
  if (end - start > request.maxRows) {
    // Keep the rows around the viewport itself and trim the overscan first.
    const first = Math.max(
      start,
      rows.indexAtOffset(request.top) - Math.floor(request.maxRows / 4),
    );
    return { start: first, end: Math.min(end, first + request.maxRows) };
  }
  return { start, end };
}

/** Which row the reader is looking at, and how far into it (px) the viewport's top is. */
export interface Anchor {
  index: number;
  within: number;
}

export function anchorAt(rows: HeightIndex, top: number): Anchor | null {
  const index = rows.indexAtOffset(top);
  if (index < 0) return null;
  return { index, within: top - rows.offsetOf(index) };
}

/** The scroll offset that puts the anchor back where the reader saw it. */
export function topForAnchor(rows: HeightIndex, anchor: Anchor): number {
  return rows.offsetOf(anchor.index) + anchor.within;
}

/** Largest useful scroll offset: the bottom of the rows at the bottom of the viewport. */
export function bottomTop(rows: HeightIndex, viewportHeight: number): number {
  return Math.max(0, rows.totalHeight - viewportHeight);
}
