// Every message of the history within its bound (HISTORY_BOUND), for paging back and searching.
// History keeps only its newest few thousand for replay and dedupe; this keeps all of them, each
// with its text, author name and attachment file names folded once (search-text.ts), so a
// search is one pass of `includes` over plain strings: ~100,000 messages in a few ms.
//
// The index lives in memory only and is built from the history file at every start (whatever
// state the file was in: history-reader.ts), and appended to with the file: there is no second
// file that could fall out of step with it.

import type { ChatMessage } from '../protocol/messages';
import { foldForSearch } from '../protocol/search-text';

/** The newest messages the history keeps, on disk and for search (a stated setting). */
export const HISTORY_BOUND = 100_000;

/** Between fields, so a match never runs from the end of one into the next. */
const FIELD_BREAK = '\u0000';

function searchable(message: ChatMessage): string {
  return foldForSearch(
    [message.text, message.from.name, ...(message.attachments ?? []).map((a) => a.name)].join(
      FIELD_BREAK,
    ),
  );
}

export interface Page {
  messages: ChatMessage[];
  atStart: boolean;
  atEnd: boolean;
}

export interface SearchPage {
  hits: ChatMessage[];
  next: number | null;
}

export class HistoryIndex {
  private messages: ChatMessage[] = [];
  private folded: string[] = [];
  /** Entries before this are dropped; compacted away in bulk, not one shift() per message. */
  private start = 0;

  constructor(
    readonly bound = HISTORY_BOUND,
    initial: readonly ChatMessage[] = [],
  ) {
    for (const message of initial.slice(-bound)) this.add(message);
  }

  get size(): number {
    return this.messages.length - this.start;
  }

  add(message: ChatMessage): void {
    this.messages.push(message);
    this.folded.push(searchable(message));
    if (this.size > this.bound) this.start += 1;
    if (this.start >= Math.max(1024, this.bound >> 2)) this.compact();
  }

  /** Forgets every message from `seq` on (messages that were taken back, never saved). */
  dropFrom(seq: number): void {
    const at = this.indexBefore(seq);
    this.messages.length = at;
    this.folded.length = at;
    if (this.start > at) this.start = at;
  }

  /** Every message kept, oldest first. */
  all(): ChatMessage[] {
    return this.messages.slice(this.start);
  }

  /** The `limit` messages before `beforeSeq`, oldest first. */
  before(beforeSeq: number, limit: number): Page {
    const end = this.indexBefore(beforeSeq);
    return this.slice(Math.max(this.start, end - limit), end);
  }

  /** The `limit` messages after `afterSeq`, oldest first. */
  after(afterSeq: number, limit: number): Page {
    const from = this.indexBefore(afterSeq + 1);
    return this.slice(from, Math.min(this.messages.length, from + limit));
  }

  /**
   * The message `seq` with up to `limit` messages in all around it (as many before as after,
   * where there are), oldest first; null when no message `seq` is kept.
   */
  around(seq: number, limit: number): Page | null {
    const at = this.indexBefore(seq);
    if (this.messages[at]?.seq !== seq) return null;
    const end = this.messages.length;
    let from = Math.max(this.start, at - Math.floor((limit - 1) / 2));
    const to = Math.min(end, from + limit);
    from = Math.max(this.start, to - limit); // near the newest: the rest goes before it
    return this.slice(from, to);
  }

  /** The seqs of the oldest and newest messages kept, or null when none is. */
  get range(): { first: number; last: number } | null {
    const first = this.messages[this.start];
    const last = this.messages.at(-1);
    return first && last && this.size > 0 ? { first: first.seq, last: last.seq } : null;
  }

  private slice(from: number, to: number): Page {
    return {
      messages: this.messages.slice(from, to),
      atStart: from === this.start,
      atEnd: to === this.messages.length,
    };
  }

  /** Up to `limit` messages before `beforeSeq` (null: from the newest) holding `query`. */
  search(query: string, beforeSeq: number | null, limit: number): SearchPage {
    const needle = foldForSearch(query);
    const hits: ChatMessage[] = [];
    let i = (beforeSeq === null ? this.messages.length : this.indexBefore(beforeSeq)) - 1;
    for (; i >= this.start && hits.length < limit; i -= 1) {
      if ((this.folded[i] as string).includes(needle)) hits.push(this.messages[i] as ChatMessage);
    }
    const more = hits.length === limit && this.anyMatch(needle, i);
    return { hits, next: more ? (hits.at(-1)?.seq ?? null) : null };
  }

  /** Whether any message at index `from` or older matches (so "more" is never a dead end). */
  private anyMatch(needle: string, from: number): boolean {
    for (let i = from; i >= this.start; i -= 1) {
      if ((this.folded[i] as string).includes(needle)) return true;
    }
    return false;
  }

  /** The index of the first message whose seq is `seq` or more (seqs only increase). */
  private indexBefore(seq: number): number {
    let lo = this.start;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.messages[mid] as ChatMessage).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    this.messages = this.messages.slice(this.start);
    this.folded = this.folded.slice(this.start);
    this.start = 0;
  }
}
