// Older history for the chat list: when the reader scrolls up near the oldest message the
// window holds, the page before it is asked of the hub (client.page: a request answered by
// id) and put above it, until the first message of the history. A search result is brought
// into view the same way: pages are fetched until it is held, then the list reveals it.

import type { ChatClient } from '../../../client/client-types';
import type { MessageListView } from '../ui/message-list/message-list';

/** Messages per page while scrolling: a few screens, fetched well before the top is reached. */
const SCROLL_PAGE = 100;
/** Messages per page while fetching towards a search result: the largest page the hub gives. */
const JUMP_PAGE = 200;

export class Scrollback {
  private loading: Promise<boolean> | null = null;
  /** The first seq of the history, once a page said it reached the start. */
  private firstSeq: number | null = null;
  private selfId: string | null = null;

  constructor(
    private readonly client: ChatClient,
    private readonly list: MessageListView,
  ) {
    list.onNearTop(() => void this.older(SCROLL_PAGE));
    client.subscribe((event) => {
      if (event.type === 'peers') this.selfId = event.selfId;
      if (event.type === 'timeline-reset') this.firstSeq = null; // another history, maybe
    });
  }

  /** Whether the list holds the history's first message. */
  get atStart(): boolean {
    const oldest = this.list.oldestSeq;
    return oldest !== null && this.firstSeq !== null && oldest <= this.firstSeq;
  }

  /** Fetches the page before the oldest message held; false when there is none or it failed. */
  older(limit: number): Promise<boolean> {
    this.loading ??= this.fetch(limit).finally(() => (this.loading = null));
    return this.loading;
  }

  /** Fetches pages until the chat `seq` is held, then scrolls to it and highlights it. */
  async reveal(seq: number): Promise<boolean> {
    for (;;) {
      if (this.list.reveal(seq)) return true;
      const oldest = this.list.oldestSeq;
      if (oldest === null || oldest <= seq || this.atStart) return false;
      if (!(await this.older(JUMP_PAGE))) return false;
    }
  }

  private async fetch(limit: number): Promise<boolean> {
    const oldest = this.list.oldestSeq;
    if (oldest === null || this.atStart) return false;
    const page = await this.client.page(oldest, limit);
    // The list may have moved on meanwhile (a reset, or dropped pages): only a page that
    // still fits goes in.
    if (!page.ok || this.list.oldestSeq !== oldest) return false;
    if (page.atStart) this.firstSeq = page.messages[0]?.seq ?? oldest;
    this.list.prepend(page.messages, this.selfId);
    return page.messages.length > 0;
  }
}
