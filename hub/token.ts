import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-launch secret: 32 random bytes as hex (valid in a Sec-WebSocket-Protocol). */
export function createToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison, so response timing reveals nothing about the token. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  // timingSafeEqual needs equal lengths; compare against itself to keep the time constant.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
