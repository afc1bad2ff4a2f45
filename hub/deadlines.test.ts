import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines';
import { connect, hubsStoppedAfterEach, join } from './test/test-client';

const hubs = hubsStoppedAfterEach();

// Fake timers move Date.now; the default clock is performance.now (monotonic).

describe('deadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each item once its own time is up, in the order added', () => {
    const expired: string[] = [];
    const deadlines = new Deadlines<string>(1000, (item) => expired.push(item), Date.now);
    deadlines.add('a');
    vi.advanceTimersByTime(400);
    deadlines.add('b');
    vi.advanceTimersByTime(599);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(399);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'b']);
    expect(deadlines.pending).toBe(0);
  });

  it('keeps one timer however many items wait', () => {
    const deadlines = new Deadlines<number>(1000, () => undefined, Date.now);
    for (let i = 0; i < 5000; i++) deadlines.add(i);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(deadlines.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('works again after it ran dry, and clear() forgets everything', () => {
    const expired: number[] = [];
    const deadlines = new Deadlines<number>(100, (item) => expired.push(item), Date.now);
    deadlines.add(1);
    vi.advanceTimersByTime(100);
    deadlines.add(2);
    deadlines.clear();
    deadlines.add(3);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([1, 3]);
  });
});

describe('the hello deadline, in a running hub', () => {
  it('closes a window that never says hello with 1008, and only that one', async () => {
    const { token, url } = await hubs.start({ helloTimeoutMs: 300 });
    const greeted = await join(url, token, 'Ada');
    const silent = await connect(url, token);
    expect(await silent.closed).toEqual({ code: 1008, reason: 'No hello received' });
    // The greeted window's own deadline came first; it is still in the chat.
    greeted.send({ type: 'chat', id: 'm1', text: 'still here' });
    expect((await greeted.next('chat')).text).toBe('still here');
    await greeted.close();
  });
});
