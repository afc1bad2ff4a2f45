// The chat list, windowed: every row lives in memory (row-store.ts), but only the rows in and
// near the viewport are in the DOM, so 100,000 messages cost a few hundred DOM nodes.
//
// Rows, in order: day separators, sequenced chats, system notes and the single server-push
// line (which moves down under the newest message each time a push arrives), then the user's
// pending (unacknowledged) messages, whose element becomes the sequenced chat when the hub
// echoes them. Incoming entries only touch the in-memory rows (O(1) each); the DOM is brought
// up to date once per animation frame, so a burst of thousands of messages costs one render.
// A hidden page gets no animation frames: it catches up in one render when it is shown again.
// New rows animate in only while arrivals are calm (CALM_MS apart), not in a stream.
//
// What the rest of the window can use (MessageListView):
// - reset / add / setPending: fed from the connection client's events.
// - onUnseenChange(cb): cb(count) whenever the number of unseen messages changes. A message
//   is unseen when it comes from someone else and arrives while the reader is scrolled up (not
//   following the bottom) or the page is hidden; the count drops to 0 once the reader is back
//   at the bottom of a visible page. Meant for the unread count in the window title; returns
//   an unsubscribe function. `unseen` reads the current count.
// - jumpToLatest(): scrolls to the newest message and follows new ones again (the "New
//   messages" pill and the End key do the same).
//
// Cap: MAX_ROWS (120,000 rows: 100,000 messages with room for notes and day separators) are
// kept, ~28 MiB of heap at 100,000 messages; beyond that the oldest are forgotten, CHUNK_SIZE
// rows at a time (they stay in the hub's history, not in this window). 120,000 rows of a
// typical height (~66 px) stay under the tallest scrollable box Chromium lays out (~33M px).
//
// DOM hooks (e2e specs rely on them): the <ol data-testid="messages"> is the scroller; each row
// is an <li> with data-kind (own | other | push | system | day); chats have data-seq and
// data-id, pending ones data-pending="true"; [data-testid="text"] / [data-testid="author"].

import type { TimelineEntry } from '../connection/client-types';
import type { OutboxItem } from '../connection/outbox';
import { t } from '../i18n';
import { dayStart, startsNewDay } from './day-separators';
import { el } from './dom';
import {
  confirmPending,
  createRow,
  PENDING_ACTIONS,
  refreshRow,
  type Row,
  type RowKind,
} from './row-elements';
import { CHUNK_SIZE, RowStore, type Slot } from './row-store';
import { anchorAt, joinColumns, topForAnchor, visibleRange, type Anchor } from './virtual-window';

export const MAX_ROWS = 120_000;
/**
 * Bound on rows in the DOM (~10 nodes each) for an ordinary window; a very tall one may need
 * more to fill its viewport with short rows (see maxRenderedRows).
 */
const MAX_RENDERED_ROWS = 90;
/** Whatever the viewport says (a 4K portrait screen), never more rows than this. */
const MAX_RENDERED_ROWS_EVER = 300;
/** The shortest row a viewport could be filled with (a system note), in px. */
const MIN_ROW_PX = 24;
/** Within this many px of the bottom counts as "at the bottom" when scrolling down. */
const FOLLOW_SLACK_PX = 24;
/** More new lines than this in one frame are announced as a count, not read one by one. */
const MAX_ANNOUNCED = 3;
/**
 * Arrivals less than this apart (ms) do not animate: rows streaming in faster than anyone can
 * follow would only keep the page busy animating (a style pass every frame).
 */
const CALM_MS = 250;

export interface MessageListView {
  reset(entries: readonly TimelineEntry[]): void;
  add(entry: TimelineEntry): void;
  setPending(items: readonly OutboxItem[], myName: string): void;
  onUnseenChange(listener: (count: number) => void): () => void;
  readonly unseen: number;
  jumpToLatest(): void;
}

type SpacerEdge = 'marginTop' | 'marginBottom';

/** First guesses (px, gap included) until rows of that kind have been measured. */
const DEFAULT_HEIGHTS: Record<RowKind, number> = {
  chat: 66,
  pending: 66,
  system: 30,
  push: 28,
  day: 38,
};

function maxRenderedRows(viewportHeight: number): number {
  const needed = Math.ceil(viewportHeight / MIN_ROW_PX) + 10;
  return Math.min(MAX_RENDERED_ROWS_EVER, Math.max(MAX_RENDERED_ROWS, needed));
}

// ------------------------------------------------------------------ the view

/** What the buttons on a message that may not have arrived do. */
export interface PendingActions {
  sendAgain(id: string): void;
  discard(id: string): void;
}

function isUnsure(row: Row): boolean {
  return row.kind === 'pending' && row.item.unsure === true;
}

export function createMessageList(
  list: HTMLOListElement,
  announcer: HTMLElement,
  actions: PendingActions | null = null,
): MessageListView {
  const timeline = new RowStore<Row>();
  const pending = new RowStore<Row>();
  const rows = joinColumns(timeline, pending);
  const pendingById = new Map<string, Slot<Row>>();
  const rendered = new Map<Slot<Row>, HTMLLIElement>();
  /** Rendered "sending…" rows whose message left the outbox: its chat row takes them over. */
  const confirming = new Map<string, HTMLLIElement>();
  const slotOf = new WeakMap<Element, Slot<Row>>();
  const measured: Record<RowKind, { sum: number; count: number }> = {
    chat: { sum: 0, count: 0 },
    pending: { sum: 0, count: 0 },
    system: { sum: 0, count: 0 },
    push: { sum: 0, count: 0 },
    day: { sum: 0, count: 0 },
  };
  const unseenListeners = new Set<(count: number) => void>();

  let pushSlot: Slot<Row> | null = null;
  let lastTimelineSlot: Slot<Row> | null = null;
  let lastDayAt: number | null = null;
  let selfPeerId: string | null = null;
  let following = true;
  let unseen = 0;
  let toAnnounce: string[] = [];
  let frameRequested = false;
  /** The scrollTop this view last set: a scroll event at another offset was the reader. */
  let ownScrollTop = -1;
  let lastScrollTop = 0;
  let lastWidth = 0;
  /** The rendered rows that carry the stand-in margins, and the values last written. */
  const spaced: Record<SpacerEdge, { item: HTMLElement | null; px: string }> = {
    marginTop: { item: null, px: '' },
    marginBottom: { item: null, px: '' },
  };
  let lastArrivalAt = Number.NEGATIVE_INFINITY;
  /** Whether new rows animate in this frame (arrivals are calm), and whether any came. */
  let animateArrivals = true;
  let arrived = false;

  // The list is the scroller. The rows not rendered are stood in for by a top margin on the
  // first rendered row and a bottom margin on the last, not by padding (a scroll container's
  // own padding counts towards its size and would stretch it) nor by anything set on the list
  // itself (a style change there is a style recalculation for every rendered row). The list's
  // empty ::before and ::after are flex items too, so the first row starts one gap below the
  // padding: `origin` is where row 0 starts when scrolled to 0.
  const style = getComputedStyle(list);
  const padTop = Number.parseFloat(style.paddingTop) || 0;
  const padBottom = Number.parseFloat(style.paddingBottom) || 0;
  const gap = Number.parseFloat(style.rowGap) || 0;
  const origin = padTop + gap;
  list.replaceChildren();
  list.tabIndex = 0; // scrollable with the keyboard (PageUp/PageDown/Home/End)

  // The pill floats over the bottom of the list, so list and pill share a positioned box.
  const viewport = el('div', { className: 'message-viewport' });
  const pill = el('button', {
    className: 'new-messages-pill',
    attrs: { type: 'button', 'data-testid': 'new-messages' },
  });
  pill.hidden = true;
  list.replaceWith(viewport);
  viewport.append(list, pill);

  function estimate(kind: RowKind): number {
    const seen = measured[kind];
    return seen.count > 0 ? seen.sum / seen.count : DEFAULT_HEIGHTS[kind];
  }

  function requestFrame(): void {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(frame);
  }

  function setUnseen(count: number): void {
    if (count === unseen) return;
    unseen = count;
    for (const listener of unseenListeners) listener(count);
  }

  // ---------------------------------------------------------------- model (no DOM)

  function appendTimeline(row: Row, at: number | null): Slot<Row> {
    if (at !== null) {
      if (startsNewDay(lastDayAt, at)) {
        const day: Row = { kind: 'day', day: dayStart(at) };
        lastTimelineSlot = timeline.append(day, estimate('day'));
      }
      lastDayAt = at;
    }
    const slot = timeline.append(row, estimate(row.kind));
    lastTimelineSlot = slot;
    if (timeline.length >= MAX_ROWS + CHUNK_SIZE) {
      timeline.dropOldest(timeline.length - MAX_ROWS);
      if (pushSlot && !timeline.contains(pushSlot)) pushSlot = null;
    }
    return slot;
  }

  function take(entry: TimelineEntry, live: boolean): void {
    switch (entry.kind) {
      case 'chat': {
        const { message, own } = entry;
        if (own) selfPeerId = message.from.id;
        appendTimeline({ kind: 'chat', message, own, fresh: live }, message.at);
        if (live && !own) {
          toAnnounce.push(`${message.from.name}: ${message.text}`);
          if (!following || document.hidden) setUnseen(unseen + 1);
        }
        return;
      }
      case 'push': {
        // Pushes arrive every few seconds: rather than flood the chat, one server line shows
        // the latest push and moves down to stay under the newest message.
        const current = pushSlot?.value;
        if (pushSlot && current?.kind === 'push') {
          current.push = entry.push;
          current.count += 1;
          current.version += 1;
          if (lastTimelineSlot !== pushSlot) {
            timeline.remove(pushSlot);
            pushSlot = appendTimeline(current, null);
          }
          return;
        }
        pushSlot = appendTimeline({ kind: 'push', push: entry.push, count: 1, version: 0 }, null);
        return;
      }
      case 'system':
        appendTimeline(
          { kind: 'system', text: entry.text, at: entry.at, tone: entry.tone, fresh: live },
          entry.at,
        );
        if (live) toAnnounce.push(entry.text);
        return;
    }
  }

  // ---------------------------------------------------------------- rendering (once a frame)

  function indexOfSlot(slot: Slot<Row>): number {
    const inTimeline = timeline.indexOf(slot);
    if (inTimeline >= 0) return inTimeline;
    const inPending = pending.indexOf(slot);
    return inPending >= 0 ? timeline.length + inPending : -1;
  }

  function slotsIn(start: number, end: number): Slot<Row>[] {
    const split = timeline.length;
    return [
      ...timeline.slice(start, Math.min(end, split)),
      ...pending.slice(Math.max(0, start - split), end - split),
    ];
  }

  /** The reader's place, from what is on screen now (before this frame changes anything). */
  function captureAnchor(): Anchor | null {
    const top = list.getBoundingClientRect().top + list.clientTop;
    for (const child of list.children) {
      const box = child.getBoundingClientRect();
      if (box.bottom <= top) continue;
      const slot = slotOf.get(child);
      // The push line moves on; anchoring to it would jump with it.
      if (!slot || slot.value.kind === 'push') continue;
      const index = indexOfSlot(slot);
      if (index < 0) continue;
      return { index, within: top - box.top };
    }
    return anchorAt(rows, list.scrollTop - origin);
  }

  function contentTop(anchor: Anchor | null, viewportHeight: number): number {
    // Row heights include the gap after each row, so the rows end at origin + totalHeight.
    const bottom = Math.max(0, origin + rows.totalHeight + padBottom - viewportHeight) - origin;
    if (following || !anchor) return Math.max(0, bottom);
    return Math.max(0, Math.min(topForAnchor(rows, anchor), bottom));
  }

  /** The element for a row not rendered yet: a confirmed "sending…" row's, or a new one. */
  function elementFor(row: Row): HTMLLIElement {
    const sent = row.kind === 'chat' ? confirming.get(row.message.id) : undefined;
    if (sent && row.kind === 'chat') {
      confirming.delete(row.message.id);
      confirmPending(sent, row.message);
      row.fresh = false; // already on screen: no arrival to show
      return sent;
    }
    const item = createRow(row);
    if ((row.kind === 'chat' || row.kind === 'system') && row.fresh) {
      // Only arrivals animate, not rows scrolled back into view.
      if (animateArrivals) item.dataset.fresh = 'true';
      row.fresh = false;
      arrived = true;
    }
    return item;
  }

  function renderRange(start: number, end: number): void {
    const wanted = slotsIn(start, end);
    const keep = new Set(wanted);
    for (const [slot, item] of rendered) {
      if (keep.has(slot)) continue;
      item.remove();
      rendered.delete(slot);
    }
    // A "sending…" row stays only if its confirmed chat is rendered now to take it over.
    const takingOver = new Set<string>();
    for (const slot of wanted) {
      const row = slot.value;
      if (row.kind === 'chat' && !rendered.has(slot)) takingOver.add(row.message.id);
    }
    for (const [id, item] of confirming) {
      if (takingOver.has(id)) continue;
      item.remove();
      confirming.delete(id);
    }
    const total = String(rows.length);
    let previous: Element | null = null;
    wanted.forEach((slot, i) => {
      let item = rendered.get(slot);
      if (item) {
        if (refreshRow(item, slot.value)) timeline.markEstimate(slot);
      } else {
        item = elementFor(slot.value);
        rendered.set(slot, item);
        slotOf.set(item, slot);
      }
      const next: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (next !== item) list.insertBefore(item, next);
      const position = String(start + i + 1);
      if (item.getAttribute('aria-posinset') !== position)
        item.setAttribute('aria-posinset', position);
      if (item.getAttribute('aria-setsize') !== total) item.setAttribute('aria-setsize', total);
      previous = item;
    });
    setSpacers(start, end);
  }

  /** Call with [start, end) rendered, in order, as the list's children. */
  function setSpacers(start: number, end: number): void {
    space('marginTop', list.firstElementChild, `${rows.offsetOf(start)}px`);
    space('marginBottom', list.lastElementChild, `${rows.totalHeight - rows.offsetOf(end)}px`);
  }

  function space(edge: SpacerEdge, child: Element | null, px: string): void {
    const item = child instanceof HTMLElement ? child : null;
    const current = spaced[edge];
    if (current.item === item && current.px === px) return;
    if (current.item && current.item !== item) current.item.style[edge] = '';
    if (item) item.style[edge] = px;
    spaced[edge] = { item, px };
  }

  /** Measures rendered rows not measured yet; true if any height differed from its estimate. */
  function measure(): boolean {
    let changed = false;
    for (const [slot, item] of rendered) {
      const store = timeline.contains(slot) ? timeline : pending;
      if (store.isMeasured(slot)) continue;
      const height = item.getBoundingClientRect().height + gap;
      const first = slot.value.kind !== 'push'; // the push line is re-measured on each push
      if (Math.abs(store.setHeight(slot, height)) > 0.01) changed = true;
      if (first) {
        const stats = measured[slot.value.kind];
        stats.sum += height;
        stats.count += 1;
      }
    }
    return changed;
  }

  function announce(): void {
    if (toAnnounce.length === 0) return;
    const lines = toAnnounce;
    toAnnounce = [];
    // Replacing the text makes the polite live region read just this frame's news.
    announcer.textContent =
      lines.length > MAX_ANNOUNCED ? t('list.arrived', { count: lines.length }) : lines.join('\n');
  }

  function updatePill(): void {
    const show = !following && unseen > 0;
    if (show) {
      const text = unseen === 1 ? t('list.newMessage') : t('list.newMessages', { count: unseen });
      if (pill.textContent !== text) pill.textContent = text;
    }
    if (pill.hidden === show) {
      if (!show && document.activeElement === pill) list.focus();
      pill.hidden = !show;
    }
  }

  // One frame: layout is read first (the DOM is still clean from the last frame), then every
  // write, then one forced layout to measure the new rows, then the scroll position. Reading
  // layout between writes would lay the page out more than once per frame.
  function frame(): void {
    frameRequested = false;
    const viewportHeight = list.clientHeight;
    const width = list.clientWidth;
    if (width !== lastWidth) {
      // Text wraps differently now: every stored height is only an estimate again.
      if (lastWidth !== 0) {
        timeline.invalidateMeasurements();
        pending.invalidateMeasurements();
      }
      lastWidth = width;
    }
    const anchor = following ? null : captureAnchor();
    const now = performance.now();
    animateArrivals = now - lastArrivalAt >= CALM_MS;
    arrived = false;
    if (following && !document.hidden) setUnseen(0);
    updatePill();
    announce();
    // Render, measure what was new, and again if the measured heights moved the window.
    let current = { start: -1, end: -1 };
    for (let pass = 0; pass < 3; pass++) {
      const range = visibleRange(rows, {
        top: contentTop(anchor, viewportHeight),
        height: viewportHeight,
        overscan: viewportHeight / 2,
        maxRows: maxRenderedRows(viewportHeight),
      });
      if (range.start === current.start && range.end === current.end) break;
      renderRange(range.start, range.end);
      current = range;
      if (!measure()) break;
    }
    setSpacers(current.start, current.end);
    const top = contentTop(anchor, viewportHeight);
    const target = following ? list.scrollHeight : top + origin;
    if (Math.abs(list.scrollTop - target) > 0.5) list.scrollTop = target;
    ownScrollTop = list.scrollTop;
    lastScrollTop = ownScrollTop;
    if (arrived) lastArrivalAt = now;
  }

  // ---------------------------------------------------------------- reader input

  list.addEventListener(
    'scroll',
    () => {
      const now = list.scrollTop;
      if (Math.abs(now - ownScrollTop) < 1) return; // our own adjustment
      const fromBottom = list.scrollHeight - now - list.clientHeight;
      // Any step up leaves the bottom; coming down near it follows again.
      following = now < lastScrollTop ? fromBottom < 1 : fromBottom < FOLLOW_SLACK_PX;
      lastScrollTop = now;
      ownScrollTop = -1;
      requestFrame();
    },
    { passive: true },
  );

  list.addEventListener('keydown', (event) => {
    if (event.target !== list || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Home') {
      event.preventDefault();
      following = false;
      list.scrollTop = 0;
      requestFrame();
    } else if (event.key === 'End') {
      event.preventDefault();
      jumpToLatest();
    }
  });

  // One listener for every row's buttons: rows come and go as the window scrolls.
  list.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    const id = button?.closest('li')?.dataset.id;
    if (!button || !id || !actions) return;
    if (button.dataset.action === PENDING_ACTIONS.sendAgain) actions.sendAgain(id);
    else if (button.dataset.action === PENDING_ACTIONS.discard) actions.discard(id);
  });

  pill.addEventListener('click', () => jumpToLatest());
  // The border box: the padding this view writes must not count as a resize.
  new ResizeObserver(() => requestFrame()).observe(list, { box: 'border-box' });
  document.addEventListener('visibilitychange', () => requestFrame());

  function jumpToLatest(): void {
    following = true;
    requestFrame();
  }

  // ---------------------------------------------------------------- API

  return {
    reset(entries) {
      timeline.clear();
      pushSlot = null;
      lastTimelineSlot = null;
      lastDayAt = null;
      toAnnounce = [];
      for (const entry of entries) take(entry, false);
      following = true;
      setUnseen(0);
      requestFrame();
    },

    add(entry) {
      take(entry, true);
      requestFrame();
    },

    setPending(items, myName) {
      const wanted = new Map(items.map((item) => [item.id, item]));
      // A message that became unsure (or back) is drawn anew, and so is every one after it,
      // to keep the order it was sent in.
      const changed = [...pendingById].findIndex(([id, slot]) => {
        const next = wanted.get(id);
        return next !== undefined && isUnsure(slot.value) !== Boolean(next.unsure);
      });
      const redrawn = new Set(changed < 0 ? [] : [...pendingById.keys()].slice(changed));
      for (const [id, slot] of pendingById) {
        if (wanted.has(id) && !redrawn.has(id)) continue;
        pending.remove(slot);
        pendingById.delete(id);
        const item = rendered.get(slot);
        if (!item) continue;
        rendered.delete(slot);
        if (redrawn.has(id) && wanted.has(id)) item.remove();
        else confirming.set(id, item);
      }
      for (const item of items) {
        if (pendingById.has(item.id)) continue;
        if (!redrawn.has(item.id)) following = true; // the reader just sent this: show it
        const row: Row = { kind: 'pending', item, name: myName, peerId: selfPeerId };
        pendingById.set(item.id, pending.append(row, estimate('pending')));
      }
      requestFrame();
    },

    onUnseenChange(listener) {
      unseenListeners.add(listener);
      return () => unseenListeners.delete(listener);
    },

    get unseen() {
      return unseen;
    },

    jumpToLatest,
  };
}
