// The hub's event bus. Its events: everything worth seeing (connections, handshakes, closes,
// heartbeats, admin actions) goes through one emit(). The stdout log is one subscriber and
// every server console another; the newest events are kept for a console that connects late.
// Its signals: what hub parts tell each other and nobody logs. A part publishes; the hub
// (hub.ts) subscribes the parts that care, so no part calls back up into another.

import { CONSOLE_LIMITS, type HubEvent, type HubEventBody } from '../protocol/console';
import type { LabEvent, LabResult } from '../protocol/lab';

export type HubEventListener = (event: HubEvent) => void;

/** Told between hub parts only: never logged, never kept, never numbered. */
export type HubSignal =
  /** A connection's counters or peer changed: the console's client table is due a refresh. */
  | { kind: 'counters-changed' }
  /** The running client-lab scenario saw or did something. */
  | { kind: 'lab-event'; event: LabEvent }
  /** The client-lab scenario ended. */
  | { kind: 'lab-done'; result: LabResult };

export type HubSignalListener = (signal: HubSignal) => void;

export class HubEvents {
  private seq = 0;
  private readonly recentEvents: HubEvent[] = [];
  private readonly listeners = new Set<HubEventListener>();
  private readonly signalListeners = new Set<HubSignalListener>();

  constructor(
    private readonly keep: number = CONSOLE_LIMITS.recentEvents,
    private readonly now: () => number = Date.now,
  ) {}

  emit(body: HubEventBody): void {
    const event: HubEvent = { ...body, seq: ++this.seq, at: this.now() };
    this.recentEvents.push(event);
    if (this.recentEvents.length > this.keep) this.recentEvents.shift();
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  subscribe(listener: HubEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signal(signal: HubSignal): void {
    for (const listener of this.signalListeners) listener(signal);
  }

  /** Calls `listener` for every signal from now on; returns the unsubscribe function. */
  subscribeSignals(listener: HubSignalListener): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  /** The newest events, oldest first (at most `keep`). */
  recent(): HubEvent[] {
    return [...this.recentEvents];
  }
}
