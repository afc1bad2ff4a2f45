// What the chat list shows: chats, pushes and system notes, newest last, bounded. The session
// owns it and tells its listeners what changed.

import type { ChatMessage } from '../protocol/messages';
import type { TimelineEntry } from './client-types';

export const TIMELINE_LIMIT = 500;

export class ChatTimeline {
  private entries: TimelineEntry[];

  constructor(initial: TimelineEntry[]) {
    this.entries = initial;
  }

  /** A window's saved chat log as the timeline, before any welcome. */
  static fromLog(messages: readonly ChatMessage[], selfId: string): ChatTimeline {
    return new ChatTimeline(
      messages.map((message) => ({ kind: 'chat', message, own: message.from.id === selfId })),
    );
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
  }

  /**
   * A history reset starts the chat again, but keeps the server's announcements: they are
   * not chat history, and the hub sends each one to a window only once it is welcomed.
   * Returns what is kept.
   */
  reset(): TimelineEntry[] {
    this.entries = this.entries.filter((e) => e.kind === 'system' && e.tone === 'server');
    return [...this.entries];
  }
}
