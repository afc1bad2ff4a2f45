// The hub's record of chat messages: assigns the global, gap-free sequence numbers, remembers
// which client-made ids each sender has already used (so a resend never shows twice, and
// nobody can swallow another sender's message by reusing its id) and answers "what came
// after seq N" for reconnecting windows.

import { randomUUID } from 'node:crypto';
import { senderKey, type ChatMessage, type Peer } from '../protocol/messages';
import type { Attachment } from '../protocol/upload-messages';
import { HISTORY_BOUND, HistoryIndex } from './history-index';

/**
 * What flush() did. `not-saved`: the store failed, and the burst's messages were taken back
 * out of memory (`taken`, oldest first): their seqs, from `firstSeq` on, are given out again,
 * so the sequence stays gap-free for every window.
 */
export type FlushResult =
  | { kind: 'nothing' }
  | { kind: 'saved'; count: number }
  | { kind: 'not-saved'; error: unknown; firstSeq: number; taken: ChatMessage[] };

export type Replay =
  | { kind: 'resume'; messages: ChatMessage[] }
  | { kind: 'reset'; messages: ChatMessage[]; skipped: number };

/** Where appended messages are kept beyond memory (see history-file.ts). */
export interface HistoryStore {
  /**
   * Must have written every line of `lines` (each message's JSON, made once and shared with
   * the relay) when it returns. `recent` is every message in memory, oldest first, for a
   * store that compacts.
   */
  write(lines: readonly Buffer[], recent: readonly ChatMessage[]): void;
}

export class History {
  readonly id: string;
  private readonly messages: ChatMessage[] = [];
  /** By sender and client-made id (see senderKey): ids are only unique per sender. */
  private readonly seqById = new Map<string, number>();
  private lastSeq: number;
  /** Appended but not yet given to the store: a burst is written with one system call. */
  private unwritten: Buffer[] = [];

  /** Every message within the history's bound, for pages of older messages and search. */
  readonly index: HistoryIndex;

  /**
   * `capacity` bounds what is replayed and deduped: older messages can no longer be replayed.
   * `bound` bounds what can still be paged back to and searched (see history-index.ts).
   */
  constructor(
    private readonly capacity = 2000,
    restored: { id: string; messages: ChatMessage[] } | null = null,
    private readonly store: HistoryStore | null = null,
    bound = HISTORY_BOUND,
  ) {
    this.id = restored?.id ?? randomUUID();
    this.index = new HistoryIndex(Math.max(bound, capacity), restored?.messages ?? []);
    for (const message of restored?.messages.slice(-capacity) ?? []) this.remember(message);
    this.lastSeq = this.messages.at(-1)?.seq ?? 0;
  }

  get latestSeq(): number {
    return this.lastSeq;
  }

  /** The newest seq the store has (all of them without a store): relaying it is safe. */
  get savedSeq(): number {
    return this.lastSeq - this.unwritten.length;
  }

  get size(): number {
    return this.messages.length;
  }

  /** The seq already given to this sender's client-made id, if the hub still remembers it. */
  seqOf(senderId: string, id: string): number | undefined {
    return this.seqById.get(senderKey(senderId, id));
  }

  /**
   * The oldest seq whose sender and id are still remembered: a resend of a message sequenced
   * at this seq or later is acknowledged, never sequenced again. latestSeq + 1 when empty.
   */
  get oldestRememberedSeq(): number {
    return this.messages[0]?.seq ?? this.lastSeq + 1;
  }

  append(id: string, from: Peer, text: string, at = Date.now()): ChatMessage {
    return this.appendEncoded(id, from, text, at).message;
  }

  /**
   * Appends and returns the message with its JSON encoding, made once for store and relay.
   * The store gets it at flush(), which the hub calls at the end of the turn of the event
   * loop, before anything it relayed in that turn leaves the process.
   */
  appendEncoded(
    id: string,
    from: Peer,
    text: string,
    at = Date.now(),
    attachments?: readonly Attachment[],
  ): { message: ChatMessage; encoded: Buffer } {
    const message: ChatMessage = { type: 'chat', seq: this.lastSeq + 1, id, from, text, at };
    if (attachments) message.attachments = [...attachments];
    const encoded = Buffer.from(JSON.stringify(message));
    if (this.store) this.unwritten.push(encoded);
    this.lastSeq = message.seq;
    this.remember(message);
    this.index.add(message);
    return { message, encoded };
  }

  /**
   * Hands every appended message to the store (a no-op when all are written). If the store
   * throws, those messages are taken back out: the hub relays none of them (see hub.ts).
   */
  flush(): FlushResult {
    if (this.unwritten.length === 0 || !this.store) return { kind: 'nothing' };
    const lines = this.unwritten;
    this.unwritten = [];
    try {
      this.store.write(lines, this.messages);
      return { kind: 'saved', count: lines.length };
    } catch (error) {
      const firstSeq = this.lastSeq - lines.length + 1;
      return { kind: 'not-saved', error, firstSeq, taken: this.takeBack(firstSeq) };
    }
  }

  /** What a window that last saw `lastSeq` of history `historyId` needs to be current. */
  replayAfter(resume: { historyId: string; lastSeq: number } | null, recent = 200): Replay {
    const oldest = this.oldestRememberedSeq;
    const canResume =
      resume !== null &&
      resume.historyId === this.id &&
      resume.lastSeq <= this.lastSeq &&
      resume.lastSeq >= oldest - 1;
    if (canResume) {
      return { kind: 'resume', messages: this.messages.slice(this.indexAfter(resume.lastSeq)) };
    }
    const messages = this.messages.slice(-recent);
    return { kind: 'reset', messages, skipped: this.lastSeq - messages.length };
  }

  /** Forgets every message from `firstSeq` on, as if it had never been appended. */
  private takeBack(firstSeq: number): ChatMessage[] {
    const start = this.messages.findIndex((message) => message.seq >= firstSeq);
    const taken = start < 0 ? [] : this.messages.splice(start);
    for (const message of taken) this.seqById.delete(senderKey(message.from.id, message.id));
    this.index.dropFrom(firstSeq); // never paged to or found: nobody was given them
    this.lastSeq = firstSeq - 1;
    return taken;
  }

  /**
   * The index of the first message after `seq`. Seqs only increase, but a history read back
   * from a damaged file can have gaps (history-reader.ts), so this searches rather than counts.
   */
  private indexAfter(seq: number): number {
    let lo = 0;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.messages[mid]?.seq ?? 0) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private remember(message: ChatMessage): void {
    this.messages.push(message);
    this.seqById.set(senderKey(message.from.id, message.id), message.seq);
    if (this.messages.length > this.capacity) {
      const dropped = this.messages.shift();
      if (dropped) this.seqById.delete(senderKey(dropped.from.id, dropped.id));
    }
  }
}
