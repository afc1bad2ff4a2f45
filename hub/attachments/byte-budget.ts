// The rate limit in bytes for binary frames: a token bucket of `burstBytes`, refilled at
// `bytesPerSecond`. Bytes that already arrived are always taken (refusing them would break
// the upload); when the bucket runs below zero the answer is how long to stop reading the
// connection (ws's pause()) so the sender's own buffer fills and it waits. Nothing is lost.

import { ATTACHMENT_LIMITS } from '../../protocol/attachment-limits';
import { TokenBucket } from '../rate-limit';

export class ByteBudget {
  private readonly bucket: TokenBucket;

  constructor(
    bytesPerSecond: number = ATTACHMENT_LIMITS.bytesPerSecond,
    burstBytes: number = ATTACHMENT_LIMITS.burstBytes,
    now?: () => number,
  ) {
    this.bucket = new TokenBucket(bytesPerSecond, burstBytes, now);
  }

  /** Takes `bytes` and returns the milliseconds to stop reading for; 0 to carry on. */
  spend(bytes: number): number {
    const left = this.bucket.refill() - bytes;
    this.bucket.tokens = left;
    return left >= 0 ? 0 : Math.ceil((-left / this.bucket.perSecond) * 1000);
  }
}
