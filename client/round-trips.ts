// Round-trip time of the app-level ping → pong: the one place it is measured. The connection
// panel shows the latest sample (the snapshot's latencyMs), the inspector the latest and the
// average; both read these stats.

export interface RoundTripStats {
  /** ms; null before the first pong. */
  lastMs: number | null;
  avgMs: number | null;
  samples: number;
}

/** Unanswered pings kept at most; older ones are forgotten (their pongs never came). */
const MAX_OPEN_PINGS = 64;

export class RoundTrips {
  private readonly open = new Map<string, number>();
  private counter = 0;
  private total = 0;
  private current: RoundTripStats = { lastMs: null, avgMs: null, samples: 0 };

  get stats(): RoundTripStats {
    return this.current;
  }

  /** A fresh ping id: the pong that echoes it is the one answer that counts. */
  nextId(): string {
    return `p${++this.counter}`;
  }

  sent(id: string, at: number): void {
    if (this.open.size >= MAX_OPEN_PINGS) this.open.clear();
    this.open.set(id, at);
  }

  /** Returns the new stats, or null when the pong answers no ping we are waiting for. */
  answered(id: string, at: number): RoundTripStats | null {
    const sentAt = this.open.get(id);
    if (sentAt === undefined) return null;
    this.open.delete(id);
    const ms = Math.max(0, at - sentAt);
    this.total += ms;
    const samples = this.current.samples + 1;
    this.current = { lastMs: ms, avgMs: Math.round(this.total / samples), samples };
    return this.current;
  }

  /** The connection ended: its pings will never be answered. The stats stay. */
  forgetOpen(): void {
    this.open.clear();
  }
}
