// The client's named timers on top of the injected `schedule`: at most one pending timer per
// name, so "is a reconnect scheduled?" and "cancel everything" need no loose cancel handles.

import type { Schedule } from './client-types';

export type TimerName = 'reconnect' | 'poll' | 'heartbeat' | 'abandon' | 'flush' | 'retry';

export class Timers<Name extends string = TimerName> {
  private readonly pending = new Map<Name, () => void>();

  constructor(private readonly schedule: Schedule) {}

  /** Runs `run` after `ms`, replacing a pending timer of that name. */
  set(name: Name, ms: number, run: () => void): void {
    this.clear(name);
    const cancel = this.schedule(() => {
      // No longer pending while it runs, so `run` may set it again.
      if (this.pending.get(name) === cancel) this.pending.delete(name);
      run();
    }, ms);
    this.pending.set(name, cancel);
  }

  has(name: Name): boolean {
    return this.pending.has(name);
  }

  clear(name: Name): void {
    const cancel = this.pending.get(name);
    if (!cancel) return;
    this.pending.delete(name);
    cancel();
  }

  clearAll(): void {
    for (const name of [...this.pending.keys()]) this.clear(name);
  }
}
