import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../protocol/messages';
import { FakeClock } from '../../../client/test/fake-clock';
import { describeTypists, TypingRoster, TypingSignal } from './typing';

const ADA: Peer = { id: 'a', name: 'Ada' };
const BOB: Peer = { id: 'b', name: 'Bob' };
const CY: Peer = { id: 'c', name: 'Cy' };

function signal() {
  const clock = new FakeClock();
  const sent: boolean[] = [];
  const typing = new TypingSignal({
    send: (v) => sent.push(v),
    schedule: clock.schedule,
    now: clock.now,
    idleMs: 3000,
    refreshMs: 2500,
  });
  return { clock, sent, typing };
}

describe('TypingSignal', () => {
  it('sends true once for a burst of keystrokes, then false after 3 s idle', () => {
    const { clock, sent, typing } = signal();
    for (let i = 0; i < 10; i++) {
      typing.input(true);
      clock.advance(100);
    }
    expect(sent).toEqual([true]);
    clock.advance(2_899); // the last keystroke was 100 ms ago
    expect(sent).toEqual([true]);
    clock.advance(1);
    expect(sent).toEqual([true, false]);
  });

  it('refreshes true while typing goes on, at most every refresh interval', () => {
    const { clock, sent, typing } = signal();
    for (let i = 0; i < 60; i++) {
      typing.input(true);
      clock.advance(100); // 6 s of steady typing
    }
    expect(sent).toEqual([true, true, true]);
  });

  it('sends false at once on send or when the box empties, and not twice', () => {
    const { clock, sent, typing } = signal();
    typing.input(true);
    typing.stop();
    expect(sent).toEqual([true, false]);
    clock.advance(10_000);
    expect(sent).toEqual([true, false]);
    typing.input(true);
    typing.input(false);
    typing.stop();
    expect(sent).toEqual([true, false, true, false]);
  });
});

describe('TypingRoster', () => {
  function roster() {
    const clock = new FakeClock();
    const seen: string[] = [];
    const r = new TypingRoster({
      schedule: clock.schedule,
      onChange: (typists) => seen.push(describeTypists(typists)),
      expireMs: 6000,
    });
    return { clock, seen, r };
  }

  it('shows who is typing and drops them on false, on their message, or when they leave', () => {
    const { seen, r } = roster();
    r.update(ADA, true);
    r.update(BOB, true);
    r.update(ADA, true); // refresh: no change to show
    expect(seen).toEqual(['Ada is typing…', 'Ada and Bob are typing…']);
    r.update(ADA, false);
    r.remove(BOB.id);
    expect(seen.slice(2)).toEqual(['Bob is typing…', '']);
    r.update(CY, true);
    r.keepOnly([ADA, BOB]);
    expect(r.list()).toEqual([]);
  });

  it('forgets a typist whose true is not refreshed in time', () => {
    const { clock, r } = roster();
    r.update(ADA, true);
    clock.advance(5_000);
    r.update(ADA, true);
    clock.advance(5_000);
    expect(r.list()).toEqual([ADA]);
    clock.advance(1_000);
    expect(r.list()).toEqual([]);
  });

  it('counts three or more', () => {
    expect(describeTypists([ADA, BOB, CY])).toBe('3 people are typing…');
    expect(describeTypists([])).toBe('');
  });
});
