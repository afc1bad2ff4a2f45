// What the chat list shows: chats, pushes and system notes, newest last, bounded.

import type { ClientEvents } from './client-events';
import type { SystemTone, TimelineEntry } from './client-types';

export const TIMELINE_LIMIT = 500;

export class ChatTimeline {
  private entries: TimelineEntry[];

  constructor(
    private readonly events: ClientEvents,
    private readonly now: () => number,
    initial: TimelineEntry[],
  ) {
    this.entries = initial;
  }

  get length(): number {
    return this.entries.length;
  }

  /** The newest TIMELINE_LIMIT entries, for a new listener. */
  recent(): TimelineEntry[] {
    return this.entries.slice(-TIMELINE_LIMIT);
  }

  add(entry: TimelineEntry): void {
    this.entries.push(entry);
    // Trimmed in halves, not per message: copying the whole timeline on every message was
    // a per-message cost on the hot path.
    if (this.entries.length > 2 * TIMELINE_LIMIT)
      this.entries = this.entries.slice(-TIMELINE_LIMIT);
    this.events.emit({ type: 'timeline-add', entry });
  }

  note(text: string, tone: SystemTone = 'info'): void {
    this.add({ kind: 'system', text, at: this.now(), tone });
  }

  /**
   * A history reset starts the chat again, but keeps the server's announcements: they are
   * not chat history, and the hub sends each one to a window only once it is welcomed.
   */
  reset(): void {
    this.entries = this.entries.filter((e) => e.kind === 'system' && e.tone === 'server');
    this.events.emit({ type: 'timeline-reset', entries: [...this.entries] });
  }
}
