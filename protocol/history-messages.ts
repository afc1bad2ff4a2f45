// Reading the history beyond what a window holds: a page of older messages, and a search of the
// whole history. Both are requests answered by one response frame, matched by the `requestId`
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
  /** Searches per second per connection, and how many may come at once. */
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

export type HistoryRequest = PageRequest | SearchRequest;

export interface PageMessage {
  type: 'page';
  requestId: string;
  historyId: string;
  /** Oldest first; at most `limit`. */
  messages: ChatMessage[];
  /** No message of the history is older than the first of these. */
  atStart: boolean;
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
 * `unknown-history`: the history was replaced (the window must start over from the newest).
 * `rate-limited`: too many searches; wait and ask again.
 */
export type RequestFailure = 'bad-request' | 'unknown-history' | 'rate-limited';

export interface RequestFailedMessage {
  type: 'request-failed';
  requestId: string;
  code: RequestFailure;
  message: string;
}

export type HistoryResponse = PageMessage | SearchResultsMessage | RequestFailedMessage;
