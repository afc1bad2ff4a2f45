// Every row of the chat list in memory, in display order: the timeline (timeline-rows.ts), then
// the pending messages (pending-rows.ts), seen by the windowing maths as one column. No DOM.

import type { Row } from './row-elements';
import { HeightEstimates } from './row-heights';
import type { RowStore, Slot } from './row-store';
import { PendingRows } from './pending-rows';
import { TimelineRows } from './timeline-rows';
import { joinColumns, type HeightIndex } from './virtual-window';

export class ChatRows {
  readonly heights = new HeightEstimates();
  readonly timeline = new TimelineRows(this.heights);
  readonly pending = new PendingRows(this.heights);
  /** Both columns end to end. */
  readonly all: HeightIndex = joinColumns(this.timeline.store, this.pending.store);

  /** A row's position in the whole list, or -1 if it is no longer stored. */
  indexOf(slot: Slot<Row>): number {
    const inTimeline = this.timeline.store.indexOf(slot);
    if (inTimeline >= 0) return inTimeline;
    const inPending = this.pending.store.indexOf(slot);
    return inPending >= 0 ? this.timeline.store.length + inPending : -1;
  }

  /** Rows [start, end) of the whole list, in order. */
  slotsIn(start: number, end: number): Slot<Row>[] {
    const split = this.timeline.store.length;
    return [
      ...this.timeline.store.slice(start, Math.min(end, split)),
      ...this.pending.store.slice(Math.max(0, start - split), end - split),
    ];
  }

  storeOf(slot: Slot<Row>): RowStore<Row> {
    return this.timeline.store.contains(slot) ? this.timeline.store : this.pending.store;
  }

  /** Text wraps differently now: every stored height is only an estimate again. */
  invalidateMeasurements(): void {
    this.timeline.store.invalidateMeasurements();
    this.pending.store.invalidateMeasurements();
  }
}
