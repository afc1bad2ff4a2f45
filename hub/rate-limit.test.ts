import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

/** A clock the test moves by hand, in milliseconds. */
function manualClock(start = 10_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** How many of `count` frames sent at once are let through. */
const takeMany = (limiter: RateLimiter, count: number) =>
  Array.from({ length: count }, () => limiter.take()).filter(Boolean).length;

describe('RateLimiter', () => {
  it('lets a burst through at once, then refuses until tokens refill', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 3, clock.now);
    expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('refills at `perSecond`: 10 per second earns one frame every 100 ms', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 5, clock.now);
    expect(takeMany(limiter, 5)).toBe(5);
    clock.advance(99);
    expect(limiter.take()).toBe(false); // 0.99 of a token is not enough
    clock.advance(1);
    expect(limiter.take()).toBe(true); // exactly one token now
    expect(limiter.take()).toBe(false);
    clock.advance(300);
    expect(takeMany(limiter, 5)).toBe(3);
  });

  it('keeps part of a token earned before a refused frame: two half-tokens make one', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 2, clock.now);
    expect(takeMany(limiter, 2)).toBe(2);
    clock.advance(50);
    expect(limiter.take()).toBe(false); // half a token
    clock.advance(50);
    expect(limiter.take()).toBe(true); // the two halves make one
  });

  it('never saves up more than `burst`, however long the connection was idle', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 3, clock.now);
    clock.advance(60_000);
    expect(takeMany(limiter, 10)).toBe(3);
  });

  it('counts consecutive refusals and starts again at the first frame let through', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 1, clock.now);
    limiter.take();
    expect(limiter.refusedInARow).toBe(0);
    limiter.take();
    limiter.take();
    expect(limiter.refusedInARow).toBe(2);
    clock.advance(100);
    expect(limiter.take()).toBe(true);
    expect(limiter.refusedInARow).toBe(0);
  });

  it('runs on the real monotonic clock by default', () => {
    const limiter = new RateLimiter(1, 2);
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
  });
});
