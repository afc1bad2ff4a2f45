// Answers a window's history requests (protocol/history-messages.ts): a page of older or newer
// messages, the page around one message, or a search of the whole history. Each answer carries the request's id; anything wrong is a
// `request-failed` answer with a code, never a dropped request, and nothing else changes.

import {
  HISTORY_LIMITS,
  type HistoryRequest,
  type HistoryResponse,
} from '../protocol/history-messages';
import type { History } from './history';
import { TokenBucket } from './rate-limit';

/** Why page-around found no message `seq`, in words a developer reading the frame can act on. */
function notHeld(seq: number, range: { first: number; last: number } | null): string {
  if (!range) return `no message ${seq}: this history holds no messages`;
  const why =
    seq > range.last
      ? `newer than the newest, ${range.last}`
      : seq < range.first
        ? `older than the oldest the history keeps, ${range.first}`
        : 'taken back, never saved';
  return `no message ${seq} in this history (${why})`;
}

export class HistoryRequests {
  /**
   * A bucket per connection for searches and jumps (page-around): a search scans the history,
   * and a jump is a lookup a reader makes by choosing a result, not by scrolling. A page before
   * or after what a window holds is neither.
   */
  private readonly searches = new WeakMap<object, TokenBucket>();

  constructor(
    private readonly history: History,
    private readonly now?: () => number,
  ) {}

  answer(connection: object, request: HistoryRequest): HistoryResponse {
    const { requestId } = request;
    const historyId = this.history.id;
    if (request.historyId !== historyId) {
      return {
        type: 'request-failed',
        requestId,
        code: 'unknown-history',
        message: `history ${request.historyId} is not this hub's history (${historyId}): start over from the newest messages`,
      };
    }
    const index = this.history.index;
    if (request.type === 'page') {
      const page = index.before(request.beforeSeq, request.limit);
      return { type: 'page', requestId, historyId, ...page };
    }
    if (request.type === 'page-after') {
      const page = index.after(request.afterSeq, request.limit);
      return { type: 'page', requestId, historyId, ...page };
    }
    if (!this.takeSearch(connection)) {
      const { searchesPerSecond } = HISTORY_LIMITS;
      const what = request.type === 'search' ? 'searches' : 'jumps';
      return {
        type: 'request-failed',
        requestId,
        code: 'rate-limited',
        message: `too many ${what}: at most ${searchesPerSecond} searches and jumps a second; try again shortly`,
      };
    }
    if (request.type === 'page-around') {
      const page = index.around(request.seq, request.limit);
      if (page) return { type: 'page', requestId, historyId, ...page };
      return {
        type: 'request-failed',
        requestId,
        code: 'not-found',
        message: notHeld(request.seq, index.range),
      };
    }
    const found = index.search(request.query, request.beforeSeq, request.limit);
    return { type: 'search-results', requestId, historyId, query: request.query, ...found };
  }

  private takeSearch(connection: object): boolean {
    let bucket = this.searches.get(connection);
    if (!bucket) {
      const { searchesPerSecond, searchBurst } = HISTORY_LIMITS;
      bucket = new TokenBucket(searchesPerSecond, searchBurst, this.now);
      this.searches.set(connection, bucket);
    }
    if (bucket.refill() < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
