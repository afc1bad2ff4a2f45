// The chat messages this window has seen, with the resume point the hub needs to replay
// only what was missed. Persisted (bounded) so a reload shows the chat again.
//
// Only the newest `limit` messages are kept here (and in storage): the message list keeps its
// own, much longer, in-memory history for scrolling back. Taking a message is amortised O(1):
// the array may grow to twice the limit before the oldest half is dropped in one go, so a
// burst of thousands of messages never shifts the array once per message.

import { senderKey, type ChatMessage, type ResumePoint } from '../protocol/messages';
import { isStoredChat } from '../protocol/stored';
import { isRecord, readJson, writeJson, type KeyValueStore } from './storage';

// Written to sessionStorage at most once per 5 s while messages arrive (the client's
// persistMs), and at once when the page is hidden: small enough that a burst of thousands of
// messages does not spend its time serialising the log.
export const CHAT_LOG_LIMIT = 200;

interface StoredLog {
  historyId: string | null;
  lastSeq: number;
  messages: ChatMessage[];
}

function isStoredLog(value: unknown): value is StoredLog {
  return (
    isRecord(value) &&
    (value.historyId === null || typeof value.historyId === 'string') &&
    typeof value.lastSeq === 'number' &&
    Number.isSafeInteger(value.lastSeq) &&
    value.lastSeq >= 0 &&
    Array.isArray(value.messages) &&
    value.messages.every(isStoredChat)
  );
}

export class ChatLog {
  private historyId: string | null = null;
  private lastSeq = 0;
  private list: ChatMessage[] = [];
  /** Sender and id (see senderKey): ids are only unique per sender. */
  private readonly ids = new Set<string>();
  private dirty = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly limit = CHAT_LOG_LIMIT,
  ) {
    const stored = readJson(store, key, isStoredLog);
    if (stored) {
      this.historyId = stored.historyId;
      this.lastSeq = stored.lastSeq;
      this.list = stored.messages.slice(-limit);
      for (const message of this.list) this.ids.add(senderKey(message.from.id, message.id));
    }
  }

  /** What to put in hello.resume: null until this window has been welcomed once. */
  get resumePoint(): ResumePoint | null {
    return this.historyId === null ? null : { historyId: this.historyId, lastSeq: this.lastSeq };
  }

  get currentHistoryId(): string | null {
    return this.historyId;
  }

  /** The newest `limit` messages, oldest first. */
  messages(): readonly ChatMessage[] {
    return this.list.length > this.limit ? this.list.slice(-this.limit) : this.list;
  }

  /** Whether this sender's message with this id is in the log. */
  hasId(senderId: string, id: string): boolean {
    return this.ids.has(senderKey(senderId, id));
  }

  /** Takes a message unless it is one already seen (seq <= lastSeq). */
  accept(message: ChatMessage): boolean {
    if (message.seq <= this.lastSeq) return false;
    this.lastSeq = message.seq;
    this.list.push(message);
    this.ids.add(senderKey(message.from.id, message.id));
    if (this.list.length >= 2 * this.limit) {
      const dropped = this.list.splice(0, this.list.length - this.limit);
      for (const old of dropped) this.ids.delete(senderKey(old.from.id, old.id));
    }
    this.dirty = true;
    return true;
  }

  /** The hub says our view is stale: forget it and follow `historyId` from the start. */
  reset(historyId: string): void {
    this.historyId = historyId;
    this.lastSeq = 0;
    this.list = [];
    this.ids.clear();
    this.dirty = true;
  }

  follow(historyId: string): void {
    if (this.historyId === historyId) return;
    this.historyId = historyId;
    this.dirty = true;
  }

  /** Writes to storage if anything changed; batched because replays come in bursts. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const stored: StoredLog = {
      historyId: this.historyId,
      lastSeq: this.lastSeq,
      messages: this.list.length > this.limit ? this.list.slice(-this.limit) : this.list,
    };
    if (writeJson(this.store, this.key, stored)) return;
    // Over quota (long messages): keep the resume point and the most recent few.
    writeJson(this.store, this.key, { ...stored, messages: this.list.slice(-50) });
  }
}
