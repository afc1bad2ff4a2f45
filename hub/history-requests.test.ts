// A window asking a running hub for older history and searching it, and every way such a
// request can be wrong: each gets an answer by its id, and the chat carries on.

import { describe, expect, it } from 'vitest';
import { HISTORY_LIMITS } from '../protocol/history-messages';
import type { ChatMessage } from '../protocol/messages';
import { History } from './history';
import { hubsAndWindows, welcomeOf } from './test/hub-fixture';
import { connect } from './test/test-client';

const { startHub } = hubsAndWindows();

const stored = (count: number): ChatMessage[] =>
  Array.from({ length: count }, (_, i) => ({
    type: 'chat',
    seq: i + 1,
    id: `m${i + 1}`,
    from: { id: 'p1', name: i === 4 ? 'Zelda' : 'Ada' },
    text: i === 4 ? 'the only 무지개 here' : `message ${i + 1}`,
    at: 1_000 + i,
  }));

/** The chat with `id`, skipping the recent history replayed at the welcome. */
async function chatWithId(window: Awaited<ReturnType<typeof hubWith>>['window'], id: string) {
  for (;;) {
    const chat = await window.next('chat');
    if (chat.id === id) return chat;
  }
}

async function hubWith(count: number) {
  const { joinAs } = await startHub({
    history: new History(2000, { id: 'h1', messages: stored(count) }),
  });
  const window = await joinAs('Reader');
  return { window, historyId: welcomeOf(window).historyId, joinAs };
}

describe('hub: pages of older history', () => {
  it('answers a page by its request id, back to the very first message', async () => {
    const { window, historyId } = await hubWith(3000);
    window.send({ type: 'page', requestId: 'a', historyId, beforeSeq: 2801, limit: 200 });
    const page = await window.next('page');
    expect(page.requestId).toBe('a');
    expect(page.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: 200 }, (_, i) => 2601 + i),
    );
    expect(page.atStart).toBe(false);
    window.send({ type: 'page', requestId: 'b', historyId, beforeSeq: 101, limit: 200 });
    const first = await window.next('page');
    expect(first).toMatchObject({ requestId: 'b', atStart: true });
    expect(first.messages[0]?.text).toBe('message 1');
    expect(first.messages).toHaveLength(100);
  });

  it.each([
    ['a negative seq', { beforeSeq: -1, limit: 10 }, /page\.beforeSeq must be an integer from 1/],
    [
      'a huge page',
      { beforeSeq: 10, limit: 1_000_000 },
      /page\.limit must be an integer from 1 to 200/,
    ],
    ['an empty page', { beforeSeq: 10, limit: 0 }, /page\.limit/],
    ['a fractional seq', { beforeSeq: 1.5, limit: 10 }, /page\.beforeSeq/],
  ])('refuses %s with a clear error by its id', async (_what, fields, reason) => {
    const { window, historyId } = await hubWith(10);
    window.send({ type: 'page', requestId: 'bad', historyId, ...fields });
    const failed = await window.next('request-failed');
    expect(failed).toMatchObject({ requestId: 'bad', code: 'bad-request' });
    expect(failed.message).toMatch(reason);
  });

  it('refuses a page of a history the hub no longer has, and the window can still chat', async () => {
    const { window } = await hubWith(10);
    window.send({ type: 'page', requestId: 'old', historyId: 'gone', beforeSeq: 5, limit: 5 });
    const failed = await window.next('request-failed');
    expect(failed).toMatchObject({ requestId: 'old', code: 'unknown-history' });
    expect(failed.message).toContain('start over');
    window.send({ type: 'chat', id: 'c1', text: 'still here' });
    expect((await chatWithId(window, 'c1')).seq).toBe(11);
  });

  it('wants a hello before any request', async () => {
    const { address, token } = await startHub();
    const stranger = await connect(address.url, token);
    stranger.send({ type: 'page', requestId: 'x', historyId: 'h', beforeSeq: 5, limit: 5 });
    expect(await stranger.next('error')).toMatchObject({ code: 'not-ready' });
    await stranger.close();
  });
});

describe('hub: the page around a message, and the pages after it', () => {
  const seqs = (page: { messages: ChatMessage[] }) => page.messages.map((m) => m.seq);

  it('answers a jump to an old message with only the page around it', async () => {
    const { window, historyId } = await hubWith(3000);
    window.send({ type: 'page-around', requestId: 'j', historyId, seq: 5, limit: 9 });
    const near = await window.next('page');
    expect(near).toMatchObject({ requestId: 'j', atStart: true, atEnd: false });
    expect(seqs(near)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    window.send({ type: 'page-around', requestId: 'k', historyId, seq: 1500, limit: 100 });
    const middle = await window.next('page');
    expect(middle).toMatchObject({ requestId: 'k', atStart: false, atEnd: false });
    expect(seqs(middle)).toEqual(Array.from({ length: 100 }, (_, i) => 1451 + i));
    window.send({ type: 'page-around', requestId: 'l', historyId, seq: 2999, limit: 10 });
    const newest = await window.next('page');
    expect(newest).toMatchObject({ requestId: 'l', atEnd: true });
    expect(seqs(newest)).toEqual(Array.from({ length: 10 }, (_, i) => 2991 + i));
  });

  it('pages forward from an old page to the newest message', async () => {
    const { window, historyId } = await hubWith(300);
    window.send({ type: 'page-after', requestId: 'a', historyId, afterSeq: 100, limit: 150 });
    const next = await window.next('page');
    expect(next).toMatchObject({ requestId: 'a', atStart: false, atEnd: false });
    expect(seqs(next)).toEqual(Array.from({ length: 150 }, (_, i) => 101 + i));
    window.send({ type: 'page-after', requestId: 'b', historyId, afterSeq: 250, limit: 150 });
    const last = await window.next('page');
    expect(last).toMatchObject({ requestId: 'b', atEnd: true });
    expect(seqs(last)).toEqual(Array.from({ length: 50 }, (_, i) => 251 + i));
  });

  it.each([
    ['newer than the newest', 301, /no message 301 in this history \(newer than the newest, 300\)/],
    ['far out of range', 9_000_000, /no message 9000000/],
  ])('refuses a jump to a message %s as not found, by its id', async (_what, seq, reason) => {
    const { window, historyId } = await hubWith(300);
    window.send({ type: 'page-around', requestId: 'nf', historyId, seq, limit: 20 });
    const failed = await window.next('request-failed');
    expect(failed).toMatchObject({ requestId: 'nf', code: 'not-found' });
    expect(failed.message).toMatch(reason);
  });

  it.each([
    [
      'a seq of 0',
      { type: 'page-around', seq: 0, limit: 10 },
      /page-around\.seq must be an integer from 1/,
    ],
    [
      'a huge page',
      { type: 'page-around', seq: 5, limit: 201 },
      /page-around\.limit must be an integer from 1 to 200/,
    ],
    [
      'a negative seq',
      { type: 'page-after', afterSeq: -1, limit: 10 },
      /page-after\.afterSeq must be an integer from 0/,
    ],
    ['a stray field', { type: 'page-after', afterSeq: 1, limit: 10, beforeSeq: 3 }, /beforeSeq/],
  ])('refuses %s with a clear error by its id', async (_what, fields, reason) => {
    const { window, historyId } = await hubWith(10);
    window.ws.send(JSON.stringify({ requestId: 'bad', historyId, ...fields }));
    const failed = await window.next('request-failed');
    expect(failed).toMatchObject({ requestId: 'bad', code: 'bad-request' });
    expect(failed.message).toMatch(reason);
  });

  it('counts jumps in the same rate limit as searches; the window carries on', async () => {
    const { window, historyId } = await hubWith(100);
    const flood = 30;
    for (let i = 0; i < flood; i++) {
      window.send({ type: 'page-around', requestId: `j${i}`, historyId, seq: 50, limit: 5 });
    }
    window.send({ type: 'page-after', requestId: 'after', historyId, afterSeq: 10, limit: 5 });
    // Answers come in order: once the page after is here, every jump has been answered.
    let after = await window.next('page');
    while (after.requestId !== 'after') after = await window.next('page');
    expect(after.messages[0]?.seq).toBe(11);
    const answered = window.received.filter((m) => 'requestId' in m && m.requestId !== 'after');
    expect(answered).toHaveLength(flood);
    const limited = window.received.filter((m) => m.type === 'request-failed');
    expect(limited.length).toBeGreaterThanOrEqual(flood - HISTORY_LIMITS.searchBurst - 2);
    expect(limited[0]).toMatchObject({ code: 'rate-limited' });
    expect(limited[0]?.type === 'request-failed' && limited[0].message).toMatch(/too many jumps/);
  });
});

describe('hub: search', () => {
  it('finds the one message holding a word, in text and in Korean, with its seq', async () => {
    const { window, historyId } = await hubWith(3000);
    const queries: [string, string][] = [
      ['en', 'ONLY'],
      ['ko', '무지개'],
      ['author', 'zelda'],
    ];
    for (const [requestId, query] of queries) {
      window.send({ type: 'search', requestId, historyId, query, beforeSeq: null, limit: 20 });
      const results = await window.next('search-results');
      expect(results.requestId).toBe(requestId);
      expect(results.hits.map((m) => m.seq)).toEqual([5]);
      expect(results.next).toBeNull();
    }
  });

  it('pages results newest first', async () => {
    const { window, historyId } = await hubWith(300);
    window.send({
      type: 'search',
      requestId: 's1',
      historyId,
      query: 'message 2',
      beforeSeq: null,
      limit: 50,
    });
    const first = await window.next('search-results');
    expect(first.hits[0]?.seq).toBe(299);
    expect(first.next).toBe(first.hits.at(-1)?.seq);
    window.send({
      type: 'search',
      requestId: 's2',
      historyId,
      query: 'message 2',
      beforeSeq: first.next,
      limit: 50,
    });
    const second = await window.next('search-results');
    expect(second.hits.every((m) => m.seq < (first.next ?? 0))).toBe(true);
  });

  it('refuses a query over the length limit, and an empty one', async () => {
    const { window, historyId } = await hubWith(10);
    const long = 'x'.repeat(HISTORY_LIMITS.maxQueryLength + 1);
    window.send({
      type: 'search',
      requestId: 'long',
      historyId,
      query: long,
      beforeSeq: null,
      limit: 5,
    });
    const failed = await window.next('request-failed');
    expect(failed).toMatchObject({ requestId: 'long', code: 'bad-request' });
    expect(failed.message).toBe(
      `search.query is longer than ${HISTORY_LIMITS.maxQueryLength} characters`,
    );
    window.send({
      type: 'search',
      requestId: 'empty',
      historyId,
      query: '  ',
      beforeSeq: null,
      limit: 5,
    });
    expect((await window.next('request-failed')).message).toBe('search.query must not be empty');
  });

  it('rate-limits a flood of searches per window; pages, chat and other windows carry on', async () => {
    const { window, historyId, joinAs } = await hubWith(100);
    const flood = 30;
    for (let i = 0; i < flood; i++) {
      window.send({
        type: 'search',
        requestId: `f${i}`,
        historyId,
        query: 'message',
        beforeSeq: null,
        limit: 1,
      });
    }
    window.send({ type: 'page', requestId: 'p', historyId, beforeSeq: 50, limit: 5 });
    expect((await window.next('page')).requestId).toBe('p');
    const answers = window.received.filter(
      (m) => m.type === 'search-results' || m.type === 'request-failed',
    );
    expect(answers).toHaveLength(flood); // every request answered, none dropped
    const limited = answers.filter((m) => m.type === 'request-failed');
    expect(limited.length).toBeGreaterThanOrEqual(flood - HISTORY_LIMITS.searchBurst - 2);
    expect(limited[0]).toMatchObject({ code: 'rate-limited' });
    expect(limited[0]?.type === 'request-failed' && limited[0].message).toMatch(
      /too many searches/,
    );
    const other = await joinAs('Other');
    other.send({
      type: 'search',
      requestId: 'o',
      historyId,
      query: 'message 7',
      beforeSeq: null,
      limit: 1,
    });
    expect((await other.next('search-results')).hits[0]?.seq).toBe(79);
    window.send({ type: 'chat', id: 'c', text: 'after the flood' });
    expect((await chatWithId(other, 'c')).text).toBe('after the flood');
  });
});
