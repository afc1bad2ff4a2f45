// Older history for the chat list. When the reader scrolls up near the oldest message the
// window holds, the page before it is asked of the hub (client.page: a request answered by
// id) and put above it, until the first message of the history, where the start-of-chat marker
// goes. Choosing a search result far back asks only for the page around it
// (client.pageAround): the list shows that window of history, and scrolling down from there
// asks for the pages after it (client.pageAfter) until they reach the newest messages.
//
// Memory stays bounded however far the reader goes: at most MAX_PAGED_CHATS paged-in chats
// are held; past that, the pages at the far end from where the reader is going are let go
// (and asked for again if the reader comes back to them).

import type { ChatClient } from '../../../client/client-types';
import type { MessageListView } from '../ui/message-list/message-list-view';

/** Messages per page while scrolling: a few screens, fetched well before the edge is reached. */
export const SCROLL_PAGE = 100;
/** Messages in the page around a search result jumped to. */
export const JUMP_PAGE = 100;
/** Paged-in chats held at most (a few pages): the far ones go first. */
export const MAX_PAGED_CHATS = 400;

/** What a reveal found: shown, or why not (the hub's own words when it said). */
export type RevealResult = { shown: true } | { shown: false; reason: string | null };

/** What the scrollback asks of the client: pages, and its events. */
export type ScrollbackClient = Pick<ChatClient, 'page' | 'pageAfter' | 'pageAround' | 'subscribe'>;

/** What the scrollback does with the chat list. */
export type ScrollbackList = Pick<
  MessageListView,
  | 'oldestSeq'
  | 'windowNewestSeq'
  | 'pagedChats'
  | 'atStart'
  | 'onNearTop'
  | 'onNearBottom'
  | 'prepend'
  | 'append'
  | 'showWindow'
  | 'dropOldest'
  | 'dropNewest'
  | 'markStart'
  | 'reveal'
>;

export class Scrollback {
  private loadingOlder: Promise<boolean> | null = null;
  private loadingNewer: Promise<boolean> | null = null;
  private selfId: string | null = null;

  constructor(
    private readonly client: ScrollbackClient,
    private readonly list: ScrollbackList,
  ) {
    list.onNearTop(() => void this.older(SCROLL_PAGE));
    list.onNearBottom(() => void this.newer(SCROLL_PAGE));
    client.subscribe((event) => {
      if (event.type === 'peers') this.selfId = event.selfId;
      // A chat whose first message is held from the start shows the marker without a page.
      const first = event.type === 'timeline-add' && event.entry.kind === 'chat';
      if (event.type === 'timeline-reset' || (first && !this.list.atStart)) {
        queueMicrotask(() => this.markIfFirstHeld()); // once the list has the entries too
      }
    });
  }

  /** Whether the list holds the history's first message. */
  get atStart(): boolean {
    return this.list.atStart || this.list.oldestSeq === 1; // seqs start at 1
  }

  /** Fetches the page before the oldest message held; false when there is none or it failed. */
  older(limit: number): Promise<boolean> {
    this.loadingOlder ??= this.fetchOlder(limit).finally(() => (this.loadingOlder = null));
    return this.loadingOlder;
  }

  /** Fetches the page after a window of older history; false when there is none or it failed. */
  newer(limit: number): Promise<boolean> {
    this.loadingNewer ??= this.fetchNewer(limit).finally(() => (this.loadingNewer = null));
    return this.loadingNewer;
  }

  /**
   * Scrolls to the chat `seq` and highlights it: at once when it is held, otherwise after
   * asking for the page around it (the list then shows that window of history).
   */
  async reveal(seq: number): Promise<RevealResult> {
    if (this.list.reveal(seq)) return { shown: true };
    const page = await this.client.pageAround(seq, JUMP_PAGE);
    if (!page.ok)
      return { shown: false, reason: page.problem === 'not-found' ? null : page.message };
    this.list.showWindow(page.messages, this.selfId);
    if (page.atStart) this.list.markStart();
    this.list.append([], this.selfId, page.atEnd); // joins the newest if it reaches them
    return this.list.reveal(seq) ? { shown: true } : { shown: false, reason: null };
  }

  private async fetchOlder(limit: number): Promise<boolean> {
    const oldest = this.list.oldestSeq;
    if (oldest === null || this.atStart) {
      if (oldest !== null) this.list.markStart();
      return false;
    }
    const page = await this.client.page(oldest, limit);
    // The list may have moved on meanwhile (a reset, a jump, dropped pages): only a page that
    // still fits goes in.
    if (!page.ok || this.list.oldestSeq !== oldest) return false;
    this.list.prepend(page.messages, this.selfId);
    if (page.atStart) this.list.markStart();
    const over = this.list.pagedChats - MAX_PAGED_CHATS;
    if (over > 0) this.list.dropNewest(over); // reading up: the pages far below go
    return page.messages.length > 0;
  }

  private async fetchNewer(limit: number): Promise<boolean> {
    const newest = this.list.windowNewestSeq;
    if (newest === null) return false;
    const page = await this.client.pageAfter(newest, limit);
    if (!page.ok || this.list.windowNewestSeq !== newest) return false;
    this.list.append(page.messages, this.selfId, page.atEnd);
    const over = this.list.pagedChats - MAX_PAGED_CHATS;
    if (over > 0) this.list.dropOldest(over); // reading down: the pages far above go
    return page.messages.length > 0;
  }

  private markIfFirstHeld(): void {
    if (this.list.oldestSeq === 1) this.list.markStart();
  }
}
