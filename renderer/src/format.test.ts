import { describe, expect, it } from 'vitest';
import { describePush, formatClock, formatClockMs, formatDuration, formatSeconds } from './format';
import { setLanguage } from './i18n';

describe('formatting', () => {
  it('writes uptimes the way people read them', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(302_000)).toBe('5m 2s');
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
  });

  it('writes durations and countdowns in Korean units when the UI is Korean', () => {
    setLanguage('ko');
    try {
      expect(formatDuration(289_000)).toBe('4분 49초');
      expect(formatDuration(3_723_000)).toBe('1시간 2분 3초');
      expect(formatSeconds(2345)).toBe('2.3초');
    } finally {
      setLanguage('en');
    }
  });

  it('shows times on one 24-hour clock, with milliseconds where order matters', () => {
    const afternoon = new Date(2026, 10, 30, 13, 5, 9, 21).getTime();
    expect(formatClock(afternoon)).toBe('13:05:09');
    expect(formatClockMs(afternoon)).toBe('13:05:09.021');
  });

  it('counts down in tenths of a second, never below zero', () => {
    expect(formatSeconds(2345)).toBe('2.3 s');
    expect(formatSeconds(-50)).toBe('0.0 s');
  });

  it('summarises a server push', () => {
    const push = { type: 'push', at: 0, uptimeMs: 302_000, online: 3, messages: 42 } as const;
    expect(describePush(push)).toBe('3 online · up 5m 2s · 42 messages');
    expect(describePush({ ...push, messages: 1 })).toBe('3 online · up 5m 2s · 1 message');
  });
});
