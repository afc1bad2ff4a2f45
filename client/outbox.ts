// Chats the user sent that the hub has not acknowledged yet. They survive a reload of the
// window (sessionStorage) and are resent, in order, after every welcome. The hub drops a
// sender's repeats by id only while it remembers them (welcome.oldestSeq and later): an item
// that could have been sequenced before that is not resent but marked `unsure`, for the user
// to send again or not (resendDecision).
//
// A new message is written to storage at once (it must never be lost). Forgetting an
// acknowledged one is written lazily, by flush() (every few seconds, and at once when the page
// is hidden or unloads): a storage write per acknowledgement was a per-message cost. Only a
// renderer crash in that gap leaves a stale entry, which is resent; the hub acknowledges it
// again by id as long as it still remembers the id (its last 2,000 messages, kept across
// restarts by the history file in the app).

import { LIMITS, type ChatMessage, type Peer, type ResumePoint } from '../protocol/messages';
import type { AttachmentRef } from '../protocol/upload-messages';
import { attachmentRefs } from '../protocol/upload-validate';
import { isRecord, readJson, writeJson, type KeyValueStore } from './storage';

export interface OutboxItem {
  id: string;
  text: string;
  /** Local time (ms since epoch) when the user pressed Send. */
  createdAt: number;
  /**
   * The history and the newest seq this window had seen in it when the item could first be
   * sequenced there: the hub can only have given it a later seq. Null until first sent.
   */
  after?: ResumePoint | null;
  /** It may have reached the hub before the oldest seq the hub still remembers ids for. */
  unsure?: boolean;
  /** Files the hub already holds whole, named by the message. */
  attachments?: AttachmentRef[];
}

/** What the hub's welcome says about the ids it remembers. */
export interface RememberedIds {
  historyId: string;
  /** Every message with this seq or later is remembered by sender and id. */
  oldestSeq: number;
}

/**
 * After a welcome: resend an item the hub would recognise, hold back one it might not.
 * `restamp`: the item was never sent into this history (or not at all), so whatever it is
 * given now is its bound there.
 */
export function resendDecision(
  item: OutboxItem,
  hub: RememberedIds,
): 'resend' | 'restamp' | 'unsure' {
  if (item.unsure) return 'unsure';
  // Sent (if ever) into another history, which no window shows any more: new here.
  if (!item.after || item.after.historyId !== hub.historyId) return 'restamp';
  // Sequenced (if ever) after item.after.lastSeq: remembered if that is oldestSeq or later.
  return item.after.lastSeq + 1 >= hub.oldestSeq ? 'resend' : 'unsure';
}

export const OUTBOX_LIMIT = 100;

function isOutboxItem(value: unknown): value is OutboxItem {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    value.id.length <= LIMITS.maxIdLength &&
    typeof value.text === 'string' &&
    value.text.length <= LIMITS.maxTextLength &&
    typeof value.createdAt === 'number' &&
    (value.after === undefined || value.after === null || isResumePoint(value.after)) &&
    (value.unsure === undefined || typeof value.unsure === 'boolean') &&
    (value.attachments === undefined || isRefList(value.attachments))
  );
}

function isRefList(value: unknown): value is AttachmentRef[] {
  try {
    attachmentRefs(value);
    return true;
  } catch {
    return false;
  }
}

function isResumePoint(value: unknown): value is ResumePoint {
  return (
    isRecord(value) &&
    typeof value.historyId === 'string' &&
    typeof value.lastSeq === 'number' &&
    Number.isSafeInteger(value.lastSeq)
  );
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);

export class Outbox {
  private list: OutboxItem[];
  /** Removals not yet written to storage. */
  private dirty = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    readonly limit = OUTBOX_LIMIT,
  ) {
    // One damaged entry must not cost the user the other unsent messages: keep every valid one.
    this.list = (readJson(store, key, isList) ?? []).filter(isOutboxItem);
  }

  /** Oldest first: the order the user sent them in. */
  items(): readonly OutboxItem[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  get isFull(): boolean {
    return this.list.length >= this.limit;
  }

  /** The item, if it is one the user must decide on (marked unsure). */
  unsure(id: string): OutboxItem | undefined {
    return this.list.find((item) => item.id === id && item.unsure === true);
  }

  has(id: string): boolean {
    return this.list.some((item) => item.id === id);
  }

  add(item: OutboxItem): void {
    if (this.has(item.id)) return;
    this.list = [...this.list, item];
    this.save();
  }

  /**
   * Removes and returns the item, or undefined if it was already gone (a repeated ack).
   * Storage catches up at the next flush() (or add()).
   */
  remove(id: string): OutboxItem | undefined {
    const item = this.list.find((candidate) => candidate.id === id);
    if (!item) return undefined;
    this.list = this.list.filter((candidate) => candidate !== item);
    this.dirty = true;
    return item;
  }

  /** Replaces the items with the same ids (a new stamp or state), written at once, in one write. */
  update(...items: OutboxItem[]): void {
    const byId = new Map(items.filter((item) => this.has(item.id)).map((item) => [item.id, item]));
    if (byId.size === 0) return;
    this.list = this.list.map((candidate) => byId.get(candidate.id) ?? candidate);
    this.save();
  }

  /** Writes pending removals to storage. */
  flush(): void {
    if (this.dirty) this.save();
  }

  private save(): void {
    this.dirty = false;
    writeJson(this.store, this.key, this.list);
  }
}

/**
 * The chat an acknowledged item became, for when its echo never reached this window (the hub
 * acknowledged a resend after a history reset). Its files are not in the copy: the outbox
 * holds only their references, not their sizes and kinds.
 */
export function asSequenced(item: OutboxItem, seq: number, from: Peer): ChatMessage {
  return { type: 'chat', seq, id: item.id, from, text: item.text, at: item.createdAt };
}
