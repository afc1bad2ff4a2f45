// The link: one WebSocket to the hub at a time. It opens the socket, samples readyState
// (polling, since the browser reaches CLOSING without an event), records how each socket
// closed, reconnects with backoff, and watches liveness (heartbeat pings, silence, giving up
// on a close that never comes). What the frames mean is the session's business.

import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { ClientMessage, ServerMessage } from '../protocol/messages';
import type { WindowConfig } from '../protocol/bridge';
import { CLOSE_CODES, describeCloseCode, reconnectsAfter } from '../protocol/close-codes';
import { parseServerMessage } from '../protocol/validate';
import { t } from '../renderer/src/i18n';
import { backoffDelay } from './backoff';
import type { ChatTimeline } from './chat-timeline';
import type { ClientEvents } from './client-events';
import type {
  ClientPlatform,
  ClientTuning,
  CloseInfo,
  CloseRecord,
  ConnectionSnapshot,
  SocketLike,
} from './client-types';
import { CLOSED, OPEN, toReadyState } from './ready-state';
import { RoundTrips } from './round-trips';
import type { Timers } from './timers';

/** What the link tells the session. */
export interface LinkHooks {
  /** The socket opened: say hello. */
  opened(): void;
  /** A frame from the hub that passed the envelope check. */
  received(message: ServerMessage): void;
  /** The socket is gone: forget what only lived on it (called before the close is shown). */
  lost(): void;
}

/** What the link and the session both work with; createConnectionClient makes one of each. */
export interface SharedDeps {
  config: WindowConfig;
  platform: ClientPlatform;
  tuning: ClientTuning;
  /** One snapshot: the session owns `welcomed`, the link the socket fields. */
  state: ConnectionSnapshot;
  timers: Timers;
  events: ClientEvents;
  timeline: ChatTimeline;
}

export interface LinkDeps extends SharedDeps {
  hooks: LinkHooks;
}

export class Link {
  private socket: SocketLike | null = null;
  /** Whether the current socket ever reached OPEN. */
  private socketOpened = false;
  private stopped = false;
  /** A question to the hub about a refusal is under way (one at a time). */
  private checking = false;
  private attempt = 0;
  private lastFrameAt = 0;
  private pingCounter = 0;
  private readonly roundTrips = new RoundTrips();

  constructor(private readonly deps: LinkDeps) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes for good (1000) and stops reconnecting. */
  stop(): void {
    const { state, timers, events } = this.deps;
    this.stopped = true;
    timers.clear('reconnect');
    state.reconnect = null;
    if (this.socket && this.socket.readyState <= OPEN) this.socket.close(1000, 'Window closing');
    this.sampleReadyState();
    events.emitState();
  }

  reconnectNow(): void {
    this.stopped = false;
    // A socket that is CONNECTING or OPEN needs nothing; a CLOSING one schedules the next
    // attempt from its close event.
    if (this.socket) return;
    this.connect();
  }

  /** The hub welcomed us: the next drop starts the backoff from the beginning. */
  resetBackoff(): void {
    this.attempt = 0;
  }

  /** Sends when the socket is OPEN; returns whether it did. */
  send(message: ClientMessage): boolean {
    const { socket } = this;
    if (!socket || socket.readyState !== OPEN) return false;
    const data = JSON.stringify(message);
    socket.send(data);
    this.deps.events.wireFrame('out', data, message.type);
    return true;
  }

  ping(): void {
    const id = `p${++this.pingCounter}`;
    if (this.send({ type: 'ping', id })) this.roundTrips.sent(id, this.deps.platform.now());
  }

  pong(id: string): void {
    const stats = this.roundTrips.answered(id, this.deps.platform.now());
    if (!stats) return;
    this.deps.state.latencyMs = stats.lastMs;
    this.deps.state.roundTrip = stats;
    this.deps.events.emitState();
  }

  private connect(): void {
    if (this.socket || this.stopped) return;
    const { config, platform, state, timers, events } = this.deps;
    timers.clear('reconnect');
    state.reconnect = null;
    state.paused = null;
    const protocols = [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + config.token];
    let created: SocketLike;
    try {
      created = platform.openSocket(config.hubUrl, protocols, {
        open: () => created === this.socket && this.onOpen(),
        message: (data) => created === this.socket && this.onMessage(data),
        close: (info) => created === this.socket && this.onClose(info),
        error: () => created === this.socket && this.onError(),
      });
    } catch (err) {
      // e.g. a SyntaxError for a malformed URL: report it and retry like any failure.
      events.wireEvent('error', String(err));
      this.deps.timeline.note(t('note.couldNotOpen', { error: String(err) }), 'warning');
      this.scheduleReconnect();
      return;
    }
    this.socket = created;
    this.socketOpened = false;
    events.wireEvent('connecting', config.hubUrl);
    this.sampleReadyState();
    events.emitState();
    this.startPolling();
  }

  /** Samples readyState; the browser changes it without an event on the way to CLOSING. */
  private sampleReadyState(): void {
    const { state, events } = this.deps;
    const next = this.socket ? toReadyState(this.socket.readyState) : state.readyState;
    const protocol = this.socket?.protocol ?? state.protocol;
    if (next === state.readyState && protocol === state.protocol) return;
    if (next !== null && next !== state.readyState) {
      events.wire({ kind: 'state', at: this.deps.platform.now(), readyState: next });
    }
    state.readyState = next;
    state.protocol = protocol;
    events.emitState();
  }

  private startPolling(): void {
    const { timers, tuning } = this.deps;
    const tick = (): void => {
      this.sampleReadyState();
      if (this.socket) timers.set('poll', tuning.pollMs, tick);
    };
    timers.set('poll', tuning.pollMs, tick);
  }

  private onOpen(): void {
    this.socketOpened = true;
    this.sampleReadyState();
    this.lastFrameAt = this.deps.platform.now();
    this.deps.events.wireEvent('open', this.socket?.protocol ?? '');
    this.deps.hooks.opened();
    this.startHeartbeat();
  }

  private onError(): void {
    this.sampleReadyState();
    // Browsers deliberately give no details; the close event that follows has the code.
    this.deps.events.wireEvent('error');
  }

  private onMessage(data: unknown): void {
    const { events } = this.deps;
    this.lastFrameAt = this.deps.platform.now();
    this.sampleReadyState();
    if (typeof data !== 'string') {
      events.wireFrame('in', '', 'binary');
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      events.wireFrame('in', data, 'unreadable');
      this.deps.timeline.note(t('note.unreadable', { error: parsed.error }), 'warning');
      return;
    }
    events.wireFrame('in', data, parsed.message.type);
    this.deps.hooks.received(parsed.message);
  }

  private onClose(info: CloseInfo): void {
    const { state, timers, events, timeline } = this.deps;
    const wasWelcomed = state.welcomed;
    this.socket = null;
    timers.clear('poll');
    timers.clear('heartbeat');
    timers.clear('abandon');
    this.roundTrips.forgetOpen();
    const meaning = describeCloseCode(info.code);
    this.recordClose(info, meaning);
    this.deps.hooks.lost();
    const at = this.deps.platform.now();
    events.wire({ kind: 'close', at, close: { ...info }, meaning });
    if (this.stopped) return events.emitState();
    if (!reconnectsAfter(info.code)) {
      // Replaced: a newer connection with our secret (this window, reloaded) took over, and
      // racing it back would loop. Removed: the server console wants this window off until its
      // user reconnects.
      const removed = info.code === CLOSE_CODES.removed.code;
      state.paused = info.reason || (removed ? t('conn.removed') : meaning);
      timeline.note(removed ? t('note.removed') : t('note.replaced'), 'warning');
      return events.emitState();
    }
    if (wasWelcomed) timeline.note(t('note.disconnected', { code: info.code, meaning }), 'warning');
    this.scheduleReconnect();
    // Failed without ever opening: the hub may be down, or refusing this tab's token.
    if (!this.socketOpened) this.askWhyRefused();
  }

  /**
   * Asks the hub (browser mode) whether our token is still good. A token from an earlier run
   * will never work: stop retrying and say which link to open. "Reconnect now" still tries.
   */
  private askWhyRefused(): void {
    const check = this.deps.platform.checkRefusal;
    if (!check || this.checking) return;
    this.checking = true;
    void check()
      .catch(() => null)
      .then((verdict) => {
        this.checking = false;
        // A new attempt is already under way, or the window closed: nothing to stop.
        if (verdict !== 'wrong-token' || this.stopped || this.socket) return;
        const { state, timers, events } = this.deps;
        timers.clear('reconnect');
        state.reconnect = null;
        state.paused = t('conn.staleLink');
        events.emitState();
      });
  }

  private recordClose(info: CloseInfo, meaning: string): void {
    const { state, events } = this.deps;
    const at = this.deps.platform.now();
    if (state.readyState !== CLOSED) {
      // The close event is where CLOSED is first seen: record it like any other change.
      events.wire({ kind: 'state', at, readyState: CLOSED });
    }
    state.readyState = CLOSED;
    const record: CloseRecord = { ...info, at, meaning };
    if (this.socketOpened || state.lastClose === null) {
      state.lastClose = record;
      state.lastFailure = null;
    } else {
      state.lastFailure = record;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { platform, tuning, state, timers, events } = this.deps;
    const delay = backoffDelay(this.attempt, platform.random, tuning.backoff);
    this.attempt += 1;
    state.reconnect = { at: platform.now() + delay, attempt: this.attempt };
    timers.set('reconnect', delay, () => this.connect());
    events.emitState();
  }

  private startHeartbeat(): void {
    const { timers, tuning, state, platform } = this.deps;
    const beat = (): void => {
      if (!this.socket) return;
      if (platform.now() - this.lastFrameAt > tuning.silenceMs) return this.closeSilent();
      if (state.welcomed) this.ping();
      timers.set('heartbeat', tuning.pingMs, beat);
    };
    timers.set('heartbeat', tuning.pingMs, beat);
  }

  /** A dead link may never fire close; close it ourselves, and give up waiting if need be. */
  private closeSilent(): void {
    const silent = this.socket;
    if (!silent) return;
    const { events, timers, tuning } = this.deps;
    events.wireEvent('notice', t('notice.silent', { ms: tuning.silenceMs }));
    silent.close(CLOSE_CODES.silent.code, 'Hub went silent');
    this.sampleReadyState();
    timers.set('abandon', tuning.abandonMs, () => {
      if (this.socket !== silent) return;
      this.onClose({
        code: CLOSE_CODES.abnormal.code,
        reason: t('conn.abandoned'),
        wasClean: false,
      });
    });
  }
}
