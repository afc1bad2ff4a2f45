// The hub's record of chat messages: assigns the global, gap-free sequence numbers, remembers
// which client-made ids it has already taken (so a resend never shows twice) and answers
// "what came after seq N" for reconnecting windows.

import { randomUUID } from 'node:crypto';
import type { ChatMessage, Peer } from '../../protocol/messages';

export type Replay =
  | { kind: 'resume'; messages: ChatMessage[] }
  | { kind: 'reset'; messages: ChatMessage[]; skipped: number };

/** Where appended messages are kept beyond memory (see history-file.ts). */
export interface HistoryStore {
  /**
   * Must have written `message` when it returns: the caller relays it next. `encoded` is
   * its JSON, made once and shared with the relay.
   */
  append(message: ChatMessage, encoded: Buffer, recent: () => readonly ChatMessage[]): void;
}

export class History {
  readonly id: string;
  private readonly messages: ChatMessage[] = [];
  private readonly seqById = new Map<string, number>();
  private lastSeq: number;

  /** `capacity` bounds memory: older messages are dropped and can no longer be replayed. */
  constructor(
    private readonly capacity = 2000,
    restored: { id: string; messages: ChatMessage[] } | null = null,
    private readonly store: HistoryStore | null = null,
  ) {
    this.id = restored?.id ?? randomUUID();
    for (const message of restored?.messages.slice(-capacity) ?? []) this.remember(message);
    this.lastSeq = this.messages.at(-1)?.seq ?? 0;
  }

  get latestSeq(): number {
    return this.lastSeq;
  }

  get size(): number {
    return this.messages.length;
  }

  /** The seq already given to this client-made id, if the hub still remembers it. */
  seqOf(id: string): number | undefined {
    return this.seqById.get(id);
  }

  append(id: string, from: Peer, text: string, at = Date.now()): ChatMessage {
    return this.appendEncoded(id, from, text, at).message;
  }

  /** Appends and returns the message with its JSON encoding, made once for store and relay. */
  appendEncoded(
    id: string,
    from: Peer,
    text: string,
    at = Date.now(),
  ): { message: ChatMessage; encoded: Buffer } {
    const message: ChatMessage = { type: 'chat', seq: this.lastSeq + 1, id, from, text, at };
    const encoded = Buffer.from(JSON.stringify(message));
    this.store?.append(message, encoded, () => [...this.messages, message].slice(-this.capacity));
    this.lastSeq = message.seq;
    this.remember(message);
    return { message, encoded };
  }

  /** What a window that last saw `lastSeq` of history `historyId` needs to be current. */
  replayAfter(resume: { historyId: string; lastSeq: number } | null, recent = 200): Replay {
    const oldest = this.messages[0]?.seq ?? this.lastSeq + 1;
    const canResume =
      resume !== null &&
      resume.historyId === this.id &&
      resume.lastSeq <= this.lastSeq &&
      resume.lastSeq >= oldest - 1;
    if (canResume) {
      return { kind: 'resume', messages: this.messages.slice(resume.lastSeq - oldest + 1) };
    }
    const messages = this.messages.slice(-recent);
    return { kind: 'reset', messages, skipped: this.lastSeq - messages.length };
  }

  private remember(message: ChatMessage): void {
    this.messages.push(message);
    this.seqById.set(message.id, message.seq);
    if (this.messages.length > this.capacity) {
      const dropped = this.messages.shift();
      if (dropped) this.seqById.delete(dropped.id);
    }
  }
}
