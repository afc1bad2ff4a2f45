// The user's messages the hub has not acknowledged, under the timeline: "sending…", or unsure
// (with "send again" / "discard") after a reconnect. A mirror of the outbox, no DOM. A row whose
// message left the outbox is handed back, so its element can become the confirmed chat.

import type { OutboxItem } from '../../../../client/outbox';
import type { Row } from './row-elements';
import type { HeightEstimates } from './row-heights';
import { RowStore, type Slot } from './row-store';

/** Who the pending rows are from. */
export interface Author {
  name: string;
  peerId: string | null;
}

/**
 * Told of each row that leaves: `redraw` when the message is still pending and its row is
 * drawn anew, otherwise the message left the outbox (its echo is on the way, or it was dropped).
 */
export type ReleaseRow = (id: string, slot: Slot<Row>, redraw: boolean) => void;

function isUnsure(row: Row): boolean {
  return row.kind === 'pending' && row.item.unsure === true;
}

export class PendingRows {
  readonly store = new RowStore<Row>();
  private readonly byId = new Map<string, Slot<Row>>();

  constructor(private readonly heights: HeightEstimates) {}

  /** Brings the rows in line with the outbox; true if it holds a message the reader just sent. */
  sync(items: readonly OutboxItem[], author: Author, release: ReleaseRow): boolean {
    const wanted = new Map(items.map((item) => [item.id, item]));
    const redrawn = this.redrawnFrom(wanted);
    for (const [id, slot] of this.byId) {
      if (wanted.has(id) && !redrawn.has(id)) continue;
      this.store.remove(slot);
      this.byId.delete(id);
      release(id, slot, redrawn.has(id) && wanted.has(id));
    }
    let sent = false;
    for (const item of items) {
      if (this.byId.has(item.id)) continue;
      if (!redrawn.has(item.id)) sent = true;
      const row: Row = { kind: 'pending', item, name: author.name, peerId: author.peerId };
      this.byId.set(item.id, this.store.append(row, this.heights.estimate('pending')));
    }
    return sent;
  }

  // A message that became unsure (or back) is drawn anew, and so is every one after it, to
  // keep the order it was sent in.
  private redrawnFrom(wanted: ReadonlyMap<string, OutboxItem>): Set<string> {
    const changed = [...this.byId].findIndex(([id, slot]) => {
      const next = wanted.get(id);
      return next !== undefined && isUnsure(slot.value) !== Boolean(next.unsure);
    });
    return new Set(changed < 0 ? [] : [...this.byId.keys()].slice(changed));
  }
}
