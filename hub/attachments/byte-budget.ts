// The rate limit in bytes for binary frames: a token bucket of `burstBytes`, refilled at
// `bytesPerSecond`. Bytes that already arrived are always taken (refusing them would break
// the upload); when the bucket runs below zero the answer is how long to stop reading the
// connection (ws's pause()) so the sender's own buffer fills and it waits. Nothing is lost.

import { ATTACHMENT_LIMITS } from '../../protocol/attachment-limits';

const monotonicNow = (): number => performance.now();

export class ByteBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly bytesPerSecond: number = ATTACHMENT_LIMITS.bytesPerSecond,
    private readonly burstBytes: number = ATTACHMENT_LIMITS.burstBytes,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burstBytes;
    this.last = now();
  }

  /** Takes `bytes` and returns the milliseconds to stop reading for; 0 to carry on. */
  spend(bytes: number): number {
    const t = this.now();
    this.tokens = Math.min(
      this.burstBytes,
      this.tokens + ((t - this.last) / 1000) * this.bytesPerSecond,
    );
    this.last = t;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.bytesPerSecond) * 1000);
  }
}
