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
import { knownSelfId, rememberSelfId } from './identity';
import type { CloseOutcome, LinkEvent } from './link';
import { asSequenced, type Outbox, type OutboxItem } from './outbox';
import { applyPresence, presenceNote } from './presence';
import { Resends } from './resends';
import { SeenIds } from './seen-ids';
import { RoundTrips } from './round-trips';
import { readText, storageKeys, writeText } from './storage';
import { Timers } from './timers';

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

export class Session {
  private readonly events = new Emitter<SessionEvent>();
  private readonly timers: Timers<'flush'>;
  private readonly resends: Resends;
  private readonly keys: ReturnType<typeof storageKeys>;
  private readonly timeline: ChatTimeline;
  private readonly roundTrips = new RoundTrips();
  private name: string;
  private selfId: string;
  private peers: readonly Peer[] = [];
  /** The hub has answered our hello on the current socket: chats flow. */
  private welcomed = false;
  private everWelcomed = false;
  /** The hub resends its recent announcements after every welcome: each is shown once. */
  private readonly shownAnnouncements = new SeenIds(200);

  constructor(private readonly deps: SessionDeps) {
    this.timers = new Timers(deps.platform.schedule);
    this.resends = new Resends({
      outbox: deps.outbox,
      send: (message) => deps.link.send(message),
      platform: deps.platform,
      tuning: deps.tuning,
    });
    this.keys = storageKeys(deps.config.windowKey);
    this.name = readText(deps.platform.local, this.keys.name) ?? deps.config.defaultName;
    // The hub tells us our public id in welcome; until then, the one it gave us last time.
    this.selfId = knownSelfId(deps.platform.session);
    this.timeline = ChatTimeline.fromLog(deps.chatLog.messages(), this.selfId);
    deps.link.subscribe((event) => this.onLinkEvent(event));
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
    this.resends.closed();
    this.roundTrips.forgetOpen();
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
    const id = this.roundTrips.nextId();
    if (this.deps.link.send({ type: 'ping', id }))
      this.roundTrips.sent(id, this.deps.platform.now());
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
        if (message.code === 'rate-limited') this.resends.afterRateLimit();
        return;
      case 'typing':
        return this.events.emit({ type: 'typing', from: message.from, typing: message.typing });
      case 'announcement':
        return this.onAnnouncement(message);
      case 'page':
      case 'search-results':
      case 'request-failed':
      case 'upload-accept':
      case 'upload-progress':
      case 'upload-complete':
      case 'upload-error':
      case 'attachment-start':
      case 'attachment-gone':
        return; // history-requests.ts, uploads.ts and downloads.ts hear the link too
      default:
        // Every type the validator lets through has a case: this fails to compile otherwise.
        message satisfies never;
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
    // Sent first; stored and drawn in this same task, so the send waits on neither.
    this.resends.sendNew(item);
    outbox.add(item);
    this.emitPending();
    return { ok: true, id: item.id };
  }

  /** Sends an unsure message's text again, as a new message (new id); false if it is gone. */
  sendAgain(id: string): SendResult | null {
    const item = this.deps.outbox.unsure(id);
    if (!item) return null;
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
    const item = this.deps.outbox.unsure(id);
    if (!item) return false;
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
    if (this.resends.welcome(welcome, seenSeq)) this.emitPending();
    this.ping(); // latency shows at once rather than after the first heartbeat
  }

  private retryUnsaved(): void {
    const delay = this.resends.afterNotSaved();
    if (delay !== null) this.note({ code: 'not-saved', retryInMs: delay }, 'warning');
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
      this.resends.delivered();
      this.emitPending();
      this.scheduleFlush();
    }
  }

  private onAck(id: string, seq: number): void {
    const item = this.deps.outbox.remove(id);
    if (!item) return; // Already confirmed by its echo: nothing to show twice.
    this.resends.delivered();
    this.emitPending();
    this.scheduleFlush();
    if (this.deps.chatLog.hasId(this.selfId, id)) return;
    // Sequenced earlier but its echo was never replayed to us (history reset): show it once.
    const message = asSequenced(item, seq, { id: this.selfId, name: this.name });
    this.add({ kind: 'chat', message, own: true });
  }

  private onAnnouncement(message: AnnouncementMessage): void {
    if (!this.shownAnnouncements.first(message.id)) return;
    const note = { code: 'announcement', text: message.text } as const;
    this.add({ kind: 'system', note, at: message.at, tone: 'server' });
  }

  private onPresence({ change }: PresenceMessage): void {
    this.peers = applyPresence(this.peers, change);
    this.emitPeers();
    if (change.kind === 'renamed' && change.peer.id === this.selfId) this.setName(change.peer.name);
    const note = presenceNote(change, this.selfId);
    if (note) this.note(note);
  }
}
