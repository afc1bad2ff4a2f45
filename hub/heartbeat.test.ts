// The heartbeat alone, on fake timers: each connection pinged on its own interval, a dead one
// terminated after two pings without a pong, and no timer left once nobody is pinged.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubEventBody } from '../protocol/console';
import { Heartbeat, type Beating } from './heartbeat';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function connection(number: number, heartbeatMs: number) {
  const calls: string[] = [];
  const beating: Beating & { calls: string[] } = {
    number,
    heartbeatMs,
    missedPongs: 0,
    calls,
    ws: { ping: () => void calls.push('ping'), terminate: () => void calls.push('terminate') },
  };
  return beating;
}

function heartbeat() {
  const events: HubEventBody[] = [];
  return { events, beat: new Heartbeat<ReturnType<typeof connection>>((e) => events.push(e)) };
}

describe('heartbeat', () => {
  it('pings each connection on its own interval, and says so', () => {
    const { events, beat } = heartbeat();
    const window = connection(1, 1000);
    const lab = connection(2, 100);
    beat.add(window);
    beat.add(lab);
    vi.advanceTimersByTime(99);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([{ kind: 'ping', connection: 2 }]);
    expect([window.calls, lab.calls, lab.missedPongs]).toEqual([[], ['ping'], 1]);
    for (let i = 0; i < 9; i += 1) {
      lab.missedPongs = 0; // its pong came
      vi.advanceTimersByTime(100);
    }
    expect(window.calls).toEqual(['ping']);
    expect(events.filter((e) => e.kind === 'ping' && e.connection === 2)).toHaveLength(10);
  });

  it('terminates a connection after two pings without a pong, and keeps one that answers', () => {
    const { events, beat } = heartbeat();
    const silent = connection(1, 100);
    const answering = connection(2, 100);
    beat.add(silent);
    beat.add(answering);
    for (let i = 0; i < 3; i += 1) {
      vi.advanceTimersByTime(100);
      answering.missedPongs = 0;
    }
    expect(silent.calls).toEqual(['ping', 'ping', 'terminate']);
    expect(events.at(-2)).toEqual({ kind: 'heartbeat-timeout', connection: 1, missed: 2 });
    expect(answering.calls).toEqual(['ping', 'ping', 'ping']);
  });

  it('stops pinging a removed connection, and keeps no timer once nobody is pinged', () => {
    const { beat } = heartbeat();
    const first = connection(1, 100);
    const second = connection(2, 100);
    const other = connection(3, 500);
    beat.add(first);
    beat.add(second);
    beat.add(other);
    expect(vi.getTimerCount()).toBe(2);
    beat.remove(first);
    beat.remove(first);
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(100);
    expect([first.calls, second.calls]).toEqual([[], ['ping']]);
    beat.remove(second);
    expect(vi.getTimerCount()).toBe(1);
    beat.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(other.calls).toEqual([]);
  });
});
