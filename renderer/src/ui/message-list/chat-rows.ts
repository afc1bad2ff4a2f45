// Every row of the chat list in memory, in display order: the timeline (timeline-rows.ts), then
// the pending messages (pending-rows.ts), seen by the windowing maths as one column. No DOM.
//
// The timeline shown is the live one (the newest messages, with any older pages joined above
// them) or, after a jump to an old search result, a window of older history in its place: the
// live timeline keeps taking arrivals meanwhile, unseen, and the messages being sent show only
// under the live one (they are the newest).

import type { Row } from './row-elements';
import { HeightEstimates } from './row-heights';
import { RowStore, type Slot } from './row-store';
import { PendingRows } from './pending-rows';
import { TimelineRows } from './timeline-rows';
import { joinColumns, type HeightIndex } from './virtual-window';

/** A column that is whichever store `current` gives at the moment it is read. */
function columnOf(current: () => HeightIndex): HeightIndex {
  return {
    get length() {
      return current().length;
    },
    get totalHeight() {
      return current().totalHeight;
    },
    offsetOf: (index) => current().offsetOf(index),
    indexAtOffset: (y) => current().indexAtOffset(y),
  };
}

export class ChatRows {
  readonly heights = new HeightEstimates();
  /** The newest messages as they arrive, and the older pages joined above them. */
  readonly live = new TimelineRows(this.heights);
  /** Older history shown instead of the live timeline (a search result jumped to). */
  readonly window = new TimelineRows(this.heights);
  readonly pending = new PendingRows(this.heights);
  private windowShown = false;
  private readonly noRows = new RowStore<Row>();
  /** Both columns end to end. */
  readonly all: HeightIndex = joinColumns(
    columnOf(() => this.timeline.store),
    columnOf(() => this.pendingShown),
  );

  /** The timeline on screen: the window of older history, or the live one. */
  get timeline(): TimelineRows {
    return this.windowShown ? this.window : this.live;
  }

  get showsWindow(): boolean {
    return this.windowShown;
  }

  /** Shows an empty window of older history instead of the live timeline. */
  showWindow(): void {
    this.window.clear();
    this.windowShown = true;
  }

  /** Back to the live timeline; the window's rows are let go. */
  showLive(): void {
    this.window.clear();
    this.windowShown = false;
  }

  private get pendingShown(): RowStore<Row> {
    return this.windowShown ? this.noRows : this.pending.store;
  }

  /** A row's position in the whole list, or -1 if it is not on screen. */
  indexOf(slot: Slot<Row>): number {
    const timeline = this.timeline.store;
    const inTimeline = timeline.indexOf(slot);
    if (inTimeline >= 0) return inTimeline;
    const inPending = this.pendingShown.indexOf(slot);
    return inPending >= 0 ? timeline.length + inPending : -1;
  }

  /** Rows [start, end) of the whole list, in order. */
  slotsIn(start: number, end: number): Slot<Row>[] {
    const timeline = this.timeline.store;
    const split = timeline.length;
    return [
      ...timeline.slice(start, Math.min(end, split)),
      ...this.pendingShown.slice(Math.max(0, start - split), end - split),
    ];
  }

  storeOf(slot: Slot<Row>): RowStore<Row> {
    return this.timeline.store.contains(slot) ? this.timeline.store : this.pending.store;
  }

  /** Text wraps differently now: every stored height is only an estimate again. */
  invalidateMeasurements(): void {
    this.live.store.invalidateMeasurements();
    this.window.store.invalidateMeasurements();
    this.pending.store.invalidateMeasurements();
  }
}
