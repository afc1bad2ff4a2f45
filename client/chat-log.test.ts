import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages';
import { ChatLog } from './chat-log';
import { MemoryStore } from './storage';

const chat = (seq: number, text = `message ${seq}`): ChatMessage => ({
  type: 'chat',
  seq,
  id: `m${seq}`,
  from: { id: 'p', name: 'Ada' },
  text,
  at: seq,
});

/** A store that counts writes and can refuse values over a size (a full sessionStorage). */
class CountingStore extends MemoryStore {
  writes = 0;
  constructor(private readonly maxValueLength = Infinity) {
    super();
  }
  override setItem(key: string, value: string): void {
    if (value.length > this.maxValueLength) throw new Error('QuotaExceededError');
    this.writes += 1;
    super.setItem(key, value);
  }
}

const storedMessages = (store: MemoryStore, key = 'k'): number[] =>
  (JSON.parse(store.getItem(key) ?? 'null') as { messages: ChatMessage[] }).messages.map(
    (m) => m.seq,
  );

describe('ChatLog', () => {
  it('keeps and persists only the newest messages, and the resume point', () => {
    const store = new MemoryStore();
    const log = new ChatLog(store, 'k', 10);
    log.reset('h1');
    for (let seq = 1; seq <= 35; seq++) expect(log.accept(chat(seq))).toBe(true);
    expect(log.accept(chat(35))).toBe(false);
    expect(log.messages().map((m) => m.seq)).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    log.flush();
    const reloaded = new ChatLog(store, 'k', 10);
    expect(reloaded.resumePoint).toEqual({ historyId: 'h1', lastSeq: 35 });
    expect(reloaded.currentHistoryId).toBe('h1');
    expect(reloaded.messages().map((m) => m.seq)).toEqual(log.messages().map((m) => m.seq));
    expect(reloaded.hasId('p', 'm35')).toBe(true);
    expect(reloaded.hasId('someone-else', 'm35')).toBe(false);
    expect(reloaded.hasId('p', 'm25')).toBe(false);
  });

  it('drops the oldest half in one go when it reaches twice its limit (amortised O(1))', () => {
    const log = new ChatLog(new MemoryStore(), 'k', 10);
    log.reset('h1');
    for (let seq = 1; seq <= 19; seq++) log.accept(chat(seq));
    // Up to 2 x limit the old ones are still known, so a late duplicate is still recognised.
    expect(log.hasId('p', 'm1')).toBe(true);
    expect(log.messages().map((m) => m.seq)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    log.accept(chat(20));
    expect(log.hasId('p', 'm10')).toBe(false);
    expect(log.hasId('p', 'm11')).toBe(true);
    expect(log.messages().map((m) => m.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('refuses messages it has already seen, by seq', () => {
    const log = new ChatLog(new MemoryStore(), 'k');
    log.reset('h1');
    expect(log.accept(chat(5))).toBe(true);
    expect(log.accept(chat(3))).toBe(false);
    expect(log.accept(chat(5))).toBe(false);
    expect(log.accept(chat(6))).toBe(true);
    expect(log.messages().map((m) => m.seq)).toEqual([5, 6]);
    expect(log.resumePoint).toEqual({ historyId: 'h1', lastSeq: 6 });
  });

  it('has no resume point until welcomed, and a reset starts the history over', () => {
    const store = new MemoryStore();
    const log = new ChatLog(store, 'k');
    expect(log.resumePoint).toBeNull();
    expect(log.currentHistoryId).toBeNull();
    log.reset('h1');
    log.accept(chat(1));
    log.flush();
    log.reset('h2');
    expect(log.resumePoint).toEqual({ historyId: 'h2', lastSeq: 0 });
    expect(log.messages()).toEqual([]);
    expect(log.hasId('p', 'm1')).toBe(false);
    log.flush();
    // The reset alone is written: a reload must not resume the old history.
    const reloaded = new ChatLog(store, 'k');
    expect(reloaded.resumePoint).toEqual({ historyId: 'h2', lastSeq: 0 });
    expect(reloaded.messages()).toEqual([]);
  });

  it('follows a new history id and writes it, but writes nothing when nothing changed', () => {
    const store = new CountingStore();
    const log = new ChatLog(store, 'k');
    log.flush();
    expect(store.writes).toBe(0);
    log.reset('h1');
    log.accept(chat(1));
    log.flush();
    expect(store.writes).toBe(1);
    log.flush();
    log.follow('h1');
    log.flush();
    expect(store.writes).toBe(1);
    log.follow('h2');
    expect(log.resumePoint).toEqual({ historyId: 'h2', lastSeq: 1 });
    log.flush();
    expect(store.writes).toBe(2);
    expect(new ChatLog(store, 'k').resumePoint).toEqual({ historyId: 'h2', lastSeq: 1 });
  });

  it('writes at most `limit` messages, all of them below it', () => {
    const store = new MemoryStore();
    const log = new ChatLog(store, 'k', 10);
    log.reset('h1');
    for (let seq = 1; seq <= 7; seq++) log.accept(chat(seq));
    log.flush();
    expect(storedMessages(store)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (let seq = 8; seq <= 15; seq++) log.accept(chat(seq));
    log.flush();
    expect(storedMessages(store)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('keeps the resume point and the newest 50 messages when storage is over quota', () => {
    const store = new CountingStore(60_000);
    const log = new ChatLog(store, 'k');
    log.reset('h1');
    // 120 messages of ~1 KB: all of them do not fit, the newest 50 do.
    for (let seq = 1; seq <= 120; seq++) log.accept(chat(seq, 'x'.repeat(1000)));
    log.flush();
    const reloaded = new ChatLog(store, 'k');
    expect(reloaded.resumePoint).toEqual({ historyId: 'h1', lastSeq: 120 });
    expect(reloaded.messages().map((m) => m.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => 71 + i),
    );
  });

  it('reloads only the newest `limit` of what was stored', () => {
    const store = new MemoryStore();
    const big = new ChatLog(store, 'k', 15);
    big.reset('h1');
    for (let seq = 1; seq <= 15; seq++) big.accept(chat(seq));
    big.flush();
    const small = new ChatLog(store, 'k', 10);
    expect(small.messages().map((m) => m.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(small.hasId('p', 'm5')).toBe(false);
    expect(small.hasId('p', 'm6')).toBe(true);
  });
});

describe('ChatLog: stored state from an earlier page', () => {
  const valid = () => ({ historyId: 'h1', lastSeq: 2, messages: [chat(1), chat(2)] });
  const load = (value: unknown) => {
    const store = new MemoryStore();
    store.setItem('k', JSON.stringify(value));
    return new ChatLog(store, 'k');
  };

  it('loads a well-formed log, also one stored before the first welcome', () => {
    const log = load(valid());
    expect(log.resumePoint).toEqual({ historyId: 'h1', lastSeq: 2 });
    expect(log.messages().map((m) => m.id)).toEqual(['m1', 'm2']);
    const unwelcomed = load({ historyId: null, lastSeq: 1, messages: [chat(1)] });
    expect(unwelcomed.resumePoint).toBeNull();
    expect(unwelcomed.messages().map((m) => m.id)).toEqual(['m1']);
    expect(load({ historyId: 'h1', lastSeq: 0, messages: [] }).resumePoint).toEqual({
      historyId: 'h1',
      lastSeq: 0,
    });
  });

  // Valid JSON in the wrong shape: the whole log is ignored, so the window asks the hub for a
  // fresh start (a reset resends the recent messages) instead of resuming from a bad point.
  const corrupt: [string, unknown][] = [
    ['null', null],
    ['a number', 3],
    ['an array', [valid()]],
    ['historyId a number', { ...valid(), historyId: 5 }],
    ['lastSeq a string', { ...valid(), lastSeq: '2' }],
    ['lastSeq a fraction', { ...valid(), lastSeq: 1.5 }],
    ['lastSeq negative', { ...valid(), lastSeq: -1 }],
    ['lastSeq missing', { historyId: 'h1', messages: [] }],
    ['messages not a list', { ...valid(), messages: { 0: chat(1) } }],
    ['messages null', { ...valid(), messages: null }],
    ['a null message', { ...valid(), messages: [chat(1), null] }],
    ['a message of another type', { ...valid(), messages: [chat(1), { ...chat(2), type: 'ack' }] }],
    ['a fractional seq', { ...valid(), messages: [chat(1), { ...chat(2), seq: 1.5 }] }],
    ['a string seq', { ...valid(), messages: [chat(1), { ...chat(2), seq: '2' }] }],
    ['a numeric id', { ...valid(), messages: [chat(1), { ...chat(2), id: 2 }] }],
    ['a null text', { ...valid(), messages: [chat(1), { ...chat(2), text: null }] }],
    ['a string time', { ...valid(), messages: [chat(1), { ...chat(2), at: 'noon' }] }],
    ['a sender of null', { ...valid(), messages: [chat(1), { ...chat(2), from: null }] }],
    [
      'a sender without id',
      { ...valid(), messages: [chat(1), { ...chat(2), from: { name: 'A' } }] },
    ],
    [
      'a numeric sender id',
      { ...valid(), messages: [chat(1), { ...chat(2), from: { id: 1, name: 'A' } }] },
    ],
    [
      'a sender without name',
      { ...valid(), messages: [chat(1), { ...chat(2), from: { id: 'p' } }] },
    ],
  ];
  it.each(corrupt)('ignores a log with %s, without throwing', (_what, value) => {
    const log = load(value);
    expect(log.resumePoint).toBeNull();
    expect(log.messages()).toEqual([]);
    // And it works normally from there.
    log.reset('h9');
    expect(log.accept(chat(1))).toBe(true);
    expect(log.messages().map((m) => m.id)).toEqual(['m1']);
  });
});
