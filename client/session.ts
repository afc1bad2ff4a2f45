// The session: what the conversation with the hub means, whatever socket carries it. Hello
// with the resume point, welcome, chats deduped by seq, acknowledgements, the outbox, presence
// and peers, rename and typing. The link carries the frames; the timeline shows the result.

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
import { t } from '../renderer/src/i18n';
import type { ChatLog } from './chat-log';
import type { Listener, RenameResult, SendResult } from './client-types';
import type { SharedDeps } from './link';
import { knownSelfId, rememberSelfId } from './identity';
import { resendDecision, type Outbox, type OutboxItem } from './outbox';
import { readText, writeText } from './storage';

export function storageKeys(windowKey: string) {
  return {
    outbox: `loopchat.${windowKey}.outbox`,
    chatLog: `loopchat.${windowKey}.chat`,
    name: `loopchat.${windowKey}.name`,
  };
}

/** What the session needs from the link. */
export interface SessionLink {
  send(message: ClientMessage): boolean;
  ping(): void;
  pong(id: string): void;
  resetBackoff(): void;
}

export interface SessionDeps extends SharedDeps {
  outbox: Outbox;
  chatLog: ChatLog;
  link: SessionLink;
  /** This window's private resume secret (identity.ts), sent in every hello. */
  secret: string;
}

function assertNever(message: never): never {
  throw new Error(`unhandled server message ${JSON.stringify(message)}`);
}

export class Session {
  private readonly keys: ReturnType<typeof storageKeys>;
  private name: string;
  private selfId: string;
  private peers: readonly Peer[] = [];
  private everWelcomed = false;
  /** Announcement ids already shown: the hub resends its recent ones after every welcome. */
  private readonly shownAnnouncements = new Set<string>();

  constructor(private readonly deps: SessionDeps) {
    this.keys = storageKeys(deps.config.windowKey);
    this.name = readText(deps.platform.local, this.keys.name) ?? deps.config.defaultName;
    // The hub tells us our public id in welcome; until then, the one it gave us last time.
    this.selfId = knownSelfId(deps.platform.session);
  }

  /** The chat log's messages as timeline entries, before any welcome. */
  static initialEntries(chatLog: ChatLog, selfId: string) {
    return chatLog
      .messages()
      .map((message) => ({ kind: 'chat' as const, message, own: message.from.id === selfId }));
  }

  /** Tells a new listener the session's side of the current state. */
  greet(listener: Listener): void {
    const { timeline, outbox } = this.deps;
    listener({ type: 'name', name: this.name });
    listener({ type: 'timeline-reset', entries: timeline.recent() });
    listener({ type: 'pending', items: [...outbox.items()] });
    listener({ type: 'peers', peers: this.peers, selfId: this.selfId });
  }

  hello(): void {
    const { chatLog, link, secret } = this.deps;
    link.send({
      type: 'hello',
      secret,
      name: this.name,
      resume: chatLog.resumePoint,
    });
  }

  /** The socket is gone: nothing is welcomed and nobody is online until the next welcome. */
  lost(): void {
    this.deps.timers.clear('retry');
    this.deps.state.welcomed = false;
    this.peers = [];
    this.emitPeers();
  }

  handle(message: ServerMessage): void {
    const { timeline, events } = this.deps;
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
        return timeline.add({ kind: 'push', push: message });
      case 'pong':
        return this.deps.link.pong(message.id);
      case 'error':
        timeline.note(
          t('note.refused', { code: message.code, message: message.message }),
          'warning',
        );
        if (message.code === 'rate-limited') this.retryPendingSoon();
        return;
      case 'typing':
        return events.emit({ type: 'typing', from: message.from, typing: message.typing });
      case 'announcement':
        return this.onAnnouncement(message);
      default:
        return assertNever(message);
    }
  }

  send(raw: string): SendResult {
    const { outbox, platform, state } = this.deps;
    const text = raw.trimEnd();
    if (text.trim().length === 0) return { ok: false, reason: 'empty' };
    if (text.length > LIMITS.maxTextLength) return { ok: false, reason: 'too-long' };
    if (outbox.isFull) return { ok: false, reason: 'outbox-full' };
    // Sent now if welcomed: the hub can only give it a seq after what we have seen.
    const after = state.welcomed ? this.deps.chatLog.resumePoint : null;
    const item: OutboxItem = { id: platform.randomId(), text, createdAt: platform.now(), after };
    outbox.add(item);
    this.emitPending();
    if (state.welcomed) this.deps.link.send({ type: 'chat', id: item.id, text: item.text });
    return { ok: true, id: item.id };
  }

  /** Sends an unsure message's text again, as a new message (new id); false if it is gone. */
  sendAgain(id: string): SendResult | null {
    const item = this.deps.outbox.items().find((candidate) => candidate.id === id);
    if (!item?.unsure) return null;
    this.deps.outbox.remove(id);
    const result = this.send(item.text);
    if (!result.ok) this.deps.outbox.add(item); // nothing lost: it stays, still unsure
    this.emitPending();
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
    if (this.deps.state.welcomed) this.deps.link.send({ type: 'rename', name: next });
    return { ok: true, name: next };
  }

  setTyping(typing: boolean): void {
    if (this.deps.state.welcomed) this.deps.link.send({ type: 'typing', typing });
  }

  /** Writes the chat log and outbox to storage now. */
  flush(): void {
    this.deps.timers.clear('flush');
    this.deps.chatLog.flush();
    this.deps.outbox.flush();
  }

  /** Persists at most once per persistMs: replays and busy chats come in bursts. */
  private scheduleFlush(): void {
    const { timers, tuning } = this.deps;
    if (timers.has('flush')) return;
    timers.set('flush', tuning.persistMs, () => this.flush());
  }

  private setName(name: string): void {
    this.name = name;
    this.deps.events.emit({ type: 'name', name });
  }

  private emitPending(): void {
    this.deps.events.emit({ type: 'pending', items: [...this.deps.outbox.items()] });
  }

  private emitPeers(): void {
    this.deps.events.emit({ type: 'peers', peers: this.peers, selfId: this.selfId });
  }

  private onWelcome(welcome: WelcomeMessage): void {
    const { chatLog, timeline, state, events, link } = this.deps;
    const hadView = chatLog.currentHistoryId !== null || timeline.length > 0;
    // The newest seq the hub surely has: what we resume from, or what a reset skips.
    const seenSeq =
      welcome.history === 'resume' ? (chatLog.resumePoint?.lastSeq ?? 0) : welcome.skipped;
    state.welcomed = true;
    link.resetBackoff();
    this.selfId = welcome.you.id;
    rememberSelfId(this.deps.platform.session, welcome.you.id);
    this.peers = welcome.peers;
    if (welcome.you.name !== this.name) this.setName(welcome.you.name);
    if (welcome.history === 'reset') {
      chatLog.reset(welcome.historyId);
      timeline.reset();
      if (hadView) timeline.note(t('note.historyReset'));
      this.scheduleFlush();
    } else {
      chatLog.follow(welcome.historyId);
    }
    if (welcome.skipped > 0) {
      const n = welcome.skipped;
      timeline.note(n === 1 ? t('note.skippedOne') : t('note.skipped', { count: n }));
    }
    if (this.everWelcomed) timeline.note(t('note.reconnected'));
    this.everWelcomed = true;
    this.emitPeers();
    events.emitState();
    this.resendAfterWelcome(welcome, seenSeq);
    link.ping(); // latency shows at once rather than after the first heartbeat
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
      link.send({ type: 'chat', id: item.id, text: item.text });
    }
    outbox.update(...updates);
    if (changed) this.emitPending();
  }

  private resendPending(): void {
    for (const item of this.deps.outbox.items()) {
      if (!item.unsure) this.deps.link.send({ type: 'chat', id: item.id, text: item.text });
    }
  }

  private retryPendingSoon(): void {
    const { timers, tuning, state } = this.deps;
    if (timers.has('retry')) return;
    timers.set('retry', tuning.rateLimitRetryMs, () => {
      if (state.welcomed) this.resendPending();
    });
  }

  private onChat(message: ChatMessage): void {
    const { chatLog, timeline, outbox, events } = this.deps;
    const fresh = chatLog.accept(message);
    if (fresh) {
      timeline.add({ kind: 'chat', message, own: message.from.id === this.selfId });
      this.scheduleFlush();
    } else {
      events.wireEvent('notice', t('notice.duplicate', { seq: message.seq }));
    }
    // The echo of our own chat is its acknowledgement; another sender may use the same id.
    if (message.from.id === this.selfId && outbox.remove(message.id)) {
      this.emitPending();
      this.scheduleFlush();
    }
  }

  private onAck(id: string, seq: number): void {
    const item = this.deps.outbox.remove(id);
    if (!item) return; // Already confirmed by its echo: nothing to show twice.
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
    this.deps.timeline.add({ kind: 'chat', message, own: true });
  }

  private onAnnouncement(message: AnnouncementMessage): void {
    if (this.shownAnnouncements.has(message.id)) return;
    this.shownAnnouncements.add(message.id);
    // Bounded: the hub resends only its last few, so old ids can be forgotten.
    if (this.shownAnnouncements.size > 200) {
      const oldest = this.shownAnnouncements.values().next().value;
      if (oldest !== undefined) this.shownAnnouncements.delete(oldest);
    }
    const text = t('note.announcement', { text: message.text });
    this.deps.timeline.add({ kind: 'system', text, at: message.at, tone: 'server' });
  }

  private onPresence(message: PresenceMessage): void {
    const { change } = message;
    const { timeline } = this.deps;
    const others = this.peers.filter((p) => p.id !== change.peer.id);
    this.peers = change.kind === 'left' ? others : [...others, change.peer];
    this.emitPeers();
    const self = change.peer.id === this.selfId;
    switch (change.kind) {
      case 'joined':
        if (!self) timeline.note(t('note.joined', { name: change.peer.name }));
        return;
      case 'left':
        if (!self) timeline.note(t('note.left', { name: change.peer.name }));
        return;
      case 'renamed':
        if (!self) {
          timeline.note(
            t('note.renamed', { previous: change.previousName, name: change.peer.name }),
          );
          return;
        }
        this.setName(change.peer.name);
        timeline.note(t('note.renamedSelf', { name: change.peer.name }));
        return;
    }
  }
}
