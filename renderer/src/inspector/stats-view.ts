// The inspector's numbers: round-trip time, traffic in and out, and the status line (rows
// shown of recorded, dropped, paused, empty).

import { t } from '../i18n';
import { byId } from '../ui/dom';
import type { Timeline } from './timeline';

function statusText(timeline: Timeline, shown: number): string {
  const parts = [t('inspector.shown', { shown, total: timeline.size })];
  if (timeline.dropped > 0) parts.push(t('inspector.dropped', { count: timeline.dropped }));
  if (timeline.paused) parts.push(t('inspector.paused', { count: timeline.skippedWhilePaused }));
  if (timeline.size === 0) parts.push(t('inspector.empty'));
  return parts.join(' ');
}

/** Returns a function that shows the timeline's numbers, with `shown` rows in the list. */
export function createStatsView(): (timeline: Timeline, shown: number) => void {
  const rtt = byId('inspector-rtt', HTMLElement);
  const trafficIn = byId('inspector-in', HTMLElement);
  const trafficOut = byId('inspector-out', HTMLElement);
  const status = byId('inspector-status', HTMLElement);
  return (timeline, shown) => {
    const { stats } = timeline;
    rtt.textContent =
      stats.rttLastMs === null || stats.rttAvgMs === null
        ? t('inspector.rttNone')
        : t('inspector.rttValue', { last: stats.rttLastMs, avg: stats.rttAvgMs });
    trafficIn.textContent = t('inspector.traffic', {
      messages: stats.messagesIn,
      bytes: t('inspector.bytes', { count: stats.bytesIn }),
    });
    trafficOut.textContent = t('inspector.traffic', {
      messages: stats.messagesOut,
      bytes: t('inspector.bytes', { count: stats.bytesOut }),
    });
    status.textContent = statusText(timeline, shown);
  };
}
