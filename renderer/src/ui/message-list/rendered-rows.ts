// The rows in the DOM: only those in and near the viewport, kept in order as the list's
// children, each built once (row-elements.ts) and refreshed only when its content changed.
// A "sending…" row whose message was echoed becomes the chat row in place, not a new element.

import type { ChatRows } from './chat-rows';
import { confirmPending, createRow, refreshRow, type Row } from './row-elements';
import { RowSpacers } from './row-spacers';
import type { Slot } from './row-store';

export class RenderedRows {
  private readonly rendered = new Map<Slot<Row>, HTMLLIElement>();
  /** Rendered "sending…" rows whose message left the outbox: its chat row takes them over. */
  private readonly confirming = new Map<string, HTMLLIElement>();
  private readonly slots = new WeakMap<Element, Slot<Row>>();
  private readonly spacers = new RowSpacers();
  /** Whether new rows animate in this frame (arrivals are calm), and whether any came. */
  private animate = true;
  private arrivedNow = false;
  /** The run of rows rendered last, by index and by its first and last row. */
  private span: { start: number; end: number; first: Slot<Row>; last: Slot<Row> } | null = null;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly rows: ChatRows,
    private readonly gap: number,
  ) {}

  /** Starts a frame; `animate` says whether rows arriving in it animate in. */
  beginFrame(animate: boolean): void {
    this.animate = animate;
    this.arrivedNow = false;
  }

  /** Whether a new row arrived in this frame. */
  get arrived(): boolean {
    return this.arrivedNow;
  }

  slotOf(element: Element): Slot<Row> | undefined {
    return this.slots.get(element);
  }

  /** A pending row left its column (see ReleaseRow): its element goes, or waits for its chat. */
  release(id: string, slot: Slot<Row>, redraw: boolean): void {
    const item = this.rendered.get(slot);
    if (!item) return;
    this.rendered.delete(slot);
    if (redraw) item.remove();
    else this.confirming.set(id, item);
  }

  /** Makes rows [start, end) the list's children, in order. */
  render(start: number, end: number): void {
    const wanted = this.rows.slotsIn(start, end);
    this.dropAllBut(wanted);
    const total = String(this.rows.all.length);
    let previous: Element | null = null;
    wanted.forEach((slot, i) => {
      const item = this.elementOf(slot);
      const next = previous ? previous.nextElementSibling : this.list.firstElementChild;
      if (next !== item) this.list.insertBefore(item, next);
      setPosition(item, start + i + 1, total);
      previous = item;
    });
    this.noteSpan(start, end, wanted);
    this.setSpacers(start, end);
  }

  /**
   * The cheap write for rows that arrived at the end of what is rendered: only they are built
   * and appended; trimming the rows scrolled out at the top, and the set size of the others,
   * wait for the next full render. False, touching nothing, when anything else changed.
   */
  appendNewest(end: number): boolean {
    const span = this.span;
    if (!span || end <= span.end || this.confirming.size > 0) return false;
    // Nothing inserted, removed or moved within the run: its ends are where they were.
    const rows = this.rows;
    if (rows.indexOf(span.first) !== span.start || rows.indexOf(span.last) !== span.end - 1)
      return false;
    const added = rows.slotsIn(span.end, end);
    if (added.some((slot) => this.rendered.has(slot))) return false;
    const total = String(rows.all.length);
    added.forEach((slot, i) => {
      const item = this.elementOf(slot);
      setPosition(item, span.end + i + 1, total);
      this.list.append(item);
    });
    this.noteSpan(span.start, end, [span.first, ...added]);
    this.setSpacers(span.start, end);
    return true;
  }

  private noteSpan(start: number, end: number, slots: readonly Slot<Row>[]): void {
    const first = slots[0];
    const last = slots.at(-1);
    this.span = first && last ? { start, end, first, last } : null;
  }

  /** Call with [start, end) rendered. */
  setSpacers(start: number, end: number): void {
    const all = this.rows.all;
    this.spacers.set(this.list, all.offsetOf(start), all.totalHeight - all.offsetOf(end));
  }

  /** Measures rendered rows not measured yet; true if any height differed from its estimate. */
  measure(): boolean {
    let changed = false;
    for (const [slot, item] of this.rendered) {
      const store = this.rows.storeOf(slot);
      if (store.isMeasured(slot)) continue;
      const height = item.getBoundingClientRect().height + this.gap;
      const first = slot.value.kind !== 'push'; // the push line is re-measured on each push
      if (Math.abs(store.setHeight(slot, height)) > 0.01) changed = true;
      if (first) this.rows.heights.record(slot.value.kind, height);
    }
    return changed;
  }

  private dropAllBut(wanted: readonly Slot<Row>[]): void {
    const keep = new Set(wanted);
    for (const [slot, item] of this.rendered) {
      if (keep.has(slot)) continue;
      item.remove();
      this.rendered.delete(slot);
    }
    // A "sending…" row stays only if its confirmed chat is rendered now to take it over.
    const takingOver = new Set<string>();
    for (const slot of wanted) {
      const row = slot.value;
      if (row.kind === 'chat' && !this.rendered.has(slot)) takingOver.add(row.message.id);
    }
    for (const [id, item] of this.confirming) {
      if (takingOver.has(id)) continue;
      item.remove();
      this.confirming.delete(id);
    }
  }

  /** The element of a row to render: refreshed if already rendered, else built. */
  private elementOf(slot: Slot<Row>): HTMLLIElement {
    let item = this.rendered.get(slot);
    if (item) {
      if (refreshRow(item, slot.value)) this.rows.storeOf(slot).markEstimate(slot);
    } else {
      item = this.elementFor(slot.value);
      this.rendered.set(slot, item);
      this.slots.set(item, slot);
    }
    return item;
  }

  /** The element for a row not rendered yet: a confirmed "sending…" row's, or a new one. */
  private elementFor(row: Row): HTMLLIElement {
    const sent = row.kind === 'chat' ? this.confirming.get(row.message.id) : undefined;
    if (sent && row.kind === 'chat') {
      this.confirming.delete(row.message.id);
      confirmPending(sent, row.message);
      row.fresh = false; // already on screen: no arrival to show
      return sent;
    }
    const item = createRow(row);
    if ((row.kind === 'chat' || row.kind === 'system') && row.fresh) {
      // Only arrivals animate, not rows scrolled back into view.
      if (this.animate) item.dataset.fresh = 'true';
      row.fresh = false;
      this.arrivedNow = true;
    }
    return item;
  }
}

/** A row's place in the whole list, for assistive technology (most rows are not in the DOM). */
function setPosition(item: HTMLLIElement, position: number, total: string): void {
  const at = String(position);
  if (item.getAttribute('aria-posinset') !== at) item.setAttribute('aria-posinset', at);
  if (item.getAttribute('aria-setsize') !== total) item.setAttribute('aria-setsize', total);
}
