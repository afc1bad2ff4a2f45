// Token buckets: the hub's limit in frames per connection (RateLimiter) and, for binary
// frames, in bytes (hub/attachments/byte-budget.ts) refill the same way.

// One function for every bucket, not a closure each: a hub holds one bucket per connection.
const monotonicNow = (): number => performance.now();

/** `burst` tokens at most, refilled at `perSecond`; a spender may take it below zero. */
export class TokenBucket {
  tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Adds what the time since the last refill earned, up to `burst`; returns the tokens held. */
  refill(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    return this.tokens;
  }
}

/**
 * A token bucket per connection: `burst` frames at once, refilled at `perSecond`. Generous
 * enough for a person and for an outbox flush after a reconnect; a script flooding the hub
 * runs dry and gets error frames, then is disconnected if it keeps going.
 */
export class RateLimiter {
  private readonly bucket: TokenBucket;
  /** Consecutive frames refused; reset by the first frame that is let through. */
  refusedInARow = 0;

  constructor(perSecond: number, burst: number, now?: () => number) {
    this.bucket = new TokenBucket(perSecond, burst, now);
  }

  take(): boolean {
    if (this.bucket.refill() >= 1) {
      this.bucket.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow += 1;
    return false;
  }
}
