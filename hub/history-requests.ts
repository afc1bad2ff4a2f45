// Answers a window's history requests (protocol/history-messages.ts): a page of older messages,
// or a search of the whole history. Each answer carries the request's id; anything wrong is a
// `request-failed` answer with a code, never a dropped request, and nothing else changes.

import {
  HISTORY_LIMITS,
  type HistoryRequest,
  type HistoryResponse,
} from '../protocol/history-messages';
import type { History } from './history';
import { TokenBucket } from './rate-limit';

export class HistoryRequests {
  /** A bucket of searches per connection: a search scans the history, a page does not. */
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
    if (!this.takeSearch(connection)) {
      const { searchesPerSecond } = HISTORY_LIMITS;
      return {
        type: 'request-failed',
        requestId,
        code: 'rate-limited',
        message: `too many searches: at most ${searchesPerSecond} a second; try again shortly`,
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
