// Reading the history beyond what a window holds: a page of older messages, a page of newer
// ones, the page around one message (a search result jumped to), and a search of the whole
// history. Both are requests answered by one response frame, matched by the `requestId`
// the window made (the hub answers requests in order per connection, but a window must not rely
// on it: a response names the request it answers).

import type { ChatMessage } from './messages';

export const HISTORY_LIMITS = {
  /** The most messages one page may ask for. */
  maxPageSize: 200,
  /** The most results one search page may ask for. */
  maxSearchResults: 50,
  /** Characters (UTF-16 code units) in one search query. */
  maxQueryLength: 100,
  /**
   * Searches and jumps (page-around: each a lookup anywhere in the history) per second per
   * connection, and how many may come at once; paging back and forth is not counted.
   */
  searchesPerSecond: 4,
  searchBurst: 8,
} as const;

/** "The `limit` messages before `beforeSeq`", oldest first. */
export interface PageRequest {
  type: 'page';
  requestId: string;
  historyId: string;
  beforeSeq: number;
  limit: number;
}

/**
 * Messages whose text, author name or attachment file name holds `query` (case-insensitive,
 * Unicode-normalised: see search-text.ts), newest first, only those before `beforeSeq` (null:
 * from the newest). The next page asks again with the response's `next`.
 */
export interface SearchRequest {
  type: 'search';
  requestId: string;
  historyId: string;
  query: string;
  beforeSeq: number | null;
  limit: number;
}

/** "The `limit` messages after `afterSeq`", oldest first (reading down from an older page). */
export interface PageAfterRequest {
  type: 'page-after';
  requestId: string;
  historyId: string;
  afterSeq: number;
  limit: number;
}

/**
 * "The page around message `seq`": that message with up to `limit` messages in all, about as
 * many before it as after it, oldest first. `seq` must be a message the history holds.
 */
export interface PageAroundRequest {
  type: 'page-around';
  requestId: string;
  historyId: string;
  seq: number;
  limit: number;
}

export type HistoryRequest = PageRequest | PageAfterRequest | PageAroundRequest | SearchRequest;

export interface PageMessage {
  type: 'page';
  requestId: string;
  historyId: string;
  /** Oldest first; at most `limit`. */
  messages: ChatMessage[];
  /** No message of the history is older than the first of these. */
  atStart: boolean;
  /** No message of the history is newer than the last of these. */
  atEnd: boolean;
}

export interface SearchResultsMessage {
  type: 'search-results';
  requestId: string;
  historyId: string;
  query: string;
  /** Newest first. */
  hits: ChatMessage[];
  /** Ask again with this as `beforeSeq` for older matches; null when there are none. */
  next: number | null;
}

/**
 * `bad-request`: a field out of range (a negative seq, a page too large, a query too long).
 * `not-found`: page-around named a message the history does not hold (never was, taken back,
 * or older than the history keeps).
 * `unknown-history`: the history was replaced (the window must start over from the newest).
 * `rate-limited`: too many searches; wait and ask again.
 */
export type RequestFailure = 'bad-request' | 'not-found' | 'unknown-history' | 'rate-limited';

export interface RequestFailedMessage {
  type: 'request-failed';
  requestId: string;
  code: RequestFailure;
  message: string;
}

export type HistoryResponse = PageMessage | SearchResultsMessage | RequestFailedMessage;
