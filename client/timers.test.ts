import { describe, expect, it } from 'vitest';
import { FakeClock } from './test/fake-clock';
import { Timers } from './timers';

function setup() {
  const clock = new FakeClock();
  const timers = new Timers(clock.schedule);
  const runs: string[] = [];
  return { clock, timers, runs };
}

describe('Timers', () => {
  it('runs a named timer once, after its delay, and then no longer has it', () => {
    const { clock, timers, runs } = setup();
    timers.set('poll', 100, () => runs.push('poll'));
    expect(timers.has('poll')).toBe(true);
    clock.advance(99);
    expect(runs).toEqual([]);
    clock.advance(1);
    expect(runs).toEqual(['poll']);
    expect(timers.has('poll')).toBe(false);
    clock.advance(1_000);
    expect(runs).toEqual(['poll']);
  });

  it('keeps one timer per name: setting it again replaces the pending one', () => {
    const { clock, timers, runs } = setup();
    timers.set('reconnect', 100, () => runs.push('first'));
    timers.set('reconnect', 300, () => runs.push('second'));
    clock.advance(1_000);
    expect(runs).toEqual(['second']);
  });

  it('lets a timer set itself again while it runs (a repeating tick)', () => {
    const { clock, timers, runs } = setup();
    const tick = (): void => {
      runs.push('tick');
      if (runs.length < 3) timers.set('heartbeat', 10, tick);
    };
    timers.set('heartbeat', 10, tick);
    clock.advance(100);
    expect(runs).toEqual(['tick', 'tick', 'tick']);
    expect(timers.has('heartbeat')).toBe(false);
  });

  it('clear cancels one name; clearAll cancels every name', () => {
    const { clock, timers, runs } = setup();
    timers.set('flush', 10, () => runs.push('flush'));
    timers.set('retry', 10, () => runs.push('retry'));
    timers.set('abandon', 10, () => runs.push('abandon'));
    timers.clear('flush');
    timers.clear('poll'); // not pending: nothing happens
    expect(timers.has('flush')).toBe(false);
    expect(timers.has('retry')).toBe(true);
    clock.advance(10);
    expect(runs).toEqual(['retry', 'abandon']);
    timers.set('retry', 10, () => runs.push('retry again'));
    timers.set('reconnect', 10, () => runs.push('reconnect'));
    timers.clearAll();
    clock.advance(100);
    expect(runs).toEqual(['retry', 'abandon']);
    expect(timers.has('retry') || timers.has('reconnect')).toBe(false);
  });
});
