// What the rest of the window can use of the chat list (message-list.ts builds it):
// - reset / add / setPending: fed from the chat client's events.
// - onUnseenChange(cb): cb(count) whenever the number of unseen messages changes (see
//   new-messages.ts). Meant for the unread count in the window title; returns an unsubscribe
//   function. `unseen` reads the current count.
// - jumpToLatest(): scrolls to the newest message and follows new ones again (the "New
//   messages" pill and the End key do the same).
// - Older history (paged in from the hub by renderer/src/chat/scrollback.ts): onNearTop(cb)
//   says the reader scrolled up near the oldest row held; prepend(messages) puts a page above
//   it, the reader's place held (the anchor is a row, not a pixel offset); oldestSeq; reveal(seq)
//   scrolls a held chat to the middle and highlights it (data-highlight="true"). Once the
//   list follows the newest again, the paged-in rows are dropped (fetched again when needed).
// - A window of older history (a search result jumped to): showWindow(messages) shows only the
//   page around it in place of the newest messages; onNearBottom(cb) / append(messages, atEnd)
//   read down from there, and once a page reaches the newest messages the window joins them
//   again, the reader's place held. dropOldest / dropNewest let pages far out of view go (the
//   scrollback keeps memory bounded with them); markStart() puts the start-of-chat marker on top.

import type { Self, TimelineEntry } from '../../../../client/client-types';
import type { OutboxItem } from '../../../../client/outbox';
import type { ChatMessage } from '../../../../protocol/messages';

export interface MessageListView {
  reset(entries: readonly TimelineEntry[]): void;
  add(entry: TimelineEntry): void;
  /** `self` is who the pending messages are from: their rows wear that name and colour. */
  setPending(items: readonly OutboxItem[], self: Self): void;
  onUnseenChange(listener: (count: number) => void): () => void;
  readonly unseen: number;
  jumpToLatest(): void;
  /** Older chats (oldest first) above every row held; `selfId` marks the user's own. */
  prepend(messages: readonly ChatMessage[], selfId: string | null): void;
  /** The oldest chat held, or null when none is. */
  readonly oldestSeq: number | null;
  /** `listener` runs whenever the reader is scrolled up near the oldest row held. */
  onNearTop(listener: () => void): () => void;
  /**
   * Shows these chats (oldest first), a window of older history, instead of the newest
   * messages, which keep arriving unseen until the window joins them or the reader goes back.
   */
  showWindow(messages: readonly ChatMessage[], selfId: string | null): void;
  /** The newest chat of the window shown; null while the list shows the newest messages. */
  readonly windowNewestSeq: number | null;
  /**
   * Newer chats under the window; `atEnd` (no message is newer) or a page that reaches the
   * newest messages joins the window to them, the reader's place held.
   */
  append(messages: readonly ChatMessage[], selfId: string | null, atEnd: boolean): void;
  /** `listener` runs whenever the reader is scrolled down near the bottom of a window shown. */
  onNearBottom(listener: () => void): () => void;
  /** Chats held that were paged in (not the live ones the window was given or received). */
  readonly pagedChats: number;
  /** Lets the oldest `count` paged-in chats go (far above the reader). */
  dropOldest(count: number): void;
  /**
   * Lets the newest `count` paged-in chats go (far below the reader), and the newest messages
   * under them: the list then shows a window of older history.
   */
  dropNewest(count: number): void;
  /** The oldest chat held is the first of the history: the start-of-chat marker goes on top. */
  markStart(): void;
  readonly atStart: boolean;
  /** Scrolls the chat `seq` into the middle and highlights it; false when it is not held. */
  reveal(seq: number): boolean;
  /** No chat highlighted any more. */
  clearHighlight(): void;
}
