import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';
import { MemoryStore } from './storage';

const KEY = 'loopchat.w.outbox';
const item = (id: string, text = `text ${id}`) => ({ id, text, createdAt: 1 });

describe('outbox', () => {
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
});
