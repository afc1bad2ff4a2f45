// The rows of a windowed list with their heights, kept in fixed-size chunks so that the
// operations a chat needs stay cheap at 100,000 rows: append is O(1), dropping the oldest rows
// is amortised O(1), and "which row is at pixel y" / "where does row i start" walk the chunk
// sums (a few hundred numbers) and then one chunk. DOM-free, so it is unit-tested in Node.
//
// A height is an estimate until the row has been measured in the current layout generation;
// `invalidateMeasurements()` (e.g. the list got narrower, so text wraps differently) keeps the
// old values as estimates rather than throwing them away, so the scrollbar does not jump.

export const CHUNK_SIZE = 256;

interface Chunk<T> {
  slots: Slot<T>[];
  /** Sum of the heights of `slots`. */
  sum: number;
}

export interface Slot<T> {
  readonly value: T;
  /** Current height in px: measured, or an estimate. */
  readonly height: number;
}

interface MutableSlot<T> extends Slot<T> {
  height: number;
  /** Layout generation in which `height` was measured; -1 for an estimate. */
  measuredIn: number;
  chunk: Chunk<T> | null;
}

export class RowStore<T> {
  private chunks: Chunk<T>[] = [];
  private count = 0;
  private total = 0;
  private generation = 0;

  get length(): number {
    return this.count;
  }

  /** Sum of all row heights in px. */
  get totalHeight(): number {
    return this.total;
  }

  append(value: T, estimate: number): Slot<T> {
    let last = this.chunks.at(-1);
    if (!last || last.slots.length >= CHUNK_SIZE) {
      last = { slots: [], sum: 0 };
      this.chunks.push(last);
    }
    const slot: MutableSlot<T> = { value, height: estimate, measuredIn: -1, chunk: last };
    last.slots.push(slot);
    last.sum += estimate;
    this.total += estimate;
    this.count += 1;
    return slot;
  }

  /**
   * Puts rows before the first one, in the order given (older history paged in). O(rows):
   * they get chunks of their own, so no existing row moves.
   */
  prepend(rows: readonly { value: T; estimate: number }[]): Slot<T>[] {
    const added: Chunk<T>[] = [];
    const slots: Slot<T>[] = [];
    for (let i = 0; i < rows.length; i += CHUNK_SIZE) {
      const chunk: Chunk<T> = { slots: [], sum: 0 };
      for (const { value, estimate } of rows.slice(i, i + CHUNK_SIZE)) {
        const slot: MutableSlot<T> = { value, height: estimate, measuredIn: -1, chunk };
        chunk.slots.push(slot);
        chunk.sum += estimate;
        slots.push(slot);
      }
      this.total += chunk.sum;
      this.count += chunk.slots.length;
      added.push(chunk);
    }
    this.chunks.unshift(...added);
    return slots;
  }

  /** The first row, from the oldest, for which `test` holds; -1 if none. */
  findIndex(test: (value: T) => boolean): number {
    let before = 0;
    for (const chunk of this.chunks) {
      const at = chunk.slots.findIndex((slot) => test(slot.value));
      if (at >= 0) return before + at;
      before += chunk.slots.length;
    }
    return -1;
  }

  /** Removes one row wherever it is (O(chunk size)). Returns false if it was not here. */
  remove(handle: Slot<T>): boolean {
    const slot = handle as MutableSlot<T>;
    const chunk = slot.chunk;
    if (!chunk) return false;
    const at = chunk.slots.indexOf(slot);
    if (at < 0) return false;
    chunk.slots.splice(at, 1);
    chunk.sum -= slot.height;
    this.total -= slot.height;
    this.count -= 1;
    slot.chunk = null;
    if (chunk.slots.length === 0) this.chunks.splice(this.chunks.indexOf(chunk), 1);
    return true;
  }

  /** Forgets the oldest rows, whole chunks at a time where possible; returns those dropped. */
  dropOldest(count: number): Slot<T>[] {
    const dropped: Slot<T>[] = [];
    let left = Math.min(count, this.count);
    while (left > 0) {
      const first = this.chunks[0];
      if (!first) break;
      const taken = first.slots.length <= left ? first.slots : first.slots.slice(0, left);
      if (taken === first.slots) this.chunks.shift();
      else first.slots.splice(0, left);
      for (const slot of taken as MutableSlot<T>[]) {
        first.sum -= slot.height;
        this.total -= slot.height;
        slot.chunk = null;
        dropped.push(slot);
      }
      this.count -= taken.length;
      left -= taken.length;
    }
    return dropped;
  }

  /** Forgets the newest rows (a page far below the reader); returns those dropped. */
  dropNewest(count: number): Slot<T>[] {
    const dropped: Slot<T>[] = [];
    let left = Math.min(count, this.count);
    while (left > 0) {
      const last = this.chunks.at(-1);
      if (!last) break;
      const taken = last.slots.splice(Math.max(0, last.slots.length - left));
      if (last.slots.length === 0) this.chunks.pop();
      for (const slot of taken as MutableSlot<T>[]) {
        last.sum -= slot.height;
        this.total -= slot.height;
        slot.chunk = null;
      }
      dropped.unshift(...taken);
      this.count -= taken.length;
      left -= taken.length;
    }
    return dropped;
  }

  clear(): void {
    for (const chunk of this.chunks)
      for (const slot of chunk.slots as MutableSlot<T>[]) slot.chunk = null;
    this.chunks = [];
    this.count = 0;
    this.total = 0;
  }

  contains(handle: Slot<T>): boolean {
    return (handle as MutableSlot<T>).chunk !== null;
  }

  /** True once the row was measured in the current layout generation. */
  isMeasured(handle: Slot<T>): boolean {
    return (handle as MutableSlot<T>).measuredIn === this.generation;
  }

  /** Records a measured height; returns the change in px (0 if it was already right). */
  setHeight(handle: Slot<T>, height: number): number {
    const slot = handle as MutableSlot<T>;
    slot.measuredIn = this.generation;
    const change = height - slot.height;
    if (change === 0) return 0;
    slot.height = height;
    if (slot.chunk) {
      slot.chunk.sum += change;
      this.total += change;
    }
    return change;
  }

  /** This row's content changed: measure it again when it is rendered. */
  markEstimate(handle: Slot<T>): void {
    (handle as MutableSlot<T>).measuredIn = -1;
  }

  /** Every height becomes an estimate again (its old value stays as the estimate). */
  invalidateMeasurements(): void {
    this.generation += 1;
  }

  at(index: number): Slot<T> | undefined {
    if (index < 0 || index >= this.count) return undefined;
    let rest = index;
    for (const chunk of this.chunks) {
      if (rest < chunk.slots.length) return chunk.slots[rest];
      rest -= chunk.slots.length;
    }
    return undefined;
  }

  /** Position of a row, or -1 if it is no longer stored. */
  indexOf(handle: Slot<T>): number {
    const chunk = (handle as MutableSlot<T>).chunk;
    if (!chunk) return -1;
    let before = 0;
    for (const each of this.chunks) {
      if (each === chunk) return before + chunk.slots.indexOf(handle as MutableSlot<T>);
      before += each.slots.length;
    }
    return -1;
  }

  /** Pixel offset of the top of row `index` (index === length gives the total height). */
  offsetOf(index: number): number {
    if (index <= 0) return 0;
    if (index >= this.count) return this.total;
    let rest = index;
    let offset = 0;
    for (const chunk of this.chunks) {
      if (rest < chunk.slots.length) {
        for (let i = 0; i < rest; i++) offset += chunk.slots[i]?.height ?? 0;
        return offset;
      }
      rest -= chunk.slots.length;
      offset += chunk.sum;
    }
    return offset;
  }

  /** The row that covers pixel `y` (clamped to the first / last row); -1 when empty. */
  indexAtOffset(y: number): number {
    if (this.count === 0) return -1;
    if (y <= 0) return 0;
    let before = 0;
    let offset = 0;
    for (const chunk of this.chunks) {
      if (y < offset + chunk.sum) {
        for (const slot of chunk.slots) {
          if (y < offset + slot.height) return before;
          offset += slot.height;
          before += 1;
        }
        return Math.min(before, this.count - 1);
      }
      offset += chunk.sum;
      before += chunk.slots.length;
    }
    return this.count - 1;
  }

  /** Rows [from, to) in order. */
  slice(from: number, to: number): Slot<T>[] {
    const out: Slot<T>[] = [];
    if (to <= from) return out;
    let skip = Math.max(0, from);
    let want = Math.min(to, this.count) - skip;
    for (const chunk of this.chunks) {
      if (want <= 0) break;
      if (skip >= chunk.slots.length) {
        skip -= chunk.slots.length;
        continue;
      }
      const part = chunk.slots.slice(skip, skip + want);
      out.push(...part);
      want -= part.length;
      skip = 0;
    }
    return out;
  }
}
