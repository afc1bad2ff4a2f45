// The event bus alone: events numbered, stamped and kept for late consoles; signals passed on
// and forgotten; each subscription ended by its own unsubscribe.

import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../protocol/console';
import { HubEvents, type HubSignal } from './events';

describe('hub event bus', () => {
  it('numbers and stamps each event, tells every subscriber, and keeps the newest few', () => {
    let now = 100;
    const bus = new HubEvents(2, () => now++);
    const seen: HubEvent[] = [];
    const unsubscribe = bus.subscribe((e) => seen.push(e));
    bus.emit({ kind: 'announcement', text: 'a' });
    bus.emit({ kind: 'announcement', text: 'b' });
    unsubscribe();
    bus.emit({ kind: 'announcement', text: 'c' });
    expect(seen).toEqual([
      { kind: 'announcement', text: 'a', seq: 1, at: 100 },
      { kind: 'announcement', text: 'b', seq: 2, at: 101 },
    ]);
    expect(bus.recent().map((e) => [e.seq, e.kind === 'announcement' && e.text])).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('passes signals to their own subscribers only, and keeps none of them', () => {
    const bus = new HubEvents();
    const events: HubEvent[] = [];
    const signals: HubSignal[] = [];
    bus.subscribe((e) => events.push(e));
    const unsubscribe = bus.subscribeSignals((s) => signals.push(s));
    bus.signal({ kind: 'counters-changed' });
    unsubscribe();
    bus.signal({ kind: 'counters-changed' });
    expect(signals).toEqual([{ kind: 'counters-changed' }]);
    expect([events, bus.recent()]).toEqual([[], []]);
  });
});
