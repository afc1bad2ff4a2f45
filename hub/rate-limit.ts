/**
 * A token bucket per connection: `burst` frames at once, refilled at `perSecond`. Generous
 * enough for a person and for an outbox flush after a reconnect; a script flooding the hub
 * runs dry and gets error frames, then is disconnected if it keeps going.
 */
// One function for every limiter, not a closure each: a hub holds one limiter per connection.
const monotonicNow = (): number => performance.now();

export class RateLimiter {
  private tokens: number;
  private last: number;
  /** Consecutive frames refused; reset by the first frame that is let through. */
  refusedInARow = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow += 1;
    return false;
  }
}
