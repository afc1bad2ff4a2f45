import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, RowStore } from './row-store';

function storeOf(heights: number[]): RowStore<number> {
  const store = new RowStore<number>();
  heights.forEach((height, i) => store.append(i, height));
  return store;
}

describe('RowStore (the height cache of the windowed list)', () => {
  it('knows where each row starts and which row covers a pixel', () => {
    const store = storeOf([10, 20, 30]);
    expect(store.totalHeight).toBe(60);
    expect([0, 1, 2, 3].map((i) => store.offsetOf(i))).toEqual([0, 10, 30, 60]);
    expect(store.indexAtOffset(-5)).toBe(0);
    expect(store.indexAtOffset(9.9)).toBe(0);
    expect(store.indexAtOffset(10)).toBe(1);
    expect(store.indexAtOffset(59)).toBe(2);
    expect(store.indexAtOffset(500)).toBe(2);
    expect(new RowStore<number>().indexAtOffset(0)).toBe(-1);
  });

  it('stays consistent across many chunks', () => {
    const count = CHUNK_SIZE * 5 + 7;
    const store = storeOf(Array.from({ length: count }, (_, i) => (i % 3) + 1));
    let offset = 0;
    for (let i = 0; i < count; i++) {
      expect(store.offsetOf(i)).toBe(offset);
      expect(store.indexAtOffset(offset)).toBe(i);
      expect(store.at(i)?.value).toBe(i);
      offset += (i % 3) + 1;
    }
    expect(store.totalHeight).toBe(offset);
    expect(store.slice(CHUNK_SIZE - 2, CHUNK_SIZE + 2).map((s) => s.value)).toEqual([
      CHUNK_SIZE - 2,
      CHUNK_SIZE - 1,
      CHUNK_SIZE,
      CHUNK_SIZE + 1,
    ]);
  });

  it('replaces an estimate with the measured height and moves everything below', () => {
    const store = storeOf([50, 50, 50]);
    const middle = store.at(1);
    if (!middle) throw new Error('no row 1');
    expect(store.isMeasured(middle)).toBe(false);
    expect(store.setHeight(middle, 80)).toBe(30);
    expect(store.isMeasured(middle)).toBe(true);
    expect(store.offsetOf(2)).toBe(130);
    expect(store.totalHeight).toBe(180);
    // A new layout (the list got narrower) keeps 80 as the estimate until measured again.
    store.invalidateMeasurements();
    expect(store.isMeasured(middle)).toBe(false);
    expect(store.totalHeight).toBe(180);
  });

  it('removes a row from the middle and drops the oldest rows', () => {
    const store = storeOf(Array.from({ length: CHUNK_SIZE * 3 }, () => 10));
    const victim = store.at(CHUNK_SIZE + 5);
    if (!victim) throw new Error('no row');
    expect(store.remove(victim)).toBe(true);
    expect(store.remove(victim)).toBe(false);
    expect(store.contains(victim)).toBe(false);
    expect(store.length).toBe(CHUNK_SIZE * 3 - 1);
    expect(store.at(CHUNK_SIZE + 5)?.value).toBe(CHUNK_SIZE + 6);

    const dropped = store.dropOldest(CHUNK_SIZE + 10);
    expect(dropped.map((s) => s.value).slice(0, 2)).toEqual([0, 1]);
    expect(store.length).toBe(CHUNK_SIZE * 2 - 11);
    expect(store.totalHeight).toBe(store.length * 10);
    expect(store.at(0)?.value).toBe(CHUNK_SIZE + 11);
    expect(store.indexOf(dropped[0] ?? victim)).toBe(-1);
    const last = store.at(store.length - 1);
    expect(last && store.indexOf(last)).toBe(store.length - 1);
  });
});
