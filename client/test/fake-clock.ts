// A manual clock for the connection client: time moves only when a test says so.

import type { Schedule } from '../client-types';

interface Timer {
  id: number;
  at: number;
  run: () => void;
}

export class FakeClock {
  time = Date.UTC(2026, 10, 25, 12, 0, 0);
  private timers: Timer[] = [];
  private nextId = 1;

  readonly now = (): number => this.time;

  readonly schedule: Schedule = (run, ms) => {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  /** Runs every timer due within `ms`, in time order, including ones they schedule. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      const due = this.timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.run();
    }
    this.time = end;
  }
}
