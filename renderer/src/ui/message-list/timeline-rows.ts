// The chat timeline in memory (no DOM), in order: the start-of-chat marker once the first
// message of the history is held, day separators, sequenced chats, system notes and the single
// server-push line, which moves down under the newest message each time a push
// arrives. Each entry costs O(1); the DOM catches up later, once a frame.
//
// Cap: MAX_ROWS (120,000 rows: 100,000 messages with room for notes and day separators) are
// kept, ~28 MiB of heap at 100,000 messages; beyond that the oldest are forgotten, CHUNK_SIZE
// rows at a time (they stay in the hub's history, not in this window). 120,000 rows of a
// typical height (~66 px) stay under the tallest scrollable box Chromium lays out (~33M px).

import type { ChatMessage, PushMessage } from '../../../../protocol/messages';
import type { TimelineEntry } from '../../../../client/client-types';
import { noteText } from '../../connection/client-text';
import { dayStart, startsNewDay } from './day-separators';
import type { Row } from './row-elements';
import type { HeightEstimates } from './row-heights';
import { CHUNK_SIZE, RowStore, type Slot } from './row-store';

export const MAX_ROWS = 120_000;

/** A live entry the reader should hear about, and whether it is someone else's chat. */
export interface Arrival {
  line: string;
  fromOther: boolean;
}

export class TimelineRows {
  readonly store = new RowStore<Row>();
  private pushSlot: Slot<Row> | null = null;
  private lastSlot: Slot<Row> | null = null;
  private lastDayAt: number | null = null;

  constructor(private readonly heights: HeightEstimates) {}

  clear(): void {
    this.store.clear();
    this.pushSlot = null;
    this.lastSlot = null;
    this.lastDayAt = null;
  }

  /** Adds an entry; a live one (not from a reset) may be news for the reader. */
  take(entry: TimelineEntry, live: boolean): Arrival | null {
    switch (entry.kind) {
      case 'chat': {
        const { message, own } = entry;
        this.append({ kind: 'chat', message, own, fresh: live }, message.at);
        if (!live || own) return null;
        return { line: `${message.from.name}: ${message.text}`, fromOther: true };
      }
      case 'push':
        this.takePush(entry.push);
        return null;
      case 'system': {
        const text = noteText(entry.note);
        this.append(
          { kind: 'system', text, at: entry.at, tone: entry.tone, fresh: live },
          entry.at,
        );
        return live ? { line: text, fromOther: false } : null;
      }
    }
  }

  /**
   * Older chats paged in from the hub, oldest first, before every row there is; returns how
   * many rows that added. The first day's separator moves up to the page when they share a day.
   */
  prepend(entries: readonly { message: ChatMessage; own: boolean }[]): number {
    const rows: { value: Row; estimate: number }[] = [];
    let dayAt: number | null = null;
    for (const { message, own } of entries) {
      if (startsNewDay(dayAt, message.at)) {
        rows.push({
          value: { kind: 'day', day: dayStart(message.at) },
          estimate: this.heights.estimate('day'),
        });
      }
      dayAt = message.at;
      rows.push({
        value: { kind: 'chat', message, own, fresh: false },
        estimate: this.heights.estimate('chat'),
      });
    }
    const first = this.store.at(0);
    if (dayAt !== null && first?.value.kind === 'day' && first.value.day === dayStart(dayAt)) {
      this.store.remove(first);
    }
    this.store.prepend(rows);
    return rows.length;
  }

  /** The oldest chat's seq, or null when no chat is held. */
  get oldestSeq(): number | null {
    const at = this.store.findIndex((row) => row.kind === 'chat');
    const row = this.store.at(at)?.value;
    return row?.kind === 'chat' ? row.message.seq : null;
  }

  /** Where the chat with `seq` is, or -1 when it is not held. */
  indexOfSeq(seq: number): number {
    return this.store.findIndex((row) => row.kind === 'chat' && row.message.seq === seq);
  }

  /** Forgets the oldest `count` rows (older pages out of view); a day separator stays on top. */
  dropOldest(count: number): void {
    this.store.dropOldest(count);
    if (this.lastSlot && !this.store.contains(this.lastSlot)) this.clear();
    if (this.pushSlot && !this.store.contains(this.pushSlot)) this.pushSlot = null;
    const first = this.store.at(0)?.value;
    if (first?.kind === 'chat') {
      this.store.prepend([
        {
          value: { kind: 'day', day: dayStart(first.message.at) },
          estimate: this.heights.estimate('day'),
        },
      ]);
    }
  }

  /** The newest chat's seq, or null when no chat is held. */
  get newestSeq(): number | null {
    for (let i = this.store.length - 1; i >= 0; i--) {
      const row = this.store.at(i)?.value;
      if (row?.kind === 'chat') return row.message.seq;
    }
    return null;
  }

  /** Every chat held, oldest first (a window of history joining the live timeline). */
  chats(): { message: ChatMessage; own: boolean }[] {
    const out: { message: ChatMessage; own: boolean }[] = [];
    for (const slot of this.store.slice(0, this.store.length)) {
      const row = slot.value;
      if (row.kind === 'chat') out.push({ message: row.message, own: row.own });
    }
    return out;
  }

  /** The first message of the history is the oldest held: a marker says so, above it. */
  markStart(): void {
    if (this.startsAtStart) return;
    this.store.prepend([{ value: { kind: 'start' }, estimate: this.heights.estimate('start') }]);
  }

  get startsAtStart(): boolean {
    return this.store.at(0)?.value.kind === 'start';
  }

  /** Forgets the oldest `count` chats (and the rows among them): a page far above the reader. */
  dropOldestChats(count: number): void {
    let seen = 0;
    let index = 0;
    for (; index < this.store.length && seen < count; index++) {
      if (this.store.at(index)?.value.kind === 'chat') seen += 1;
    }
    if (index > 0) this.dropOldest(index);
  }

  /** Forgets the newest `count` chats and every row after the first of them: far below. */
  dropNewestChats(count: number): void {
    let seen = 0;
    let index = this.store.length;
    while (index > 0 && seen < count) {
      index -= 1;
      if (this.store.at(index)?.value.kind === 'chat') seen += 1;
    }
    // A day separator left with no row of its day under it goes too.
    if (this.store.at(index - 1)?.value.kind === 'day') index -= 1;
    this.store.dropNewest(this.store.length - index);
    if (this.pushSlot && !this.store.contains(this.pushSlot)) this.pushSlot = null;
    this.lastSlot = this.store.at(this.store.length - 1) ?? null;
    this.lastDayAt = null;
    for (let i = this.store.length - 1; i >= 0 && this.lastDayAt === null; i--) {
      const row = this.store.at(i)?.value;
      if (row?.kind === 'chat') this.lastDayAt = row.message.at;
      else if (row?.kind === 'system') this.lastDayAt = row.at;
    }
  }

  // Pushes arrive every few seconds: rather than flood the chat, one server line shows the
  // latest push and moves down to stay under the newest message.
  private takePush(push: PushMessage): void {
    const current = this.pushSlot?.value;
    if (this.pushSlot && current?.kind === 'push') {
      current.push = push;
      current.count += 1;
      current.version += 1;
      if (this.lastSlot !== this.pushSlot) {
        this.store.remove(this.pushSlot);
        this.pushSlot = this.append(current, null);
      }
      return;
    }
    this.pushSlot = this.append({ kind: 'push', push, count: 1, version: 0 }, null);
  }

  /** Appends a row, after a day separator when `at` starts a new day; keeps the cap. */
  private append(row: Row, at: number | null): Slot<Row> {
    if (at !== null) {
      if (startsNewDay(this.lastDayAt, at)) {
        const day: Row = { kind: 'day', day: dayStart(at) };
        this.lastSlot = this.store.append(day, this.heights.estimate('day'));
      }
      this.lastDayAt = at;
    }
    const slot = this.store.append(row, this.heights.estimate(row.kind));
    this.lastSlot = slot;
    if (this.store.length >= MAX_ROWS + CHUNK_SIZE) {
      this.store.dropOldest(this.store.length - MAX_ROWS);
      if (this.pushSlot && !this.store.contains(this.pushSlot)) this.pushSlot = null;
    }
    return slot;
  }
}
