import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget';

describe('ByteBudget: the rate limit in bytes', () => {
  it('lets a burst through, then asks to stop reading for as long as the excess takes to refill', () => {
    let clock = 0;
    const budget = new ByteBudget(1000, 500, () => clock);
    expect(budget.spend(300)).toBe(0);
    expect(budget.spend(200)).toBe(0);
    expect(budget.spend(100)).toBe(100); // 100 bytes over at 1000 bytes/s
    clock += 100;
    expect(budget.spend(0)).toBe(0);
  });

  it('holds a steady sender to the rate whatever its frame size', () => {
    let clock = 0;
    const budget = new ByteBudget(1000, 100, () => clock);
    let sent = 0;
    for (let i = 0; i < 50; i += 1) {
      sent += 60;
      clock += budget.spend(60); // a paced sender waits exactly as long as it is told
    }
    expect(sent / (clock / 1000)).toBeLessThanOrEqual(1000 * 1.05);
    expect(sent / (clock / 1000)).toBeGreaterThan(900);
  });

  it('refills no further than the burst after a quiet spell', () => {
    let clock = 0;
    const budget = new ByteBudget(1000, 500, () => clock);
    clock += 60_000;
    expect(budget.spend(500)).toBe(0);
    expect(budget.spend(1)).toBe(1);
  });
});
