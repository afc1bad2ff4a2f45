// The chat list, windowed: every row lives in memory (row-store.ts), but only the rows in and
// near the viewport are in the DOM, so 100,000 messages cost a few hundred DOM nodes.
//
// Rows, in order: day separators, sequenced chats, system notes and the single server-push
// line (timeline-rows.ts), then the user's pending (unacknowledged) messages (pending-rows.ts),
// whose element becomes the sequenced chat when the hub echoes them (rendered-rows.ts).
// Incoming entries only touch the in-memory rows (O(1) each). While the list follows the newest
// message, arriving rows are written into the DOM right after (render-schedule.ts: a microtask,
// no layout read), so a covered or background window that gets no animation frames still has
// them; the next frame (or a timer standing in for it) measures them and scrolls, so a burst of
// thousands costs one measuring render per frame. New rows animate in only while arrivals are
// calm (CALM_MS apart), not in a stream.
//
// What the rest of the window can use: MessageListView (message-list-view.ts).
//
// DOM hooks (e2e specs rely on them): the <ol data-testid="messages"> is the scroller; each row
// is an <li> with data-kind (own | other | push | system | day | start); chats have data-seq and
// data-id, pending ones data-pending="true"; [data-testid="text"] / [data-testid="author"].

import type { Self, TimelineEntry } from '../../../../client/client-types';
import type { ChatMessage } from '../../../../protocol/messages';
import type { OutboxItem } from '../../../../client/outbox';
import { ArrivalAnnouncer } from './arrival-announcer';
import { ChatRows } from './chat-rows';
import { titleClocksOnDemand } from './clock-titles';
import { HistoryPages, type KeepPlace } from './history-pages';
import { captureAnchor, contentTop, readListBox, type ListBox } from './list-geometry';
import { UnseenMessages } from './new-messages';
import { bindPendingActions, type PendingActions } from './pending-actions';
import { RenderSchedule } from './render-schedule';
import { RenderedRows } from './rendered-rows';
import { ScrollFollow } from './scroll-follow';
import type { MessageListView } from './message-list-view';
import { visibleRange, type Anchor, type RowRange } from './virtual-window';

/**
 * Bound on rows in the DOM (~10 nodes each) for an ordinary window; a very tall one may need
 * more to fill its viewport with short rows (see maxRenderedRows).
 */
const MAX_RENDERED_ROWS = 90;
/** Whatever the viewport says (a 4K portrait screen), never more rows than this. */
const MAX_RENDERED_ROWS_EVER = 300;
/** The shortest row a viewport could be filled with (a system note), in px. */
const MIN_ROW_PX = 24;
/**
 * Arrivals less than this apart (ms) do not animate: rows streaming in faster than anyone can
 * follow would only keep the page busy animating (a style pass every frame).
 */
const CALM_MS = 250;

function maxRenderedRows(viewportHeight: number): number {
  const needed = Math.ceil(viewportHeight / MIN_ROW_PX) + 10;
  return Math.min(MAX_RENDERED_ROWS_EVER, Math.max(MAX_RENDERED_ROWS, needed));
}

class WindowedMessageList {
  private readonly rows = new ChatRows();
  private readonly pages = new HistoryPages(this.rows);
  private readonly box: ListBox;
  private readonly rendered: RenderedRows;
  private readonly unseenMessages: UnseenMessages;
  private readonly scroll: ScrollFollow;
  private readonly announcer: ArrivalAnnouncer;
  private readonly schedule = new RenderSchedule(
    () => this.write(),
    () => this.render(),
  );
  /** The list's height when last laid out (0 before the first frame). */
  private viewportHeight = 0;
  private lastWidth = 0;
  private lastArrivalAt = Number.NEGATIVE_INFINITY;
  /** A place to scroll to in the next frame (reveal), instead of where the reader is. */
  private target: Anchor | null = null;
  private highlighted: number | null = null;
  private readonly nearTop = new Set<() => void>();
  private readonly nearBottom = new Set<() => void>();
  /** Whether the last frame followed: the paged-in rows go when the reader comes back down. */
  private wasFollowing = true;

  constructor(
    private readonly list: HTMLOListElement,
    announcer: HTMLElement,
    actions: PendingActions | null,
  ) {
    this.box = readListBox(list);
    list.replaceChildren();
    list.tabIndex = 0; // scrollable with the keyboard (PageUp/PageDown/Home/End)
    this.rendered = new RenderedRows(list, this.rows, this.box.gap);
    this.announcer = new ArrivalAnnouncer(announcer);
    this.unseenMessages = new UnseenMessages(list, () => this.jumpToLatest());
    // Scrolled to the bottom of a window of older history is not the newest: no following.
    this.scroll = new ScrollFollow(
      list,
      () => this.requestRender(),
      () => !this.rows.showsWindow,
    );
    bindPendingActions(list, actions);
    // The content box: it also changes when a scrollbar comes or goes (text wraps anew). Its
    // callback runs just after a layout, so reading the size there forces none; a frame uses
    // the size read then instead of reading it again after this view's writes.
    new ResizeObserver(() => {
      this.readViewport();
      this.requestRender();
    }).observe(list, { box: 'content-box' });
    document.addEventListener('visibilitychange', () => this.requestRender());
    list.addEventListener('scroll', () => this.checkNearEdges(), { passive: true });
  }

  get oldestSeq(): number | null {
    return this.rows.timeline.oldestSeq;
  }

  prepend(messages: readonly ChatMessage[], selfId: string | null): void {
    this.pages.prepend(messages, selfId);
    this.requestRender();
  }

  onNearTop(listener: () => void): () => void {
    this.nearTop.add(listener);
    return () => this.nearTop.delete(listener);
  }

  onNearBottom(listener: () => void): () => void {
    this.nearBottom.add(listener);
    return () => this.nearBottom.delete(listener);
  }

  showWindow(messages: readonly ChatMessage[], selfId: string | null): void {
    this.pages.showWindow(messages, selfId);
    this.scroll.following = false;
    this.target = null;
    this.requestRender();
  }

  get windowNewestSeq(): number | null {
    return this.pages.windowNewestSeq;
  }

  append(messages: readonly ChatMessage[], selfId: string | null, atEnd: boolean): void {
    this.pages.append(messages, selfId, atEnd, this.keepPlace);
    this.requestRender();
  }

  get pagedChats(): number {
    return this.pages.pagedChats;
  }

  dropOldest(count: number): void {
    this.pages.dropOldest(count);
    this.requestRender();
  }

  dropNewest(count: number): void {
    this.pages.dropNewest(count, this.keepPlace);
    this.requestRender();
  }

  markStart(): void {
    this.pages.markStart();
    this.requestRender();
  }

  get atStart(): boolean {
    return this.pages.atStart;
  }

  /**
   * Runs `change`, which rebuilds the rows on screen, and keeps the chat the reader is looking
   * at where it is (found again by its seq: its row is a new one).
   */
  private readonly keepPlace: KeepPlace = (change) => {
    const anchor = this.target ?? this.captureAnchor();
    const place = anchor ? this.chatPlace(anchor) : null;
    change();
    const index = place ? this.rows.timeline.indexOfSeq(place.seq) : -1;
    if (place && index >= 0) this.target = { index, within: place.within };
  };

  /** The anchor as the first chat at or under it, and the viewport's top relative to it. */
  private chatPlace(anchor: Anchor): { seq: number; within: number } | null {
    const all = this.rows.all;
    for (let index = anchor.index; index < Math.min(all.length, anchor.index + 8); index++) {
      const row = this.rows.slotsIn(index, index + 1)[0]?.value;
      if (row?.kind !== 'chat') continue;
      const within = anchor.within - (all.offsetOf(index) - all.offsetOf(anchor.index));
      return { seq: row.message.seq, within };
    }
    return null;
  }

  reveal(seq: number): boolean {
    const index = this.rows.timeline.indexOfSeq(seq);
    if (index < 0) return false;
    this.scroll.following = false;
    const height = this.viewportHeight || this.list.clientHeight;
    this.target = { index, within: -height / 3 };
    this.highlighted = seq;
    this.requestRender();
    return true;
  }

  clearHighlight(): void {
    this.highlighted = null;
    this.requestRender();
  }

  private checkNearEdges(): void {
    const list = this.list;
    if (this.scroll.following) return;
    if (list.scrollTop <= list.clientHeight) for (const listener of this.nearTop) listener();
    if (!this.rows.showsWindow) return;
    const below = list.scrollHeight - list.scrollTop - list.clientHeight;
    if (below <= list.clientHeight) for (const listener of this.nearBottom) listener();
  }

  private markHighlight(): void {
    const seq = this.highlighted === null ? null : String(this.highlighted);
    for (const item of this.list.querySelectorAll<HTMLElement>('[data-highlight]')) {
      if (item.dataset.seq !== seq) delete item.dataset.highlight;
    }
    if (seq === null) return;
    const item = this.list.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (item) item.dataset.highlight = 'true';
  }

  get unseen(): number {
    return this.unseenMessages.count;
  }

  reset(entries: readonly TimelineEntry[]): void {
    this.rows.showLive();
    this.rows.live.clear();
    this.pages.forget();
    this.highlighted = null;
    this.announcer.clear();
    for (const entry of entries) this.take(entry, false);
    this.scroll.following = true;
    this.unseenMessages.set(0);
    this.requestRender();
  }

  add(entry: TimelineEntry): void {
    this.take(entry, true);
    this.requestRender();
  }

  setPending(items: readonly OutboxItem[], self: Self): void {
    const author = { name: self.name, peerId: self.id };
    const sent = this.rows.pending.sync(items, author, (id, slot, redraw) =>
      this.rendered.release(id, slot, redraw),
    );
    if (sent) this.scroll.following = true; // the reader just sent this: show it
    this.requestRender();
  }

  onUnseenChange(listener: (count: number) => void): () => void {
    return this.unseenMessages.onChange(listener);
  }

  jumpToLatest(): void {
    this.scroll.follow();
  }

  private take(entry: TimelineEntry, live: boolean): void {
    const arrival = this.rows.live.take(entry, live);
    if (!arrival) return;
    this.announcer.queue(arrival.line);
    if (arrival.fromOther && (!this.scroll.following || document.hidden)) {
      this.unseenMessages.set(this.unseenMessages.count + 1);
    }
  }

  private requestRender(): void {
    this.schedule.request();
  }

  /** Following: the newest rows into the DOM at once, from the heights known (no layout read). */
  private write(): void {
    const height = this.viewportHeight;
    if (!this.scroll.following || height === 0) return;
    const now = performance.now();
    this.rendered.beginFrame(now - this.lastArrivalAt >= CALM_MS);
    const [start, end] = this.range(null, height);
    if (!this.rendered.appendNewest(end)) this.rendered.render(start, end);
    if (this.rendered.arrived) this.lastArrivalAt = now;
  }

  private range(anchor: Anchor | null, viewportHeight: number): [number, number] {
    const { start, end } = visibleRange(this.rows.all, {
      top: contentTop(this.rows.all, this.box, anchor, viewportHeight),
      height: viewportHeight,
      overscan: viewportHeight / 2,
      maxRows: maxRenderedRows(viewportHeight),
    });
    return [start, end];
  }

  // One frame: layout is read first (the DOM is still clean from the last frame), then every
  // write, then one forced layout to measure the new rows, then the scroll position. Reading
  // layout between writes would lay the page out more than once per frame.
  private render(): void {
    const list = this.list;
    if (this.viewportHeight === 0) this.readViewport(); // before the first resize callback
    const viewportHeight = this.viewportHeight;
    const following = this.scroll.following;
    if (following && this.rows.showsWindow) this.rows.showLive(); // back to the newest
    if (following && !this.wasFollowing) this.pages.dropOlder();
    this.wasFollowing = following;
    const anchor = following ? null : (this.target ?? this.captureAnchor());
    this.target = null;
    const now = performance.now();
    this.rendered.beginFrame(now - this.lastArrivalAt >= CALM_MS);
    if (following && !document.hidden) this.unseenMessages.set(0);
    this.unseenMessages.showPill(following);
    this.announcer.flush();
    const range = this.renderWindow(anchor, viewportHeight);
    this.rendered.setSpacers(range.start, range.end);
    const top = contentTop(this.rows.all, this.box, anchor, viewportHeight);
    const target = following ? list.scrollHeight : top + this.box.origin;
    if (Math.abs(list.scrollTop - target) > 0.5) list.scrollTop = target;
    this.scroll.settled(following ? target : undefined);
    if (this.rendered.arrived) this.lastArrivalAt = now;
    this.markHighlight();
    // A page that did not fill the space above: the reader is still near the top.
    if (!following) queueMicrotask(() => this.checkNearEdges());
  }

  private readViewport(): void {
    this.viewportHeight = this.list.clientHeight;
    this.noteWidth(this.list.clientWidth);
  }

  private noteWidth(width: number): void {
    if (width === this.lastWidth) return;
    // Text wraps differently now: every stored height is only an estimate again.
    if (this.lastWidth !== 0) this.rows.invalidateMeasurements();
    this.lastWidth = width;
  }

  private captureAnchor(): Anchor | null {
    const slotOf = (element: Element) => this.rendered.slotOf(element);
    return captureAnchor(this.list, this.rows, slotOf, this.box.origin);
  }

  /** Renders, measures what was new, and again if the measured heights moved the window. */
  private renderWindow(anchor: Anchor | null, viewportHeight: number): RowRange {
    let current = { start: -1, end: -1 };
    for (let pass = 0; pass < 3; pass++) {
      const [start, end] = this.range(anchor, viewportHeight);
      if (start === current.start && end === current.end) break;
      this.rendered.render(start, end);
      current = { start, end };
      if (!this.rendered.measure()) break;
    }
    return current;
  }
}

export function createMessageList(
  list: HTMLOListElement,
  announcer: HTMLElement,
  actions: PendingActions | null = null,
): MessageListView {
  const view = new WindowedMessageList(list, announcer, actions);
  titleClocksOnDemand(list);
  // A plain object, as before: its methods may be passed around unbound.
  return {
    reset: (entries) => view.reset(entries),
    add: (entry) => view.add(entry),
    setPending: (items, self) => view.setPending(items, self),
    onUnseenChange: (listener) => view.onUnseenChange(listener),
    get unseen() {
      return view.unseen;
    },
    jumpToLatest: () => view.jumpToLatest(),
    prepend: (messages, selfId) => view.prepend(messages, selfId),
    get oldestSeq() {
      return view.oldestSeq;
    },
    onNearTop: (listener) => view.onNearTop(listener),
    showWindow: (messages, selfId) => view.showWindow(messages, selfId),
    get windowNewestSeq() {
      return view.windowNewestSeq;
    },
    append: (messages, selfId, atEnd) => view.append(messages, selfId, atEnd),
    onNearBottom: (listener) => view.onNearBottom(listener),
    get pagedChats() {
      return view.pagedChats;
    },
    dropOldest: (count) => view.dropOldest(count),
    dropNewest: (count) => view.dropNewest(count),
    markStart: () => view.markStart(),
    get atStart() {
      return view.atStart;
    },
    reveal: (seq) => view.reveal(seq),
    clearHighlight: () => view.clearHighlight(),
  };
}
