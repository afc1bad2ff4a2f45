// Exactly once beyond the hub's memory: after a welcome, an unacknowledged message that the hub
// might have sequenced before the oldest seq it remembers ids for is not resent (that would
// show it twice) but marked unsure, for the user to send again or discard.

import { describe, expect, it } from 'vitest';
import { chat, setup, welcome } from './test/client-harness';
import { resendDecision, type OutboxItem } from './outbox';

type Ctx = ReturnType<typeof setup>;

function connect(ctx: Ctx, overrides: Parameters<typeof welcome>[0] = {}) {
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome(overrides));
  return socket;
}

function drop(ctx: Ctx) {
  ctx.network.last.closed({ code: 1006, reason: '', wasClean: false });
  ctx.client.reconnectNow();
}

/** Welcomed at seq 10 of history-1, sent `texts` (unacknowledged), then lost the link. */
function sentThenDropped(texts = ['maybe']) {
  const ctx = setup();
  ctx.client.start();
  const first = connect(ctx);
  for (let seq = 1; seq <= 10; seq++) first.receive(chat(seq, `m${seq}`));
  for (const text of texts) ctx.client.send(text);
  drop(ctx);
  return ctx;
}

describe('outbox: resending after a welcome', () => {
  it('decides from the seq the item was sent after and the oldest seq the hub remembers', () => {
    const item = (after: OutboxItem['after'], unsure?: boolean): OutboxItem => ({
      id: 'a',
      text: 't',
      createdAt: 1,
      after,
      ...(unsure === undefined ? {} : { unsure }),
    });
    const hub = { historyId: 'h', oldestSeq: 11 };
    expect(resendDecision(item({ historyId: 'h', lastSeq: 10 }), hub)).toBe('resend');
    expect(resendDecision(item({ historyId: 'h', lastSeq: 9 }), hub)).toBe('unsure');
    expect(resendDecision(item({ historyId: 'other', lastSeq: 0 }), hub)).toBe('restamp');
    expect(resendDecision(item(null), hub)).toBe('restamp');
    expect(resendDecision(item({ historyId: 'h', lastSeq: 50 }, true), hub)).toBe('unsure');
  });

  it('resends a message the hub still remembers ids around', () => {
    const ctx = sentThenDropped();
    const again = connect(ctx, { history: 'resume', oldestSeq: 11 });
    expect(again.sentOfType('chat').map((m) => m.text)).toEqual(['maybe']);
    expect(ctx.view.pending.map((p) => [p.text, p.unsure ?? false])).toEqual([['maybe', false]]);
  });

  it('holds back one that may have been sequenced before that, and says so', () => {
    const ctx = sentThenDropped();
    const again = connect(ctx, { history: 'resume', oldestSeq: 12 });
    expect(again.sentOfType('chat')).toEqual([]);
    expect(ctx.view.pending.map((p) => [p.text, p.unsure])).toEqual([['maybe', true]]);
    // It stays unsure across a reload, and is never resent by itself.
    const reloaded = setup({ stores: ctx.stores });
    reloaded.client.start();
    expect(connect(reloaded, { history: 'resume', oldestSeq: 1 }).sentOfType('chat')).toEqual([]);
    expect(reloaded.view.pending.map((p) => p.unsure)).toEqual([true]);
  });

  it('"Send again" sends it as a new message, once; "Discard" forgets it', () => {
    const ctx = sentThenDropped(['maybe', 'second']);
    const socket = connect(ctx, { history: 'resume', oldestSeq: 12 });
    const [maybe, second] = ctx.view.pending;
    if (!maybe || !second) throw new Error('expected two pending messages');
    expect([maybe.unsure, second.unsure]).toEqual([true, true]);

    const result = ctx.client.sendAgain(maybe.id);
    if (!result?.ok) throw new Error('not sent again');
    expect(result.id).not.toBe(maybe.id);
    expect(socket.sentOfType('chat')).toEqual([{ type: 'chat', id: result.id, text: 'maybe' }]);
    expect(ctx.client.sendAgain(maybe.id)).toBeNull(); // a second click sends nothing
    expect(ctx.client.discard(second.id)).toBe(true);
    expect(ctx.view.pending.map((p) => [p.text, p.unsure ?? false])).toEqual([['maybe', false]]);
  });

  it('bounds a message typed offline by the history it is first sent into', () => {
    const ctx = setup();
    ctx.client.start();
    ctx.client.send('typed before any welcome');
    const first = connect(ctx, { history: 'reset', skipped: 40, oldestSeq: 30 });
    expect(first.sentOfType('chat')).toHaveLength(1); // first time: nothing to repeat
    drop(ctx);
    // The hub has since forgotten ids up to seq 41: the message may have been seq 41.
    const second = connect(ctx, { history: 'reset', skipped: 2000, oldestSeq: 42 });
    expect(second.sentOfType('chat')).toEqual([]);
    expect(ctx.view.pending.map((p) => p.unsure)).toEqual([true]);
  });

  it('sends everything again into a new history (the old one is shown nowhere any more)', () => {
    const ctx = sentThenDropped();
    const again = connect(ctx, { historyId: 'history-2', history: 'reset', oldestSeq: 500 });
    expect(again.sentOfType('chat').map((m) => m.text)).toEqual(['maybe']);
  });
});
