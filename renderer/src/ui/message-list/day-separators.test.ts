import { describe, expect, it } from 'vitest';
import { dayLabel, dayStart, startsNewDay } from './day-separators';

const words = { today: 'Today', yesterday: 'Yesterday' };
const at = (y: number, m: number, d: number, h = 12, min = 0) =>
  new Date(y, m - 1, d, h, min).getTime();

describe('day separators', () => {
  it('groups by local calendar day', () => {
    expect(startsNewDay(null, at(2026, 3, 1))).toBe(true);
    expect(startsNewDay(at(2026, 3, 1, 0, 1), at(2026, 3, 1, 23, 59))).toBe(false);
    expect(startsNewDay(at(2026, 3, 1, 23, 59), at(2026, 3, 2, 0, 1))).toBe(true);
    expect(dayStart(at(2026, 3, 1, 18))).toBe(at(2026, 3, 1, 0));
  });

  it('says Today and Yesterday, then a localised date', () => {
    const now = at(2026, 3, 10, 9);
    expect(dayLabel(at(2026, 3, 10, 1), now, 'en', words)).toBe('Today');
    expect(dayLabel(at(2026, 3, 9, 23), now, 'en', words)).toBe('Yesterday');
    expect(dayLabel(at(2026, 3, 2), now, 'en', words)).toBe('Monday, March 2');
    expect(dayLabel(at(2026, 3, 2), now, 'ko', words)).toBe('3월 2일 월요일');
    expect(dayLabel(at(2025, 12, 31), now, 'en', words)).toBe('Wednesday, December 31, 2025');
  });

  it('finds yesterday across the turn of a month and a year', () => {
    expect(dayLabel(at(2025, 12, 31, 22), at(2026, 1, 1, 8), 'en', words)).toBe('Yesterday');
  });
});
