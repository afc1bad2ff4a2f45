// The connection client: one WebSocket to the hub at a time, hello/resume, reconnect with
// backoff, the outbox, and dedupe by seq. It touches no DOM and no globals (socket, timers,
// randomness and storage are injected), so it runs under Vitest in Node.

import {
  LIMITS,
  SUBPROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  type ChatMessage,
  type ClientMessage,
  type Peer,
  type PresenceMessage,
  type PushMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../../../protocol/messages';
import { t } from '../i18n';
import type { WindowConfig } from '../../../protocol/bridge';
import { parseServerMessage } from '../../../protocol/validate';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { ChatLog } from './chat-log';
import { CLOSE_CODES, describeCloseCode, reconnectsAfter } from '../../../protocol/close-codes';
import { Outbox, type OutboxItem } from './outbox';
import { CLOSED, OPEN, toReadyState, type ReadyState } from './ready-state';
import { readText, writeText, type KeyValueStore } from './storage';

// ------------------------------------------------------------------ injected platform

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** What the client needs from a socket; the browser adapter wraps a real WebSocket. */
export interface SocketLike {
  readonly readyState: number;
  /** The negotiated subprotocol ('' until open). */
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(info: CloseInfo): void;
  error(): void;
}

export type OpenSocket = (url: string, protocols: string[], handlers: SocketHandlers) => SocketLike;

/** Returns a function that cancels the timer. */
export type Schedule = (run: () => void, ms: number) => () => void;

export interface ClientPlatform {
  openSocket: OpenSocket;
  schedule: Schedule;
  now: () => number;
  random: () => number;
  randomId: () => string;
  /** Per window and survives a reload (sessionStorage): chat log and outbox. */
  session: KeyValueStore;
  /** Survives a restart (localStorage): the chosen name, keyed by windowKey. */
  local: KeyValueStore;
}

export interface ClientTuning {
  backoff: BackoffPolicy;
  /** How often readyState is sampled while a socket exists (to make CLOSING visible). */
  pollMs: number;
  /** How often to ping the hub once welcomed (latency, and proof the link is alive). */
  pingMs: number;
  /** No frame at all for this long means the connection is dead even without a close. */
  silenceMs: number;
  /** After closing a silent socket, how long to wait for its close event before moving on. */
  abandonMs: number;
  /** Delay before resending pending chats after the hub said "rate-limited". */
  rateLimitRetryMs: number;
  /**
   * How long the chat log and acknowledged outbox entries may wait before they are written to
   * storage: one write per this many ms instead of one per message (flush() writes at once).
   */
  persistMs: number;
}

export const DEFAULT_TUNING: ClientTuning = {
  backoff: DEFAULT_BACKOFF,
  pollMs: 100,
  pingMs: 5_000,
  silenceMs: 20_000,
  abandonMs: 3_000,
  rateLimitRetryMs: 1_000,
  // Long enough that the log's write (tens of KB, up to 30 ms on a busy machine) is rare while
  // messages stream in. Losing it to a crash costs nothing: the stored lastSeq goes with the
  // log, so the hub replays the rest, and a resent acknowledged chat is only acknowledged again.
  persistMs: 5_000,
};

// ------------------------------------------------------------------ what the UI sees

export type CloseRecord = CloseInfo & { at: number; meaning: string };

export interface ConnectionSnapshot {
  hubUrl: string;
  /** null before the first socket is created. */
  readyState: ReadyState | null;
  protocol: string;
  /** The hub has answered our hello: chats flow. */
  welcomed: boolean;
  /**
   * How the last connection that had opened ended (or, before any opened, the last
   * attempt). Failed reconnect attempts do not overwrite it: they are in lastFailure.
   */
  lastClose: CloseRecord | null;
  /** The latest reconnect attempt that never opened (refused, handshake rejected). */
  lastFailure: CloseRecord | null;
  /** A reconnect is scheduled for `at` (ms since epoch); `attempt` counts from 1. */
  reconnect: { at: number; attempt: number } | null;
  /** Why automatic reconnecting stopped (the user can still press Reconnect now). */
  paused: string | null;
  latencyMs: number | null;
}

export type TimelineEntry =
  | { kind: 'chat'; message: ChatMessage; own: boolean }
  | { kind: 'push'; push: PushMessage }
  | { kind: 'system'; text: string; at: number; tone: SystemTone };

/** 'server' marks an announcement broadcast from the server console. */
export type SystemTone = 'info' | 'warning' | 'server';

/**
 * What happened on this window's WebSocket, for the event inspector: every frame as sent or
 * received (raw text, so sizes are exact), every socket event, every readyState change.
 */
export type WireRecord =
  | { kind: 'frame'; at: number; direction: 'in' | 'out'; data: string; messageType: string }
  | { kind: 'event'; at: number; name: WireEventName; detail: string }
  | { kind: 'close'; at: number; close: CloseInfo; meaning: string }
  | { kind: 'state'; at: number; readyState: ReadyState };

/** `notice` is the client's own remark (a duplicate ignored, a silent link closed). */
export type WireEventName = 'connecting' | 'open' | 'error' | 'notice';

export type ClientEvent =
  | { type: 'connection'; state: ConnectionSnapshot }
  | { type: 'timeline-reset'; entries: readonly TimelineEntry[] }
  | { type: 'timeline-add'; entry: TimelineEntry }
  | { type: 'pending'; items: readonly OutboxItem[] }
  | { type: 'peers'; peers: readonly Peer[]; selfId: string }
  | { type: 'name'; name: string }
  | { type: 'typing'; from: Peer; typing: boolean }
  | { type: 'wire'; record: WireRecord };

export type Listener = (event: ClientEvent) => void;

export type SendResult =
  { ok: true; id: string } | { ok: false; reason: 'empty' | 'too-long' | 'outbox-full' };

export type RenameResult = { ok: true; name: string } | { ok: false; reason: 'empty' | 'too-long' };

export interface ConnectionClient {
  /** Opens the first connection. */
  start(): void;
  /** Closes for good (1000) and stops reconnecting. */
  stop(): void;
  send(text: string): SendResult;
  rename(name: string): RenameResult;
  /** Tells the others whether this window is typing (dropped while not connected). */
  setTyping(typing: boolean): void;
  /** Skips the backoff wait (or resumes after a pause) and connects now. */
  reconnectNow(): void;
  /** Writes the chat log and outbox to storage now (call when the page is hidden or unloads). */
  flush(): void;
  /** The listener first receives the current state, then every change. */
  subscribe(listener: Listener): () => void;
}

// ------------------------------------------------------------------ implementation

const TIMELINE_LIMIT = 500;

export function storageKeys(windowKey: string) {
  return {
    outbox: `loopchat.${windowKey}.outbox`,
    chatLog: `loopchat.${windowKey}.chat`,
    name: `loopchat.${windowKey}.name`,
  };
}

export function createConnectionClient(
  config: WindowConfig,
  platform: ClientPlatform,
  tuning: ClientTuning = DEFAULT_TUNING,
): ConnectionClient {
  const { schedule, now } = platform;
  const keys = storageKeys(config.windowKey);
  const outbox = new Outbox(platform.session, keys.outbox);
  const chatLog = new ChatLog(platform.session, keys.chatLog);
  const listeners = new Set<Listener>();

  let name = readText(platform.local, keys.name) ?? config.defaultName;
  let selfId = config.windowKey;
  let peers: readonly Peer[] = [];
  let timeline: TimelineEntry[] = chatLog
    .messages()
    .map((message) => ({ kind: 'chat', message, own: message.from.id === selfId }));

  let socket: SocketLike | null = null;
  /** Whether the current socket ever reached OPEN. */
  let socketOpened = false;
  let stopped = false;
  let attempt = 0;
  let lastFrameAt = 0;
  let everWelcomed = false;
  const pingsSent = new Map<string, number>();
  let pingCounter = 0;
  const state: ConnectionSnapshot = {
    hubUrl: config.hubUrl,
    readyState: null,
    protocol: '',
    welcomed: false,
    lastClose: null,
    lastFailure: null,
    reconnect: null,
    paused: null,
    latencyMs: null,
  };

  // Timers; each holds its cancel function.
  let cancelReconnect: (() => void) | null = null;
  let cancelPoll: (() => void) | null = null;
  let cancelHeartbeat: (() => void) | null = null;
  let cancelAbandon: (() => void) | null = null;
  let cancelFlush: (() => void) | null = null;
  let cancelRetry: (() => void) | null = null;

  const emit = (event: ClientEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const emitState = (): void => emit({ type: 'connection', state: { ...state } });
  const emitPending = (): void => emit({ type: 'pending', items: [...outbox.items()] });
  const emitPeers = (): void => emit({ type: 'peers', peers, selfId });
  const wireEvent = (name: WireEventName, detail = ''): void =>
    emit({ type: 'wire', record: { kind: 'event', at: now(), name, detail } });
  const wireFrame = (direction: 'in' | 'out', data: string, messageType: string): void =>
    emit({ type: 'wire', record: { kind: 'frame', at: now(), direction, data, messageType } });

  function addEntry(entry: TimelineEntry): void {
    timeline.push(entry);
    // Trimmed in halves, not per message: copying the whole timeline on every message was
    // a per-message cost on the hot path.
    if (timeline.length > 2 * TIMELINE_LIMIT) timeline = timeline.slice(-TIMELINE_LIMIT);
    emit({ type: 'timeline-add', entry });
  }

  const note = (text: string, tone: SystemTone = 'info'): void =>
    addEntry({ kind: 'system', text, at: now(), tone });

  /** Persists at most once per persistMs: replays and busy chats come in bursts. */
  function scheduleFlush(): void {
    if (cancelFlush) return;
    cancelFlush = schedule(() => {
      cancelFlush = null;
      flush();
    }, tuning.persistMs);
  }

  function flush(): void {
    cancelFlush = cancel(cancelFlush);
    chatLog.flush();
    outbox.flush();
  }

  function cancel(which: (() => void) | null): null {
    which?.();
    return null;
  }

  /** Samples readyState; the browser changes it without an event on the way to CLOSING. */
  function sampleReadyState(): void {
    const next = socket ? toReadyState(socket.readyState) : state.readyState;
    const protocol = socket?.protocol ?? state.protocol;
    if (next === state.readyState && protocol === state.protocol) return;
    if (next !== null && next !== state.readyState) {
      emit({ type: 'wire', record: { kind: 'state', at: now(), readyState: next } });
    }
    state.readyState = next;
    state.protocol = protocol;
    emitState();
  }

  function startPolling(): void {
    cancelPoll = cancel(cancelPoll);
    const tick = (): void => {
      sampleReadyState();
      cancelPoll = socket ? schedule(tick, tuning.pollMs) : null;
    };
    cancelPoll = schedule(tick, tuning.pollMs);
  }

  function sendFrame(message: ClientMessage): boolean {
    if (!socket || socket.readyState !== OPEN) return false;
    const data = JSON.stringify(message);
    socket.send(data);
    wireFrame('out', data, message.type);
    return true;
  }

  function connect(): void {
    if (socket || stopped) return;
    cancelReconnect = cancel(cancelReconnect);
    state.reconnect = null;
    state.paused = null;
    const protocols = [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + config.token];
    let created: SocketLike;
    try {
      created = platform.openSocket(config.hubUrl, protocols, {
        open: () => created === socket && onOpen(),
        message: (data) => created === socket && onMessage(data),
        close: (info) => created === socket && onClose(info),
        error: () => created === socket && onError(),
      });
    } catch (err) {
      // e.g. a SyntaxError for a malformed URL: report it and retry like any failure.
      wireEvent('error', String(err));
      note(t('note.couldNotOpen', { error: String(err) }), 'warning');
      scheduleReconnect();
      return;
    }
    socket = created;
    socketOpened = false;
    wireEvent('connecting', config.hubUrl);
    sampleReadyState();
    emitState();
    startPolling();
  }

  function onOpen(): void {
    socketOpened = true;
    sampleReadyState();
    lastFrameAt = now();
    wireEvent('open', socket?.protocol ?? '');
    sendFrame({
      type: 'hello',
      clientId: config.windowKey,
      name,
      resume: chatLog.resumePoint,
    });
    startHeartbeat();
  }

  function onError(): void {
    sampleReadyState();
    // Browsers deliberately give no details; the close event that follows has the code.
    wireEvent('error');
  }

  function onClose(info: CloseInfo): void {
    const wasWelcomed = state.welcomed;
    socket = null;
    cancelPoll = cancel(cancelPoll);
    cancelHeartbeat = cancel(cancelHeartbeat);
    cancelAbandon = cancel(cancelAbandon);
    cancelRetry = cancel(cancelRetry);
    pingsSent.clear();
    const meaning = describeCloseCode(info.code);
    if (state.readyState !== CLOSED) {
      // The close event is where CLOSED is first seen: record it like any other change.
      emit({ type: 'wire', record: { kind: 'state', at: now(), readyState: CLOSED } });
    }
    state.readyState = CLOSED;
    state.welcomed = false;
    const record: CloseRecord = { ...info, at: now(), meaning };
    if (socketOpened || state.lastClose === null) {
      state.lastClose = record;
      state.lastFailure = null;
    } else {
      state.lastFailure = record;
    }
    peers = [];
    emitPeers();
    emit({ type: 'wire', record: { kind: 'close', at: now(), close: { ...info }, meaning } });
    if (stopped) return emitState();
    if (!reconnectsAfter(info.code)) {
      // e.g. another tab or window with our windowKey took over; racing it back would loop.
      state.paused = info.reason || meaning;
      note(t('note.replaced'), 'warning');
      return emitState();
    }
    if (wasWelcomed) note(t('note.disconnected', { code: info.code, meaning }), 'warning');
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped) return;
    cancelReconnect = cancel(cancelReconnect);
    const delay = backoffDelay(attempt, platform.random, tuning.backoff);
    attempt += 1;
    state.reconnect = { at: now() + delay, attempt };
    cancelReconnect = schedule(() => {
      cancelReconnect = null;
      connect();
    }, delay);
    emitState();
  }

  function startHeartbeat(): void {
    cancelHeartbeat = cancel(cancelHeartbeat);
    const beat = (): void => {
      cancelHeartbeat = null;
      if (!socket) return;
      if (now() - lastFrameAt > tuning.silenceMs) return closeSilent();
      if (state.welcomed) sendPing();
      cancelHeartbeat = schedule(beat, tuning.pingMs);
    };
    cancelHeartbeat = schedule(beat, tuning.pingMs);
  }

  function sendPing(): void {
    const id = `p${++pingCounter}`;
    if (sendFrame({ type: 'ping', id })) pingsSent.set(id, now());
  }

  /** A dead link may never fire close; close it ourselves, and give up waiting if need be. */
  function closeSilent(): void {
    const silent = socket;
    if (!silent) return;
    wireEvent('notice', t('notice.silent', { ms: tuning.silenceMs }));
    silent.close(CLOSE_CODES.silent.code, 'Hub went silent');
    sampleReadyState();
    cancelAbandon = schedule(() => {
      cancelAbandon = null;
      if (socket !== silent) return;
      onClose({
        code: CLOSE_CODES.abnormal.code,
        reason: 'No close frame from the hub (gave up waiting)',
        wasClean: false,
      });
    }, tuning.abandonMs);
  }

  function onMessage(data: unknown): void {
    lastFrameAt = now();
    sampleReadyState();
    if (typeof data !== 'string') {
      wireFrame('in', '', 'binary');
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      wireFrame('in', data, 'unreadable');
      note(t('note.unreadable', { error: parsed.error }), 'warning');
      return;
    }
    wireFrame('in', data, parsed.message.type);
    handle(parsed.message);
  }

  function handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        return onWelcome(message);
      case 'chat':
        return onChat(message);
      case 'ack':
        return onAck(message.id, message.seq);
      case 'presence':
        return onPresence(message);
      case 'push':
        return addEntry({ kind: 'push', push: message });
      case 'pong': {
        const sentAt = pingsSent.get(message.id);
        if (sentAt === undefined) return;
        pingsSent.delete(message.id);
        state.latencyMs = now() - sentAt;
        return emitState();
      }
      case 'error':
        note(t('note.refused', { code: message.code, message: message.message }), 'warning');
        if (message.code === 'rate-limited') retryPendingSoon();
        return;
      case 'typing':
        return emit({ type: 'typing', from: message.from, typing: message.typing });
      case 'announcement':
        return addEntry({
          kind: 'system',
          text: t('note.announcement', { text: message.text }),
          at: message.at,
          tone: 'server',
        });
    }
  }

  function onWelcome(welcome: WelcomeMessage): void {
    const hadView = chatLog.currentHistoryId !== null || timeline.length > 0;
    state.welcomed = true;
    attempt = 0;
    selfId = welcome.you.id;
    peers = welcome.peers;
    if (welcome.you.name !== name) {
      name = welcome.you.name;
      emit({ type: 'name', name });
    }
    if (welcome.history === 'reset') {
      chatLog.reset(welcome.historyId);
      timeline = [];
      emit({ type: 'timeline-reset', entries: [] });
      if (hadView) note(t('note.historyReset'));
      scheduleFlush();
    } else {
      chatLog.follow(welcome.historyId);
    }
    if (welcome.skipped > 0) {
      const n = welcome.skipped;
      note(n === 1 ? t('note.skippedOne') : t('note.skipped', { count: n }));
    }
    if (everWelcomed) note(t('note.reconnected'));
    everWelcomed = true;
    emitPeers();
    emitState();
    resendPending();
    sendPing(); // latency shows at once rather than after the first heartbeat
  }

  function resendPending(): void {
    for (const item of outbox.items()) sendFrame({ type: 'chat', id: item.id, text: item.text });
  }

  function retryPendingSoon(): void {
    if (cancelRetry) return;
    cancelRetry = schedule(() => {
      cancelRetry = null;
      if (state.welcomed) resendPending();
    }, tuning.rateLimitRetryMs);
  }

  function onChat(message: ChatMessage): void {
    const fresh = chatLog.accept(message);
    if (fresh) {
      addEntry({ kind: 'chat', message, own: message.from.id === selfId });
      scheduleFlush();
    } else {
      wireEvent('notice', t('notice.duplicate', { seq: message.seq }));
    }
    // The echo of our own chat is its acknowledgement.
    if (outbox.remove(message.id)) {
      emitPending();
      scheduleFlush();
    }
  }

  function onAck(id: string, seq: number): void {
    const item = outbox.remove(id);
    if (!item) return; // Already confirmed by its echo: nothing to show twice.
    emitPending();
    scheduleFlush();
    if (chatLog.hasId(id)) return;
    // Sequenced earlier but its echo was never replayed to us (history reset): show it once.
    const message: ChatMessage = {
      type: 'chat',
      seq,
      id,
      from: { id: selfId, name },
      text: item.text,
      at: item.createdAt,
    };
    addEntry({ kind: 'chat', message, own: true });
  }

  function onPresence(message: PresenceMessage): void {
    const { change } = message;
    const others = peers.filter((p) => p.id !== change.peer.id);
    peers = change.kind === 'left' ? others : [...others, change.peer];
    emitPeers();
    const self = change.peer.id === selfId;
    switch (change.kind) {
      case 'joined':
        if (!self) note(t('note.joined', { name: change.peer.name }));
        return;
      case 'left':
        if (!self) note(t('note.left', { name: change.peer.name }));
        return;
      case 'renamed':
        if (self) {
          name = change.peer.name;
          emit({ type: 'name', name });
          note(t('note.renamedSelf', { name: change.peer.name }));
        } else {
          note(t('note.renamed', { previous: change.previousName, name: change.peer.name }));
        }
        return;
    }
  }

  return {
    start() {
      stopped = false;
      connect();
    },

    stop() {
      stopped = true;
      cancelReconnect = cancel(cancelReconnect);
      state.reconnect = null;
      flush();
      if (socket && socket.readyState <= OPEN) socket.close(1000, 'Window closing');
      sampleReadyState();
      emitState();
    },

    send(raw) {
      const text = raw.trimEnd();
      if (text.trim().length === 0) return { ok: false, reason: 'empty' };
      if (text.length > LIMITS.maxTextLength) return { ok: false, reason: 'too-long' };
      if (outbox.isFull) return { ok: false, reason: 'outbox-full' };
      const item: OutboxItem = { id: platform.randomId(), text, createdAt: now() };
      outbox.add(item);
      emitPending();
      if (state.welcomed) sendFrame({ type: 'chat', id: item.id, text: item.text });
      return { ok: true, id: item.id };
    },

    rename(raw) {
      const next = raw.trim();
      if (next.length === 0) return { ok: false, reason: 'empty' };
      if (next.length > LIMITS.maxNameLength) return { ok: false, reason: 'too-long' };
      writeText(platform.local, keys.name, next);
      if (next === name) return { ok: true, name };
      // Shown at once and used by the next hello; the hub's presence confirms it to everyone.
      name = next;
      emit({ type: 'name', name });
      if (state.welcomed) sendFrame({ type: 'rename', name });
      return { ok: true, name };
    },

    setTyping(typing) {
      if (state.welcomed) sendFrame({ type: 'typing', typing });
    },

    reconnectNow() {
      stopped = false;
      // A socket that is CONNECTING or OPEN needs nothing; a CLOSING one schedules the next
      // attempt from its close event.
      if (socket) return;
      connect();
    },

    flush,

    subscribe(listener) {
      listeners.add(listener);
      listener({ type: 'connection', state: { ...state } });
      listener({ type: 'name', name });
      listener({ type: 'timeline-reset', entries: timeline.slice(-TIMELINE_LIMIT) });
      listener({ type: 'pending', items: [...outbox.items()] });
      listener({ type: 'peers', peers, selfId });
      return () => listeners.delete(listener);
    },
  };
}
