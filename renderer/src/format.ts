// Text formatting shared by the views. Kept DOM-free so it is unit-tested in Node.

import type { PushMessage } from '../../protocol/messages';
import { t } from './i18n';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time on a 24-hour clock, "12:03:04", the same in every view. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "12:03:04.021", for event lists where order within a second matters. */
export function formatClockMs(ms: number): string {
  return `${formatClock(ms)}.${String(new Date(ms).getMilliseconds()).padStart(3, '0')}`;
}

/** A duration in the UI's language: "5m 2s", "1h 0m 3s", "0s" ("5분 2초" in Korean). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('duration.hms', { h, m, s });
  if (m > 0) return t('duration.ms', { m, s });
  return t('duration.s', { s });
}

/** "2.3 s" ("2.3초") for a countdown; never negative. */
export function formatSeconds(ms: number): string {
  return t('duration.seconds', { s: (Math.max(0, ms) / 1000).toFixed(1) });
}

/** The server push line, e.g. "3 online · up 5m 2s · 42 messages". */
export function describePush(push: PushMessage): string {
  const messages =
    push.messages === 1 ? t('push.messageOne') : t('push.messages', { count: push.messages });
  return t('push.line', { online: push.online, uptime: formatDuration(push.uptimeMs), messages });
}
