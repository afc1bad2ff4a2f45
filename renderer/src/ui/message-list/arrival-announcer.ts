// What arrived, read out by a polite live region once a frame: each line, or a count when more
// than a few came at once.

import { t } from '../../i18n';

/** More new lines than this in one frame are announced as a count, not read one by one. */
const MAX_ANNOUNCED = 3;

export class ArrivalAnnouncer {
  private lines: string[] = [];

  constructor(private readonly region: HTMLElement) {}

  queue(line: string): void {
    this.lines.push(line);
  }

  clear(): void {
    this.lines = [];
  }

  /** Announces this frame's lines, if any. */
  flush(): void {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    // Replacing the text makes the polite live region read just this frame's news.
    this.region.textContent =
      lines.length > MAX_ANNOUNCED ? t('list.arrived', { count: lines.length }) : lines.join('\n');
  }
}
