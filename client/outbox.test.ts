import { describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol/messages';
import { Outbox } from './outbox';
import { MemoryStore } from './storage';

const KEY = 'loopchat.w.outbox';
const item = (id: string, text = `text ${id}`) => ({ id, text, createdAt: 1 });

/** Counts writes, so a test can tell "written" from "written again for nothing". */
class CountingStore extends MemoryStore {
  writes = 0;
  override setItem(key: string, value: string): void {
    this.writes += 1;
    super.setItem(key, value);
  }
}

describe('outbox', () => {
  it('finds an item for the user to decide on only while it is marked unsure', () => {
    const outbox = new Outbox(new MemoryStore(), KEY);
    outbox.add(item('a'));
    outbox.add({ ...item('b'), unsure: true });
    expect(outbox.unsure('a')).toBeUndefined();
    expect(outbox.unsure('b')?.text).toBe('text b');
    expect(outbox.unsure('gone')).toBeUndefined();
    outbox.update({ ...item('b'), unsure: false });
    expect(outbox.unsure('b')).toBeUndefined();
  });

  it('keeps messages in the order they were sent', () => {
    const outbox = new Outbox(new MemoryStore(), KEY);
    outbox.add(item('a'));
    outbox.add(item('b'));
    outbox.add(item('c'));
    expect(outbox.items().map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('survives a reload through the store', () => {
    const store = new MemoryStore();
    const before = new Outbox(store, KEY);
    before.add(item('a', 'first'));
    before.add(item('b', 'second'));
    const after = new Outbox(store, KEY);
    expect(after.items()).toEqual([item('a', 'first'), item('b', 'second')]);
  });

  it('forgets an acknowledged message, also after a reload once flushed', () => {
    const store = new MemoryStore();
    const outbox = new Outbox(store, KEY);
    outbox.add(item('a'));
    outbox.add(item('b'));
    expect(outbox.remove('a')?.id).toBe('a');
    expect(outbox.items().map((i) => i.id)).toEqual(['b']);
    expect(new Outbox(store, KEY).items().map((i) => i.id)).toEqual(['a', 'b']);
    outbox.flush();
    expect(new Outbox(store, KEY).items().map((i) => i.id)).toEqual(['b']);
  });

  it('writes a new message at once, with any removals not yet written', () => {
    const store = new MemoryStore();
    const outbox = new Outbox(store, KEY);
    outbox.add(item('a'));
    outbox.remove('a');
    // Not flushed: a reload now would only resend 'a', which the hub acknowledges again.
    expect(new Outbox(store, KEY).items().map((i) => i.id)).toEqual(['a']);
    outbox.add(item('b'));
    expect(new Outbox(store, KEY).items().map((i) => i.id)).toEqual(['b']);
  });

  it('treats a repeated ack as nothing new', () => {
    const outbox = new Outbox(new MemoryStore(), KEY);
    outbox.add(item('a'));
    expect(outbox.remove('a')).toBeDefined();
    expect(outbox.remove('a')).toBeUndefined();
    expect(outbox.size).toBe(0);
  });

  it('does not hold the same id twice', () => {
    const outbox = new Outbox(new MemoryStore(), KEY);
    outbox.add(item('a'));
    outbox.add(item('a'));
    expect(outbox.size).toBe(1);
  });

  it('starts empty when the stored data is corrupt', () => {
    const store = new MemoryStore();
    store.setItem(KEY, '{not json');
    expect(new Outbox(store, KEY).size).toBe(0);
    store.setItem(KEY, JSON.stringify([{ id: 5 }]));
    expect(new Outbox(store, KEY).size).toBe(0);
  });

  it('reports full at its limit', () => {
    const outbox = new Outbox(new MemoryStore(), KEY, 2);
    outbox.add(item('a'));
    expect(outbox.isFull).toBe(false);
    outbox.add(item('b'));
    expect(outbox.isFull).toBe(true);
  });

  it('writes removals only when there are some, and only once', () => {
    const store = new CountingStore();
    const outbox = new Outbox(store, KEY);
    outbox.flush();
    expect(store.writes).toBe(0);
    outbox.add(item('a'));
    expect(store.writes).toBe(1);
    expect(outbox.remove('unknown')).toBeUndefined();
    outbox.flush();
    expect(store.writes).toBe(1);
    outbox.remove('a');
    outbox.flush();
    outbox.flush();
    expect(store.writes).toBe(2);
    expect(new Outbox(store, KEY).size).toBe(0);
  });
});

describe('outbox: stored state from an earlier page', () => {
  const load = (value: unknown) => {
    const store = new MemoryStore();
    store.setItem(KEY, JSON.stringify(value));
    return new Outbox(store, KEY);
  };

  it.each([
    ['null', null],
    ['a number', 3],
    ['a string', 'x'],
    ['an object', { a: item('a') }],
  ])('starts empty, without throwing, when the stored value is %s', (_what, value) => {
    const outbox = load(value);
    expect(outbox.size).toBe(0);
    outbox.add(item('b'));
    expect(outbox.items().map((i) => i.id)).toEqual(['b']);
  });

  it('keeps every valid unsent message, in order, when some entries are damaged', () => {
    // Unsent messages exist nowhere else: one bad entry must not cost the user the others.
    const longestId = 'i'.repeat(LIMITS.maxIdLength);
    const longestText = 't'.repeat(LIMITS.maxTextLength);
    const outbox = load([
      item('a'),
      null,
      7,
      [item('x')],
      { id: 5, text: 'numeric id', createdAt: 1 },
      { id: ['a'], text: 'list id', createdAt: 1 },
      { id: '', text: 'empty id', createdAt: 1 },
      { id: 'i'.repeat(LIMITS.maxIdLength + 1), text: 'id too long', createdAt: 1 },
      { id: 'no-text', createdAt: 1 },
      { id: 'null-text', text: null, createdAt: 1 },
      { id: 'long-text', text: 't'.repeat(LIMITS.maxTextLength + 1), createdAt: 1 },
      { id: 'no-time', text: 'x' },
      { id: 'string-time', text: 'x', createdAt: '1' },
      item('b'),
      { id: longestId, text: longestText, createdAt: 2 },
    ]);
    expect(outbox.items()).toEqual([
      item('a'),
      item('b'),
      { id: longestId, text: longestText, createdAt: 2 },
    ]);
  });
  it('drops an entry whose resume point or unsure flag is damaged, keeps the sound ones', () => {
    const after = { historyId: 'h1', lastSeq: 3 };
    const outbox = load([
      { ...item('plain'), after: null, unsure: false },
      { ...item('resumes'), after, unsure: true },
      { ...item('after-text'), after: 'h1' },
      { ...item('after-no-history'), after: { lastSeq: 3 } },
      { ...item('after-numeric-history'), after: { historyId: 1, lastSeq: 3 } },
      { ...item('after-no-seq'), after: { historyId: 'h1' } },
      { ...item('after-string-seq'), after: { historyId: 'h1', lastSeq: '3' } },
      { ...item('after-fraction'), after: { historyId: 'h1', lastSeq: 1.5 } },
      { ...item('unsure-text'), unsure: 'yes' },
    ]);
    expect(outbox.items().map((i) => i.id)).toEqual(['plain', 'resumes']);
    expect(outbox.items()[1]).toEqual({ ...item('resumes'), after, unsure: true });
  });
  it('updates an item it holds at once, and ignores one it does not hold', () => {
    const store = new CountingStore();
    const outbox = new Outbox(store, KEY);
    outbox.add(item('a'));
    const writes = store.writes;
    outbox.update({ ...item('gone'), unsure: true });
    expect(store.writes).toBe(writes);
    expect(outbox.items()).toEqual([item('a')]);
    outbox.update({ ...item('a'), unsure: true });
    expect(store.writes).toBe(writes + 1);
    expect(new Outbox(store, KEY).items()).toEqual([{ ...item('a'), unsure: true }]);
  });
});
