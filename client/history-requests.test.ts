// A window's requests for older history: each settles once, by its id, whatever happens.

import { describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from './history-requests';
import { chat, setup, welcome } from './test/client-harness';

function welcomed() {
  const ctx = setup();
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome({ historyId: 'h1' }));
  return { ...ctx, socket };
}

describe('history requests', () => {
  it('sends a page request with a fresh id and resolves with the answer that names it', async () => {
    const { client, socket } = welcomed();
    const first = client.page(500, 100);
    const second = client.page(400, 100);
    const [a, b] = socket.sentOfType('page');
    expect(a).toMatchObject({ historyId: 'h1', beforeSeq: 500, limit: 100 });
    expect(a?.requestId).not.toBe(b?.requestId);
    // Answered out of order: each promise gets its own answer.
    socket.receive({
      type: 'page',
      requestId: b?.requestId ?? '',
      historyId: 'h1',
      messages: [chat(1, 'oldest')],
      atStart: true,
      atEnd: false,
    });
    socket.receive({
      type: 'page',
      requestId: a?.requestId ?? '',
      historyId: 'h1',
      messages: [chat(450, 'later')],
      atStart: false,
      atEnd: false,
    });
    expect(await second).toMatchObject({ ok: true, atStart: true, messages: [{ text: 'oldest' }] });
    expect(await first).toMatchObject({ ok: true, atStart: false, messages: [{ text: 'later' }] });
  });

  it('asks for the page around a message and the page after one, each answered by its id', async () => {
    const { client, socket } = welcomed();
    const around = client.pageAround(5, 100);
    const after = client.pageAfter(105, 100);
    const [jump] = socket.sentOfType('page-around');
    const [down] = socket.sentOfType('page-after');
    const near = [chat(4, 'before'), chat(5, 'the one')];
    expect(jump).toMatchObject({ historyId: 'h1', seq: 5, limit: 100 });
    expect(down).toMatchObject({ historyId: 'h1', afterSeq: 105, limit: 100 });
    socket.receive({
      type: 'page',
      requestId: down?.requestId ?? '',
      historyId: 'h1',
      messages: [chat(106, 'below')],
      atStart: false,
      atEnd: true,
    });
    socket.receive({
      type: 'page',
      requestId: jump?.requestId ?? '',
      historyId: 'h1',
      messages: near,
      atStart: true,
      atEnd: false,
    });
    expect(await around).toEqual({
      ok: true,
      messages: near,
      atStart: true,
      atEnd: false,
    });
    expect(await after).toMatchObject({ ok: true, atEnd: true, messages: [{ text: 'below' }] });
  });

  it('gives a jump to a message the hub does not hold its not-found reason', async () => {
    const { client, socket } = welcomed();
    const gone = client.pageAround(9_000, 50);
    const [jump] = socket.sentOfType('page-around');
    socket.receive({
      type: 'request-failed',
      requestId: jump?.requestId ?? '',
      code: 'not-found',
      message: 'no message 9000 in this history (newer than the newest, 300)',
    });
    expect(await gone).toEqual({
      ok: false,
      problem: 'not-found',
      message: 'no message 9000 in this history (newer than the newest, 300)',
    });
    // Before a welcome on a new socket there is no history to name: it fails at once.
    socket.closed({ code: 1006, reason: '', wasClean: false });
    expect(await client.pageAround(5, 50)).toMatchObject({ ok: false, problem: 'not-connected' });
    expect(await client.pageAfter(5, 50)).toMatchObject({ ok: false, problem: 'not-connected' });
  });

  it('resolves a search with its hits, and a refusal with the hub’s code and words', async () => {
    const { client, socket } = welcomed();
    const found = client.search('무지개', null, 20);
    const refused = client.search('x', null, 20);
    const [a, b] = socket.sentOfType('search');
    socket.receive({
      type: 'search-results',
      requestId: a?.requestId ?? '',
      historyId: 'h1',
      query: '무지개',
      hits: [chat(5, '무지개')],
      next: null,
    });
    socket.receive({
      type: 'request-failed',
      requestId: b?.requestId ?? '',
      code: 'rate-limited',
      message: 'too many searches',
    });
    expect(await found).toMatchObject({ ok: true, hits: [{ seq: 5 }], next: null });
    expect(await refused).toEqual({
      ok: false,
      problem: 'rate-limited',
      message: 'too many searches',
    });
  });

  it('fails at once when not welcomed, and on close or timeout rather than waiting forever', async () => {
    const ctx = setup();
    expect(await ctx.client.page(10, 10)).toMatchObject({ ok: false, problem: 'not-connected' });
    const { client, socket, clock } = welcomed();
    const late = client.page(10, 10);
    clock.advance(REQUEST_TIMEOUT_MS);
    expect(await late).toMatchObject({ ok: false, problem: 'timed-out' });
    const cut = client.search('a', null, 5);
    socket.closed({ code: 1006, reason: '', wasClean: false });
    expect(await cut).toMatchObject({ ok: false, problem: 'closed' });
  });

  it('says why a request failed in words: not connected, no answer, or the connection closing', async () => {
    const ctx = setup();
    expect(await ctx.client.search('a', null, 5)).toEqual({
      ok: false,
      problem: 'not-connected',
      message: 'not connected to the hub',
    });
    const { client, socket, clock } = welcomed();
    const late = client.search('a', null, 5);
    clock.advance(REQUEST_TIMEOUT_MS);
    expect(await late).toEqual({
      ok: false,
      problem: 'timed-out',
      message: 'no answer from the hub',
    });
    const cut = client.page(10, 10);
    socket.closed({ code: 1006, reason: '', wasClean: false });
    expect(await cut).toEqual({ ok: false, problem: 'closed', message: 'the connection closed' });
  });

  it('asks nothing on a socket that is open but not yet welcomed', async () => {
    const { client, network } = setup();
    client.start();
    const socket = network.last;
    socket.open();
    expect(await client.page(10, 10)).toMatchObject({ ok: false, problem: 'not-connected' });
    expect(await client.search('a', null, 5)).toMatchObject({
      ok: false,
      problem: 'not-connected',
    });
    expect(socket.sentOfType('page')).toEqual([]);
    expect(socket.sentOfType('search')).toEqual([]);
  });

  it('fails at once, without waiting for the timeout, when the window has begun to close', async () => {
    const { client, socket } = welcomed();
    client.stop();
    expect(await client.pageAround(5, 50)).toEqual({
      ok: false,
      problem: 'not-connected',
      message: 'not connected to the hub',
    });
    expect(socket.sentOfType('page-around')).toEqual([]);
  });

  it('fails a request answered with the wrong kind of answer instead of reading it as one', async () => {
    const { client, socket } = welcomed();
    const paging = client.page(10, 10);
    const searching = client.search('a', null, 5);
    const [page] = socket.sentOfType('page');
    const [search] = socket.sentOfType('search');
    socket.receive({
      type: 'search-results',
      requestId: page?.requestId ?? '',
      historyId: 'h1',
      query: 'a',
      hits: [],
      next: null,
    });
    socket.receive({
      type: 'page',
      requestId: search?.requestId ?? '',
      historyId: 'h1',
      messages: [],
      atStart: true,
      atEnd: true,
    });
    const wrong = { ok: false, problem: 'closed', message: 'unexpected answer' };
    expect(await paging).toEqual(wrong);
    expect(await searching).toEqual(wrong);
  });

  it('ignores an answer that comes after its request timed out, and keeps answering the next', async () => {
    const { client, socket, clock } = welcomed();
    const late = client.page(10, 10);
    const [first] = socket.sentOfType('page');
    clock.advance(REQUEST_TIMEOUT_MS);
    expect(await late).toMatchObject({ ok: false, problem: 'timed-out' });
    const answer = { historyId: 'h1', messages: [], atStart: true, atEnd: true };
    socket.receive({ type: 'page', requestId: first?.requestId ?? '', ...answer });
    const next = client.page(10, 10);
    const [, second] = socket.sentOfType('page');
    socket.receive({ type: 'page', requestId: second?.requestId ?? '', ...answer });
    expect(await next).toMatchObject({ ok: true, atStart: true });
  });
});
