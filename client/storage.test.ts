import { describe, expect, it } from 'vitest';
import {
  isRecord,
  MemoryStore,
  readJson,
  readText,
  writeJson,
  writeText,
  type KeyValueStore,
} from './storage';

/** A store that throws, as a disabled or full Web Storage does. */
const broken: KeyValueStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

const isNumbers = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((n) => typeof n === 'number');

describe('MemoryStore', () => {
  it('gives back what was set, null for what was not or was removed', () => {
    const store = new MemoryStore();
    expect(store.getItem('k')).toBeNull();
    store.setItem('k', '');
    expect(store.getItem('k')).toBe('');
    store.setItem('k', 'v');
    expect(store.getItem('k')).toBe('v');
    store.removeItem('k');
    expect(store.getItem('k')).toBeNull();
  });
});

describe('readJson / writeJson', () => {
  it('a value written is read back when it has the expected shape', () => {
    const store = new MemoryStore();
    expect(writeJson(store, 'k', [1, 2, 3])).toBe(true);
    expect(store.getItem('k')).toBe('[1,2,3]');
    expect(readJson(store, 'k', isNumbers)).toEqual([1, 2, 3]);
  });

  it('absent, not JSON or of another shape reads as null', () => {
    const store = new MemoryStore();
    expect(readJson(store, 'k', isNumbers)).toBeNull();
    store.setItem('k', '[1,');
    expect(readJson(store, 'k', isNumbers)).toBeNull();
    store.setItem('k', '["a"]');
    expect(readJson(store, 'k', isNumbers)).toBeNull();
  });

  it('a store that throws reads as null and refuses the write with false, never throwing', () => {
    expect(readJson(broken, 'k', isNumbers)).toBeNull();
    expect(writeJson(broken, 'k', [1])).toBe(false);
  });
});

describe('readText / writeText', () => {
  it('round-trips text, and a throwing store is only a lost write', () => {
    const store = new MemoryStore();
    writeText(store, 'name', 'Ada');
    expect(readText(store, 'name')).toBe('Ada');
    expect(readText(store, 'other')).toBeNull();
    expect(() => writeText(broken, 'name', 'Ada')).not.toThrow();
    expect(readText(broken, 'name')).toBeNull();
  });
});

describe('isRecord', () => {
  it('is true only for plain objects', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(null)).toBe(false);
    expect(isRecord([])).toBe(false);
    expect(isRecord('x')).toBe(false);
    expect(isRecord(1)).toBe(false);
    expect(isRecord(undefined)).toBe(false);
  });
});
