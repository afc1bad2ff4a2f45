// The server console's recent announcements. A broadcast reaches only the windows welcomed at
// that moment, so a window that is connecting or reconnecting would miss it for good (an
// announcement is not chat history). The hub keeps the last few and sends them after every
// welcome; each carries an id unique to this hub run, so a window shows each one once.

import type { AnnouncementMessage } from '../protocol/messages';

/** How many announcements a window that was not there gets after its welcome. */
export const RECENT_ANNOUNCEMENTS = 20;

export class RecentAnnouncements {
  private readonly kept: AnnouncementMessage[] = [];
  private count = 0;
  /** Tells this run's ids from a previous run's, which a window may still remember. */
  private readonly run = Date.now().toString(36);

  add(text: string, at: number): AnnouncementMessage {
    this.count += 1;
    const message: AnnouncementMessage = {
      type: 'announcement',
      id: `${this.run}.${this.count}`,
      text,
      at,
    };
    this.kept.push(message);
    if (this.kept.length > RECENT_ANNOUNCEMENTS) this.kept.shift();
    return message;
  }

  /** Oldest first. */
  recent(): readonly AnnouncementMessage[] {
    return this.kept;
  }
}
