// Day separators between chat rows: which day a timestamp falls on (local time) and how to
// label it, "Today", "Yesterday" or a localised date. DOM-free, unit-tested in Node.

/** Local midnight of the day `ms` falls on: equal keys mean the same calendar day. */
export function dayStart(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** True when a separator belongs between a row at `previousMs` (or none) and one at `ms`. */
export function startsNewDay(previousMs: number | null, ms: number): boolean {
  return previousMs === null || dayStart(previousMs) !== dayStart(ms);
}

export interface DayWords {
  today: string;
  yesterday: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      ...(withYear ? { year: 'numeric' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** "Today", "Yesterday", or e.g. "Monday, 3 March" (with the year when it is not this year). */
export function dayLabel(ms: number, nowMs: number, locale: string, words: DayWords): string {
  const day = dayStart(ms);
  const today = dayStart(nowMs);
  if (day === today) return words.today;
  // Via the calendar, not "minus 24 h": days around a DST change are 23 or 25 hours long.
  const now = new Date(nowMs);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).getTime();
  if (day === yesterday) return words.yesterday;
  const sameYear = new Date(ms).getFullYear() === now.getFullYear();
  return dateFormat(locale, !sameYear).format(day);
}
