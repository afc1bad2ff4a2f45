// The session: what the conversation with the hub means, whatever socket carries it. Hello
// with the resume point, welcome, chats deduped by seq, acknowledgements, the outbox, presence
// and peers, rename, typing and the ping round trip. It subscribes to the link's events and
// owns its own state (the timeline included); it emits what changed (SessionEvent).

import type { WindowConfig } from '../protocol/bridge';
import { CLOSE_CODES } from '../protocol/close-codes';
import {
  LIMITS,
  type AnnouncementMessage,
  type ChatMessage,
  type ClientMessage,
  type Peer,
  type PresenceMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../protocol/messages';
import type { AttachmentRef } from '../protocol/upload-messages';
import type { ChatLog } from './chat-log';
import { backoffCeiling } from './backoff';
import { ChatTimeline } from './chat-timeline';
import type {
  ClientEvent,
  ClientNote,
  ClientPlatform,
  ClientTuning,
  CloseRecord,
  ConnectionSnapshot,
  Listener,
  RenameResult,
  Self,
  SendResult,
  SystemTone,
  TimelineEntry,
} from './client-types';
import { Emitter } from './emitter';
import { HistoryRequests, type PageResult, type SearchResult } from './history-requests';
import { knownSelfId, rememberSelfId } from './identity';
import type { CloseOutcome, LinkEvent } from './link';
import { resendDecision, type Outbox, type OutboxItem } from './outbox';
import { RoundTrips } from './round-trips';
import { readText, writeText } from './storage';
import { Timers } from './timers';

export function storageKeys(windowKey: string) {
  return {
    outbox: `loopchat.${windowKey}.outbox`,
    chatLog: `loopchat.${windowKey}.chat`,
    name: `loopchat.${windowKey}.name`,
  };
}

/** What the session needs from the link: a way to send, and its events. */
export interface SessionLink {
  send(message: ClientMessage): boolean;
  resetBackoff(): void;
  subscribe(listener: (event: LinkEvent) => void): () => void;
}

export interface SessionDeps {
  config: WindowConfig;
  platform: ClientPlatform;
  tuning: ClientTuning;
  outbox: Outbox;
  chatLog: ChatLog;
  link: SessionLink;
  /** This window's private resume secret (identity.ts), sent in every hello. */
  secret: string;
}

/** What the session tells the client: the UI's events, and `changed` for its status(). */
export type SessionEvent = Exclude<ClientEvent, { type: 'connection' }> | { type: 'changed' };

/** The session's part of the connection snapshot. */
export type SessionStatus = Pick<ConnectionSnapshot, 'welcomed' | 'latencyMs' | 'roundTrip'>;

const notConnected = {
  ok: false as const,
  problem: 'not-connected' as const,
  message: 'not connected to the hub',
};
/** The frame that sends an outbox item (again). */
function chatFrame(item: OutboxItem): ClientMessage {
  const { id, text, attachments } = item;
  return attachments ? { type: 'chat', id, text, attachments } : { type: 'chat', id, text };
}

function assertNever(message: never): never {
  throw new Error(`unhandled server message ${JSON.stringify(message)}`);
}

export class Session {
  private readonly events = new Emitter<SessionEvent>();
  private readonly timers: Timers<'flush' | 'retry'>;
  private readonly keys: ReturnType<typeof storageKeys>;
  private readonly timeline: ChatTimeline;
  private readonly roundTrips = new RoundTrips();
  private name: string;
  private selfId: string;
  private peers: readonly Peer[] = [];
  /** The hub has answered our hello on the current socket: chats flow. */
  private welcomed = false;
  private everWelcomed = false;
  private pingCounter = 0;
  /** not-saved answers in a row: the next resend waits longer. */
  private unsavedRetries = 0;
  /** Announcement ids already shown: the hub resends its recent ones after every welcome. */
  private readonly shownAnnouncements = new Set<string>();
  /** Pages of older history and searches asked of the hub, by request id. */
  private readonly requests: HistoryRequests;

  constructor(private readonly deps: SessionDeps) {
    this.timers = new Timers(deps.platform.schedule);
    this.keys = storageKeys(deps.config.windowKey);
    this.name = readText(deps.platform.local, this.keys.name) ?? deps.config.defaultName;
    // The hub tells us our public id in welcome; until then, the one it gave us last time.
    this.selfId = knownSelfId(deps.platform.session);
    this.timeline = new ChatTimeline(initialEntries(deps.chatLog, this.selfId));
    this.requests = new HistoryRequests(
      deps.platform.schedule,
      (request) => this.welcomed && deps.link.send(request),
    );
    deps.link.subscribe((event) => this.onLinkEvent(event));
  }

  /** The `limit` messages before `beforeSeq` in the history this window shows. */
  page(beforeSeq: number, limit: number): Promise<PageResult> {
    const historyId = this.deps.chatLog.currentHistoryId;
    if (historyId === null || !this.welcomed) return Promise.resolve(notConnected);
    return this.requests.page(historyId, beforeSeq, limit);
  }

  /** Messages holding `query`, newest first, before `beforeSeq` (null: from the newest). */
  search(query: string, beforeSeq: number | null, limit: number): Promise<SearchResult> {
    const historyId = this.deps.chatLog.currentHistoryId;
    if (historyId === null || !this.welcomed) return Promise.resolve(notConnected);
    return this.requests.search(historyId, query, beforeSeq, limit);
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  status(): SessionStatus {
    const roundTrip = this.roundTrips.stats;
    return { welcomed: this.welcomed, latencyMs: roundTrip.lastMs, roundTrip };
  }

  /** Tells a new listener the session's side of the current state. */
  greet(listener: Listener): void {
    listener({ type: 'name', name: this.name });
    listener({ type: 'timeline-reset', entries: this.timeline.recent() });
    listener({ type: 'pending', items: [...this.deps.outbox.items()], self: this.self() });
    listener({ type: 'peers', peers: this.peers, selfId: this.selfId });
  }

  private onLinkEvent(event: LinkEvent): void {
    switch (event.type) {
      case 'open':
        return this.hello();
      case 'message':
        return this.handle(event.message);
      case 'unreadable':
        return this.note({ code: 'unreadable', error: event.error }, 'warning');
      case 'open-failed':
        return this.note({ code: 'could-not-open', error: event.error }, 'warning');
      case 'closed':
        return this.onClosed(event.close, event.outcome);
      case 'beat':
        if (this.welcomed) this.ping();
        return;
      case 'changed':
      case 'wire':
        return;
    }
  }

  private hello(): void {
    const { chatLog, link, secret } = this.deps;
    link.send({
      type: 'hello',
      secret,
      name: this.name,
      resume: chatLog.resumePoint,
    });
  }

  /** The socket is gone: nothing is welcomed and nobody is online until the next welcome. */
  private onClosed(close: CloseRecord, outcome: CloseOutcome): void {
    const wasWelcomed = this.welcomed;
    this.timers.clear('retry');
    this.roundTrips.forgetOpen();
    this.requests.closed();
    this.welcomed = false;
    this.peers = [];
    this.emitPeers();
    if (outcome === 'paused') {
      const removed = close.code === CLOSE_CODES.removed.code;
      this.note({ code: removed ? 'removed' : 'replaced' }, 'warning');
    } else if (outcome === 'reconnecting' && wasWelcomed) {
      this.note({ code: 'disconnected', closeCode: close.code, meaning: close.meaning }, 'warning');
    }
  }

  private ping(): void {
    const id = `p${++this.pingCounter}`;
    if (this.deps.link.send({ type: 'ping', id })) {
      this.roundTrips.sent(id, this.deps.platform.now());
    }
  }

  private pong(id: string): void {
    if (this.roundTrips.answered(id, this.deps.platform.now())) this.changed();
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        return this.onWelcome(message);
      case 'chat':
        return this.onChat(message);
      case 'ack':
        return this.onAck(message.id, message.seq);
      case 'presence':
        return this.onPresence(message);
      case 'push':
        return this.add({ kind: 'push', push: message });
      case 'pong':
        return this.pong(message.id);
      case 'error':
        if (message.code === 'not-saved') return this.retryUnsaved();
        this.note({ code: 'refused', error: message.code, message: message.message }, 'warning');
        if (message.code === 'rate-limited') this.retryPendingSoon();
        return;
      case 'typing':
        return this.events.emit({ type: 'typing', from: message.from, typing: message.typing });
      case 'announcement':
        return this.onAnnouncement(message);
      case 'page':
      case 'search-results':
      case 'request-failed':
        return this.requests.answered(message);
      case 'upload-accept':
      case 'upload-progress':
      case 'upload-complete':
      case 'upload-error':
      case 'attachment-start':
      case 'attachment-gone':
        return; // the transfers' (transfers.ts), which hear the link too
      default:
        return assertNever(message);
    }
  }

  /** A chat, with the files it names (each stored whole by the hub already). */
  send(raw: string, attachments: readonly AttachmentRef[] = []): SendResult {
    const { outbox, platform } = this.deps;
    const text = raw.trimEnd();
    if (text.trim().length === 0 && attachments.length === 0) return { ok: false, reason: 'empty' };
    if (text.length > LIMITS.maxTextLength) return { ok: false, reason: 'too-long' };
    if (outbox.isFull) return { ok: false, reason: 'outbox-full' };
    // Sent now if welcomed: the hub can only give it a seq after what we have seen.
    const after = this.welcomed ? this.deps.chatLog.resumePoint : null;
    const item: OutboxItem = {
      id: platform.randomId(),
      text: text.trim().length === 0 ? '' : text,
      createdAt: platform.now(),
      after,
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    };
    outbox.add(item);
    this.emitPending();
    if (this.welcomed) this.deps.link.send(chatFrame(item));
    return { ok: true, id: item.id };
  }

  /** Sends an unsure message's text again, as a new message (new id); false if it is gone. */
  sendAgain(id: string): SendResult | null {
    const item = this.deps.outbox.items().find((candidate) => candidate.id === id);
    if (!item?.unsure) return null;
    this.deps.outbox.remove(id);
    // send() tells the listeners about the new pending list; a refused one is put back.
    const result = this.send(item.text, item.attachments);
    if (!result.ok) {
      this.deps.outbox.add(item); // nothing lost: it stays, still unsure
      this.emitPending();
    }
    this.deps.outbox.flush();
    return result;
  }

  /** Drops an unsure message the user chose not to send again. */
  discard(id: string): boolean {
    const item = this.deps.outbox.items().find((candidate) => candidate.id === id);
    if (!item?.unsure) return false;
    this.deps.outbox.remove(id);
    this.deps.outbox.flush();
    this.emitPending();
    return true;
  }

  rename(raw: string): RenameResult {
    const next = raw.trim();
    if (next.length === 0) return { ok: false, reason: 'empty' };
    if (next.length > LIMITS.maxNameLength) return { ok: false, reason: 'too-long' };
    writeText(this.deps.platform.local, this.keys.name, next);
    if (next === this.name) return { ok: true, name: this.name };
    // Shown at once and used by the next hello; the hub's presence confirms it to everyone.
    this.setName(next);
    if (this.welcomed) this.deps.link.send({ type: 'rename', name: next });
    return { ok: true, name: next };
  }

  setTyping(typing: boolean): void {
    if (this.welcomed) this.deps.link.send({ type: 'typing', typing });
  }

  /** Writes the chat log and outbox to storage now. */
  flush(): void {
    this.timers.clear('flush');
    this.deps.chatLog.flush();
    this.deps.outbox.flush();
  }

  /** Persists at most once per persistMs: replays and busy chats come in bursts. */
  private scheduleFlush(): void {
    if (this.timers.has('flush')) return;
    this.timers.set('flush', this.deps.tuning.persistMs, () => this.flush());
  }

  private setName(name: string): void {
    this.name = name;
    this.events.emit({ type: 'name', name });
  }

  private self(): Self {
    return { id: this.selfId || null, name: this.name };
  }

  private changed(): void {
    this.events.emit({ type: 'changed' });
  }

  private add(entry: TimelineEntry): void {
    this.timeline.add(entry);
    this.events.emit({ type: 'timeline-add', entry });
  }

  private note(note: ClientNote, tone: SystemTone = 'info'): void {
    this.add({ kind: 'system', note, at: this.deps.platform.now(), tone });
  }

  private emitPending(): void {
    const items = [...this.deps.outbox.items()];
    this.events.emit({ type: 'pending', items, self: this.self() });
  }

  private emitPeers(): void {
    this.events.emit({ type: 'peers', peers: this.peers, selfId: this.selfId });
  }

  private onWelcome(welcome: WelcomeMessage): void {
    const { chatLog, link } = this.deps;
    const hadView = chatLog.currentHistoryId !== null || this.timeline.length > 0;
    // The newest seq the hub surely has: what we resume from, or what a reset skips.
    const seenSeq =
      welcome.history === 'resume' ? (chatLog.resumePoint?.lastSeq ?? 0) : welcome.skipped;
    this.welcomed = true;
    link.resetBackoff();
    this.selfId = welcome.you.id;
    rememberSelfId(this.deps.platform.session, welcome.you.id);
    this.peers = welcome.peers;
    if (welcome.you.name !== this.name) this.setName(welcome.you.name);
    if (welcome.history === 'reset') {
      chatLog.reset(welcome.historyId);
      this.events.emit({ type: 'timeline-reset', entries: this.timeline.reset() });
      if (hadView) this.note({ code: 'history-reset' });
      this.scheduleFlush();
    } else {
      chatLog.follow(welcome.historyId);
    }
    if (welcome.skipped > 0) this.note({ code: 'skipped', count: welcome.skipped });
    if (this.everWelcomed) this.note({ code: 'reconnected' });
    this.everWelcomed = true;
    this.emitPeers();
    this.changed();
    this.resendAfterWelcome(welcome, seenSeq);
    this.ping(); // latency shows at once rather than after the first heartbeat
  }

  /**
   * Resends what the hub would recognise as a resend; marks unsure what it might not (it may
   * have been sequenced before welcome.oldestSeq, when a resend would show it twice).
   */
  private resendAfterWelcome(welcome: WelcomeMessage, seenSeq: number): void {
    const { outbox, link } = this.deps;
    let changed = false;
    // One storage write for all of them: the outbox holds up to 100 items.
    const updates: OutboxItem[] = [];
    for (const item of outbox.items()) {
      const decision = resendDecision(item, welcome);
      if (decision === 'unsure') {
        if (!item.unsure) {
          updates.push({ ...item, unsure: true });
          changed = true;
        }
        continue;
      }
      if (decision === 'restamp') {
        updates.push({ ...item, after: { historyId: welcome.historyId, lastSeq: seenSeq } });
      }
      link.send(chatFrame(item));
    }
    outbox.update(...updates);
    if (changed) this.emitPending();
  }

  private resendPending(): void {
    for (const item of this.deps.outbox.items()) {
      if (!item.unsure) this.deps.link.send(chatFrame(item));
    }
  }

  private retryPendingSoon(): void {
    if (this.timers.has('retry')) return;
    this.timers.set('retry', this.deps.tuning.rateLimitRetryMs, () => {
      if (this.welcomed) this.resendPending();
    });
  }

  /**
   * The hub could not save what we sent (its disk is full): nobody got it, it stays in the
   * outbox and is sent again after a growing delay, until the hub takes it. A resend of one
   * the hub did save is only acknowledged (it dedupes by id), so nothing shows twice.
   */
  private retryUnsaved(): void {
    if (this.timers.has('retry')) return;
    const ceiling = backoffCeiling(this.unsavedRetries++, this.deps.tuning.notSavedRetry);
    const delay = Math.round(ceiling / 2 + (this.deps.platform.random() * ceiling) / 2);
    this.note({ code: 'not-saved', retryInMs: delay }, 'warning');
    this.timers.set('retry', delay, () => {
      if (this.welcomed) this.resendPending();
    });
  }

  private onChat(message: ChatMessage): void {
    const { chatLog, outbox, platform } = this.deps;
    const fresh = chatLog.accept(message);
    if (fresh) {
      this.add({ kind: 'chat', message, own: message.from.id === this.selfId });
      this.scheduleFlush();
    } else {
      const notice = { code: 'duplicate', seq: message.seq } as const;
      this.events.emit({ type: 'wire', record: { kind: 'notice', at: platform.now(), notice } });
    }
    // The echo of our own chat is its acknowledgement; another sender may use the same id.
    if (message.from.id === this.selfId && outbox.remove(message.id)) {
      this.unsavedRetries = 0; // the hub saves again
      this.emitPending();
      this.scheduleFlush();
    }
  }

  private onAck(id: string, seq: number): void {
    const item = this.deps.outbox.remove(id);
    if (!item) return; // Already confirmed by its echo: nothing to show twice.
    this.unsavedRetries = 0;
    this.emitPending();
    this.scheduleFlush();
    if (this.deps.chatLog.hasId(this.selfId, id)) return;
    // Sequenced earlier but its echo was never replayed to us (history reset): show it once.
    const message: ChatMessage = {
      type: 'chat',
      seq,
      id,
      from: { id: this.selfId, name: this.name },
      text: item.text,
      at: item.createdAt,
    };
    this.add({ kind: 'chat', message, own: true });
  }

  private onAnnouncement(message: AnnouncementMessage): void {
    if (this.shownAnnouncements.has(message.id)) return;
    this.shownAnnouncements.add(message.id);
    // Bounded: the hub resends only its last few, so old ids can be forgotten.
    if (this.shownAnnouncements.size > 200) {
      const oldest = this.shownAnnouncements.values().next().value;
      if (oldest !== undefined) this.shownAnnouncements.delete(oldest);
    }
    const note = { code: 'announcement', text: message.text } as const;
    this.add({ kind: 'system', note, at: message.at, tone: 'server' });
  }

  private onPresence(message: PresenceMessage): void {
    const { change } = message;
    const others = this.peers.filter((p) => p.id !== change.peer.id);
    this.peers = change.kind === 'left' ? others : [...others, change.peer];
    this.emitPeers();
    const { name } = change.peer;
    if (change.peer.id !== this.selfId) {
      if (change.kind === 'renamed') {
        return this.note({ code: 'renamed', previous: change.previousName, name });
      }
      return this.note({ code: change.kind, name });
    }
    if (change.kind !== 'renamed') return;
    this.setName(name);
    this.note({ code: 'renamed-self', name });
  }
}

/** The chat log's messages as timeline entries, before any welcome. */
function initialEntries(chatLog: ChatLog, selfId: string): TimelineEntry[] {
  return chatLog
    .messages()
    .map((message) => ({ kind: 'chat' as const, message, own: message.from.id === selfId }));
}
