// When the outbox goes out again, on its own: a fake clock, a real outbox, sent frames recorded.

import { describe, expect, it } from 'vitest';
import type { ClientMessage, WelcomeMessage } from '../protocol/messages';
import { DEFAULT_TUNING } from './client';
import { Outbox, type OutboxItem } from './outbox';
import { chatFrame, Resends } from './resends';
import { MemoryStore } from './storage';
import { FakeClock } from './test/fake-clock';

const HISTORY = 'h1';

function welcome(oldestSeq: number, historyId = HISTORY): WelcomeMessage {
  return {
    type: 'welcome',
    you: { id: 'me', name: 'Ada' },
    peers: [],
    historyId,
    history: 'resume',
    skipped: 0,
    oldestSeq,
    pushIntervalMs: 1000,
  };
}

const item = (id: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  id,
  text: `text ${id}`,
  createdAt: 1,
  after: { historyId: HISTORY, lastSeq: 10 },
  ...extra,
});

function setup(random = 0.5) {
  const clock = new FakeClock();
  const outbox = new Outbox(new MemoryStore(), 'outbox');
  const sent: ClientMessage[] = [];
  const resends = new Resends({
    outbox,
    send: (message) => {
      sent.push(message);
      return true;
    },
    platform: { schedule: clock.schedule, random: () => random },
    tuning: DEFAULT_TUNING,
  });
  const ids = (): string[] => sent.flatMap((m) => (m.type === 'chat' ? [m.id] : []));
  return { clock, outbox, sent, resends, ids };
}

describe('chatFrame', () => {
  it('carries the files only when there are some', () => {
    expect(chatFrame(item('a'))).toEqual({ type: 'chat', id: 'a', text: 'text a' });
    const refs = [{ sha256: 'f'.repeat(64), name: 'cat.png' }];
    expect(chatFrame(item('b', { attachments: refs }))).toEqual({
      type: 'chat',
      id: 'b',
      text: 'text b',
      attachments: refs,
    });
  });
});

describe('Resends after a welcome', () => {
  it('resends what the hub still remembers, and marks unsure what it may not', () => {
    const { outbox, resends, ids } = setup();
    outbox.add(item('remembered', { after: { historyId: HISTORY, lastSeq: 10 } }));
    outbox.add(item('too-old', { after: { historyId: HISTORY, lastSeq: 3 } }));
    expect(resends.welcome(welcome(11), 20)).toBe(true);
    expect(ids()).toEqual(['remembered']);
    expect(outbox.items().find((i) => i.id === 'too-old')?.unsure).toBe(true);
    expect(outbox.items().find((i) => i.id === 'remembered')?.unsure).toBeUndefined();
  });

  it('an item already unsure is not marked again, and nothing new became unsure', () => {
    const { outbox, resends, ids } = setup();
    outbox.add(item('unsure', { unsure: true }));
    expect(resends.welcome(welcome(1), 20)).toBe(false);
    expect(ids()).toEqual([]);
  });

  it('an item from another history is sent, restamped with where this history stands', () => {
    const { outbox, resends, ids } = setup();
    outbox.add(item('elsewhere', { after: { historyId: 'old', lastSeq: 500 } }));
    expect(resends.welcome(welcome(1), 42)).toBe(false);
    expect(ids()).toEqual(['elsewhere']);
    expect(outbox.items()[0]?.after).toEqual({ historyId: HISTORY, lastSeq: 42 });
  });
});

describe('Resends of new items', () => {
  it('sends a new item only while welcomed', () => {
    const { resends, ids } = setup();
    resends.sendNew(item('before'));
    expect(ids()).toEqual([]);
    resends.welcome(welcome(1), 0);
    resends.sendNew(item('after'));
    expect(ids()).toEqual(['after']);
    resends.closed();
    resends.sendNew(item('closed'));
    expect(ids()).toEqual(['after']);
  });
});

describe('Resends after a refusal', () => {
  it('after a rate limit, sends every sure item again once, rateLimitRetryMs later', () => {
    const { clock, outbox, resends, ids } = setup();
    resends.welcome(welcome(1), 0);
    outbox.add(item('a'));
    outbox.add(item('b', { unsure: true }));
    resends.afterRateLimit();
    resends.afterRateLimit(); // one retry pending at a time
    clock.advance(DEFAULT_TUNING.rateLimitRetryMs - 1);
    expect(ids()).toEqual([]);
    clock.advance(1);
    expect(ids()).toEqual(['a']);
    clock.advance(60_000);
    expect(ids()).toEqual(['a']);
  });

  it('a retry due after the socket closed sends nothing', () => {
    const { clock, outbox, resends, ids } = setup();
    resends.welcome(welcome(1), 0);
    outbox.add(item('a'));
    const before = ids().length;
    resends.afterRateLimit();
    resends.closed();
    clock.advance(60_000);
    expect(ids()).toHaveLength(before);
  });

  it('after not-saved, waits longer each time in a row, and from the start once one got through', () => {
    const { clock, outbox, resends } = setup(1); // random 1: the whole ceiling
    resends.welcome(welcome(1), 0);
    outbox.add(item('a'));
    const { baseMs, factor } = DEFAULT_TUNING.notSavedRetry;
    const first = resends.afterNotSaved();
    expect(first).toBe(baseMs);
    expect(resends.afterNotSaved()).toBeNull(); // a resend is already due
    clock.advance(first ?? 0);
    expect(resends.afterNotSaved()).toBe(baseMs * factor);
    clock.advance(baseMs * factor);
    resends.delivered();
    expect(resends.afterNotSaved()).toBe(baseMs);
  });

  it('the not-saved delay is spread between half the ceiling and the ceiling', () => {
    const { resends } = setup(0);
    resends.welcome(welcome(1), 0);
    expect(resends.afterNotSaved()).toBe(DEFAULT_TUNING.notSavedRetry.baseMs / 2);
  });

  it('a not-saved retry resends the sure items when it comes due', () => {
    const { clock, outbox, resends, ids } = setup(1);
    resends.welcome(welcome(1), 0);
    outbox.add(item('a'));
    const delay = resends.afterNotSaved() ?? 0;
    clock.advance(delay - 1);
    expect(ids()).toEqual([]);
    clock.advance(1);
    expect(ids()).toEqual(['a']);
  });
});
