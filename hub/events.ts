// The hub's structured events: everything worth seeing (connections, handshakes, closes,
// heartbeats, admin actions) goes through one emit(). The stdout log is one subscriber and
// every server console another; the newest events are kept for a console that connects late.

import { CONSOLE_LIMITS, type HubEvent, type HubEventBody } from '../protocol/console';

export type HubEventListener = (event: HubEvent) => void;

export class HubEvents {
  private seq = 0;
  private readonly recentEvents: HubEvent[] = [];
  private readonly listeners = new Set<HubEventListener>();

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

  /** The newest events, oldest first (at most `keep`). */
  recent(): HubEvent[] {
    return [...this.recentEvents];
  }
}
