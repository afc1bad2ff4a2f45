// The scrollback's side of reading far back: which pages it asks the hub for, and how many
// paged-in chats it lets the list hold. The list here is a model of the chat list's contract
// (seqs only, no DOM); the real list is driven the same way in e2e/history-search.spec.ts.

import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../client/client-types';
import type { PageResult } from '../../../client/history-requests';
import type { ChatMessage } from '../../../protocol/messages';
import {
  MAX_PAGED_CHATS,
  SCROLL_PAGE,
  Scrollback,
  type ScrollbackClient,
  type ScrollbackList,
} from './scrollback';

const COUNT = 10_000;
const LIVE = 200;

const message = (seq: number): ChatMessage => ({
  type: 'chat',
  seq,
  id: `m${seq}`,
  from: { id: 'p-ada', name: 'Ada' },
  text: `message ${seq}`,
  at: seq * 1000,
});

/** A hub's history of COUNT messages, and every request asked of it. */
class FakeHistory implements ScrollbackClient {
  readonly asked: string[] = [];
  missing = new Set<number>();

  page(beforeSeq: number, limit: number): Promise<PageResult> {
    this.asked.push(`page ${beforeSeq}`);
    return this.slice(Math.max(1, beforeSeq - limit), beforeSeq);
  }

  pageAfter(afterSeq: number, limit: number): Promise<PageResult> {
    this.asked.push(`after ${afterSeq}`);
    return this.slice(afterSeq + 1, Math.min(COUNT + 1, afterSeq + 1 + limit));
  }

  pageAround(seq: number, limit: number): Promise<PageResult> {
    this.asked.push(`around ${seq}`);
    if (this.missing.has(seq) || seq > COUNT) {
      return Promise.resolve({ ok: false, problem: 'not-found', message: `no message ${seq}` });
    }
    const from = Math.max(1, Math.min(seq - limit / 2, COUNT + 1 - limit));
    return this.slice(from, from + limit);
  }

  /** Who hears the client's events (the scrollback). */
  listener: ((event: ClientEvent) => void) | null = null;

  subscribe(listener: (event: ClientEvent) => void): () => void {
    this.listener = listener;
    return () => undefined;
  }

  private slice(from: number, to: number): Promise<PageResult> {
    const messages = Array.from({ length: Math.max(0, to - from) }, (_, i) => message(from + i));
    return Promise.resolve({ ok: true, messages, atStart: from <= 1, atEnd: to > COUNT });
  }
}

/** The chat list's contract, as seqs: the live newest, pages joined above, or a window. */
class ModelList implements ScrollbackList {
  live = Array.from({ length: LIVE }, (_, i) => COUNT - LIVE + 1 + i);
  paged: number[] = [];
  window: number[] | null = null;
  atStart = false;
  readonly top: (() => void)[] = [];
  readonly bottom: (() => void)[] = [];

  /** Every chat the list holds. */
  get held(): number {
    return this.window ? this.window.length : this.paged.length + this.live.length;
  }
  get oldestSeq(): number | null {
    return (this.window ?? [...this.paged, ...this.live])[0] ?? null;
  }
  get windowNewestSeq(): number | null {
    return this.window?.at(-1) ?? null;
  }
  get pagedChats(): number {
    return this.window ? this.window.length : this.paged.length;
  }
  onNearTop(listener: () => void): () => void {
    this.top.push(listener);
    return () => undefined;
  }
  onNearBottom(listener: () => void): () => void {
    this.bottom.push(listener);
    return () => undefined;
  }
  prepend(messages: readonly ChatMessage[]): void {
    const seqs = messages.map((m) => m.seq);
    if (this.window) this.window.unshift(...seqs);
    else this.paged.unshift(...seqs);
  }
  showWindow(messages: readonly ChatMessage[]): void {
    this.window = messages.map((m) => m.seq);
    this.paged = [];
    this.atStart = false;
  }
  append(messages: readonly ChatMessage[], _selfId: string | null, atEnd: boolean): void {
    if (!this.window) return;
    this.window.push(...messages.map((m) => m.seq));
    const liveOldest = this.live[0] ?? Number.POSITIVE_INFINITY;
    if (!atEnd && (this.window.at(-1) ?? 0) + 1 < liveOldest) return;
    this.paged = this.window.filter((seq) => seq < liveOldest);
    this.window = null;
  }
  dropOldest(count: number): void {
    (this.window ?? this.paged).splice(0, count);
    this.atStart = false;
  }
  dropNewest(count: number): void {
    const from = this.window ?? this.paged;
    this.window = from.slice(0, Math.max(0, from.length - count));
    this.paged = [];
  }
  markStart(): void {
    this.atStart = true;
  }
  reveal(seq: number): boolean {
    return (this.window ?? [...this.paged, ...this.live]).includes(seq);
  }
}

function setUp() {
  const history = new FakeHistory();
  const list = new ModelList();
  const scrollback = new Scrollback(history, list);
  return { history, list, scrollback };
}

describe('scrollback', () => {
  it('reads back to the very first message holding a bounded number of rows, then down again', async () => {
    const { history, list, scrollback } = setUp();
    let pages = 0;
    while (await scrollback.older(SCROLL_PAGE)) {
      pages += 1;
      expect(list.pagedChats).toBeLessThanOrEqual(MAX_PAGED_CHATS);
      expect(list.held).toBeLessThanOrEqual(MAX_PAGED_CHATS + LIVE);
      expect(pages).toBeLessThan(200);
    }
    expect(pages).toBe((COUNT - LIVE) / SCROLL_PAGE);
    expect(list.oldestSeq).toBe(1);
    expect(list.atStart).toBe(true);
    // Far from the newest: they were let go, and the list shows a window of older history.
    expect(list.window).toHaveLength(MAX_PAGED_CHATS);
    const asked = history.asked.length;
    expect(await scrollback.older(SCROLL_PAGE)).toBe(false); // nothing older: nothing asked
    expect(history.asked).toHaveLength(asked);

    // Reading down asks for the pages after the window until it joins the newest messages.
    while (await scrollback.newer(SCROLL_PAGE)) {
      expect(list.held).toBeLessThanOrEqual(MAX_PAGED_CHATS + LIVE);
    }
    expect(list.window).toBeNull();
    expect(list.atStart).toBe(false); // the first page went long ago
    expect(list.oldestSeq).toBeGreaterThan(COUNT - LIVE - MAX_PAGED_CHATS);
    expect(history.asked.at(-1)).toMatch(/^after /);
  });

  it('jumps to an old result with one request for the page around it, not every page between', async () => {
    const { history, list, scrollback } = setUp();
    expect(await scrollback.reveal(5)).toEqual({ shown: true });
    expect(history.asked).toEqual(['around 5']);
    expect(list.window?.[0]).toBe(1);
    expect(list.atStart).toBe(true);
    // A result already held is shown without asking.
    expect(await scrollback.reveal(7)).toEqual({ shown: true });
    expect(history.asked).toEqual(['around 5']);
    // The page around one of the newest reaches them: the list is one again.
    expect(await scrollback.reveal(COUNT - LIVE - 10)).toEqual({ shown: true });
    expect(list.window).toBeNull();
    expect(list.oldestSeq).toBeLessThan(COUNT - LIVE - 10);
  });

  it('says a result the history no longer holds is gone, and passes on any other failure', async () => {
    const { history, list, scrollback } = setUp();
    history.missing.add(42);
    expect(await scrollback.reveal(42)).toEqual({ shown: false, reason: null });
    expect(list.window).toBeNull(); // the newest stay shown
    history.pageAround = () =>
      Promise.resolve({ ok: false, problem: 'timed-out', message: 'no answer from the hub' });
    expect(await scrollback.reveal(43)).toEqual({
      shown: false,
      reason: 'no answer from the hub',
    });
  });

  it('marks the start at once when the first message is among the newest', async () => {
    const { history, list } = setUp();
    list.live = [1, 2, 3];
    history.listener?.({ type: 'timeline-reset', entries: [] });
    await Promise.resolve();
    expect(list.atStart).toBe(true);
    expect(history.asked).toEqual([]);
  });
});
