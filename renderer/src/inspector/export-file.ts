// "Export": the timeline as a JSON file the browser downloads.

import { el } from '../ui/dom';
import type { Timeline } from './timeline';

export function downloadTimeline(timeline: Timeline, now: number, exportName: string): void {
  const exported = timeline.export(now);
  const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const stamp = exported.exportedAt.replace(/[:.]/g, '-');
  const link = el('a', {
    attrs: { href: url, download: `loopchat-inspector-${exportName}-${stamp}.json` },
  });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; revoking later frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
