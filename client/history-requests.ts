// A window's requests for history it does not hold (a page before or after a seq, the page
// around one, a search), each answered by one
// frame that carries the request's id: the request/response pattern on a WebSocket, which has
// no replies of its own. Every request settles exactly once — with its answer, its failure, a
// timeout, or the connection closing — so the UI never waits for an answer that cannot come.
//
// It listens on the link beside the session and owns its own state: which history the hub
// welcomed us into (requests name it) and whether a welcome holds on the current socket.

import type {
  HistoryRequest,
  HistoryResponse,
  PageAfterRequest,
  PageAroundRequest,
  PageRequest,
  RequestFailure,
} from '../protocol/history-messages';
import type { ChatMessage, ClientMessage } from '../protocol/messages';
import type { Schedule } from './client-types';
import type { LinkEvent } from './link';

/** What the requests need from the link: a way to send, and its events. */
export interface HistoryLink {
  send(message: ClientMessage): boolean;
  subscribe(listener: (event: LinkEvent) => void): () => void;
}

/** Why a request has no answer: the hub's code, or the window's own. */
export type RequestProblem = RequestFailure | 'not-connected' | 'timed-out' | 'closed';

export type PageResult =
  | { ok: true; messages: ChatMessage[]; atStart: boolean; atEnd: boolean }
  | { ok: false; problem: RequestProblem; message: string };

export type SearchResult =
  | { ok: true; query: string; hits: ChatMessage[]; next: number | null }
  | { ok: false; problem: RequestProblem; message: string };

/** Long enough for a search over the whole history on a busy machine. */
export const REQUEST_TIMEOUT_MS = 10_000;

interface Waiting {
  settle(response: HistoryResponse | { problem: RequestProblem; message: string }): void;
  cancel(): void;
}

type PageRequests = PageRequest | PageAfterRequest | PageAroundRequest;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Answer = HistoryResponse | { problem: RequestProblem; message: string };
type Failed = { ok: false; problem: RequestProblem; message: string };

const unexpected: Failed = { ok: false, problem: 'closed', message: 'unexpected answer' };
const notConnected: Failed = {
  ok: false,
  problem: 'not-connected',
  message: 'not connected to the hub',
};

/** The answer of the expected type, or the failure it stands for (the hub's or the window's). */
function answerOf<T extends 'page' | 'search-results'>(
  answer: Answer,
  expected: T,
): Extract<HistoryResponse, { type: T }> | Failed {
  if ('problem' in answer) return { ok: false, ...answer };
  if (answer.type === 'request-failed') {
    return { ok: false, problem: answer.code, message: answer.message };
  }
  return isOfType(answer, expected) ? answer : unexpected;
}

function isOfType<T extends HistoryResponse['type']>(
  answer: HistoryResponse,
  expected: T,
): answer is Extract<HistoryResponse, { type: T }> {
  return answer.type === expected;
}

export class HistoryRequests {
  private readonly waiting = new Map<string, Waiting>();
  private counter = 0;
  /** The history of the welcome on the current socket; null before it and after a close. */
  private historyId: string | null = null;

  constructor(
    private readonly link: HistoryLink,
    private readonly schedule: Schedule,
  ) {
    link.subscribe((event) => this.onLinkEvent(event));
  }

  /** The `limit` messages before `beforeSeq` in the history this window shows. */
  page(beforeSeq: number, limit: number): Promise<PageResult> {
    return this.askPage((historyId) => ({ type: 'page', historyId, beforeSeq, limit }));
  }

  /** The `limit` messages after `afterSeq`: reading down from an older page. */
  pageAfter(afterSeq: number, limit: number): Promise<PageResult> {
    return this.askPage((historyId) => ({ type: 'page-after', historyId, afterSeq, limit }));
  }

  /** Message `seq` and the messages around it, `limit` in all: a jump to a search result. */
  pageAround(seq: number, limit: number): Promise<PageResult> {
    return this.askPage((historyId) => ({ type: 'page-around', historyId, seq, limit }));
  }

  /** Messages holding `query`, newest first, before `beforeSeq` (null: from the newest). */
  search(query: string, beforeSeq: number | null, limit: number): Promise<SearchResult> {
    const { historyId } = this;
    if (historyId === null) return Promise.resolve(notConnected);
    const request = { type: 'search' as const, historyId, query, beforeSeq, limit };
    return this.ask(request, (answer): SearchResult => {
      const got = answerOf(answer, 'search-results');
      if ('ok' in got) return got;
      return { ok: true, query: got.query, hits: got.hits, next: got.next };
    });
  }

  private askPage(
    make: (historyId: string) => DistributiveOmit<PageRequests, 'requestId'>,
  ): Promise<PageResult> {
    const { historyId } = this;
    if (historyId === null) return Promise.resolve(notConnected);
    return this.ask(make(historyId), (answer): PageResult => {
      const got = answerOf(answer, 'page');
      if ('ok' in got) return got;
      return { ok: true, messages: got.messages, atStart: got.atStart, atEnd: got.atEnd };
    });
  }

  private onLinkEvent(event: LinkEvent): void {
    if (event.type === 'closed') return this.closed();
    if (event.type !== 'message') return;
    const { message } = event;
    switch (message.type) {
      case 'welcome':
        this.historyId = message.historyId;
        return;
      case 'page':
      case 'search-results':
      case 'request-failed':
        // One for no request still waiting (timed out) is ignored.
        this.waiting.get(message.requestId)?.settle(message);
        return;
    }
  }

  /** The connection closed: no answer to anything asked on it can come any more. */
  private closed(): void {
    this.historyId = null;
    for (const waiting of [...this.waiting.values()]) {
      waiting.settle({ problem: 'closed', message: 'the connection closed' });
    }
  }

  private ask<T>(
    request: DistributiveOmit<HistoryRequest, 'requestId'>,
    read: (answer: Answer) => T,
  ): Promise<T> {
    const requestId = `r${++this.counter}`;
    return new Promise<T>((resolve) => {
      const done = (answer: Answer) => {
        if (!this.waiting.delete(requestId)) return;
        cancelTimer();
        resolve(read(answer));
      };
      const cancelTimer = this.schedule(
        () => done({ problem: 'timed-out', message: 'no answer from the hub' }),
        REQUEST_TIMEOUT_MS,
      );
      this.waiting.set(requestId, { settle: done, cancel: cancelTimer });
      if (!this.link.send({ ...request, requestId })) {
        done({ problem: 'not-connected', message: 'not connected to the hub' });
      }
    });
  }
}
