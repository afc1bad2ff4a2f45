// The older history a list holds beside its live timeline, by rows alone: pages scrolled back
// to above the newest messages (counted, so they can go again once the reader is back at the
// newest), or a window of older history shown instead of the live timeline (after a jump to
// an old search result), read down until it meets the live timeline and joins it.
//
// Changes that rebuild the rows on screen take `keepPlace`: the view runs them so the chat the
// reader is looking at stays where it is. Rendering is the view's: it renders after each call.

import type { ChatMessage } from '../../../../protocol/messages';
import type { ChatRows } from './chat-rows';
import type { Row } from './row-elements';
import type { Slot } from './row-store';

export type KeepPlace = (change: () => void) => void;

function entriesOf(
  messages: readonly ChatMessage[],
  selfId: string | null,
): { message: ChatMessage; own: boolean }[] {
  return messages.map((message) => ({ message, own: message.from.id === selfId }));
}

function countChats(slots: readonly Slot<Row>[]): number {
  let count = 0;
  for (const slot of slots) if (slot.value.kind === 'chat') count += 1;
  return count;
}

export class HistoryPages {
  /** Rows paged in above the live timeline: dropped again once the reader is back at the newest. */
  private olderRows = 0;

  constructor(private readonly rows: ChatRows) {}

  /** A page above every row held. */
  prepend(messages: readonly ChatMessage[], selfId: string | null): void {
    const added = this.rows.timeline.prepend(entriesOf(messages, selfId));
    if (!this.rows.showsWindow) this.olderRows += added;
  }

  /** Back at the newest: the pages scrolled back to are far out of view, so they go. */
  dropOlder(): void {
    if (this.olderRows === 0) return;
    this.rows.live.dropOldest(this.olderRows);
    this.olderRows = 0;
  }

  /** The live timeline was replaced whole: nothing above it is paged in. */
  forget(): void {
    this.olderRows = 0;
  }

  showWindow(messages: readonly ChatMessage[], selfId: string | null): void {
    this.dropOlder(); // the pages above the newest are far from where the reader goes
    this.rows.showWindow();
    for (const entry of entriesOf(messages, selfId))
      this.rows.window.take({ kind: 'chat', ...entry }, false);
  }

  get windowNewestSeq(): number | null {
    return this.rows.showsWindow ? this.rows.window.newestSeq : null;
  }

  append(
    messages: readonly ChatMessage[],
    selfId: string | null,
    atEnd: boolean,
    keepPlace: KeepPlace,
  ): void {
    if (!this.rows.showsWindow) return;
    for (const entry of entriesOf(messages, selfId))
      this.rows.window.take({ kind: 'chat', ...entry }, false);
    const newest = this.rows.window.newestSeq;
    const liveOldest = this.rows.live.oldestSeq;
    // Seqs have no gaps (a message taken back gives its seq out again): one past the window's
    // newest is the live timeline's oldest when they meet.
    const meets = newest !== null && liveOldest !== null && newest + 1 >= liveOldest;
    if (atEnd || meets) keepPlace(() => this.joinLive());
  }

  get pagedChats(): number {
    if (this.rows.showsWindow) return this.rows.window.chats().length;
    return countChats(this.rows.live.store.slice(0, this.olderRows));
  }

  dropOldest(count: number): void {
    const timeline = this.rows.timeline;
    const before = timeline.store.length;
    timeline.dropOldestChats(Math.min(count, this.pagedChats));
    if (!this.rows.showsWindow)
      this.olderRows = Math.max(0, this.olderRows - (before - timeline.store.length));
  }

  dropNewest(count: number, keepPlace: KeepPlace): void {
    if (this.rows.showsWindow) return this.rows.window.dropNewestChats(count);
    // The live timeline is under the newest paged-in chats: the list becomes a window of the
    // pages above it, without their newest `count`.
    const live = this.rows.live;
    const paged = live.chats().slice(0, this.pagedChats);
    const kept = paged.slice(0, Math.max(0, paged.length - count));
    const start = live.startsAtStart && this.olderRows > 0;
    keepPlace(() => {
      this.rows.showWindow();
      for (const entry of kept) this.rows.window.take({ kind: 'chat', ...entry }, false);
      if (start) this.rows.window.markStart();
      live.dropOldest(this.olderRows);
      this.olderRows = 0;
    });
  }

  markStart(): void {
    const timeline = this.rows.timeline;
    if (timeline.startsAtStart || timeline.oldestSeq === null) return;
    timeline.markStart();
    if (!this.rows.showsWindow && this.olderRows > 0) this.olderRows += 1;
  }

  get atStart(): boolean {
    return this.rows.timeline.startsAtStart;
  }

  /** The window of older history has reached the newest messages: one list again. */
  private joinLive(): void {
    const live = this.rows.live;
    const liveOldest = live.oldestSeq;
    const window = this.rows.window;
    const start = window.startsAtStart;
    const older = window
      .chats()
      .filter(({ message }) => liveOldest === null || message.seq < liveOldest);
    this.rows.showLive();
    this.olderRows += live.prepend(older);
    if (start) this.markStart();
  }
}
