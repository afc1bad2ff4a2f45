// The link: one WebSocket to the hub at a time. It opens the socket, samples readyState
// (polling, since the browser reaches CLOSING without an event), records how each socket
// closed, reconnects with backoff, and watches liveness (a heartbeat, silence, giving up on a
// close that never comes). It emits what happened (LinkEvent) and knows nothing of what the
// frames mean: the session subscribes and makes sense of them.

import type { WindowConfig } from '../protocol/bridge';
import { CLOSE_CODES, describeCloseCode, reconnectsAfter } from '../protocol/close-codes';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { ClientMessage, ServerMessage } from '../protocol/messages';
import { parseServerMessage } from '../protocol/validate';
import { backoffDelay } from './backoff';
import {
  BINARY_HEAD_BYTES,
  type ClientPlatform,
  type ClientTuning,
  type CloseInfo,
  type CloseRecord,
  type ConnectionSnapshot,
  type SocketLike,
  type WireEventName,
  type WireRecord,
} from './client-types';
import { Emitter } from './emitter';
import { frameBytes, frameType } from './frame-data';
import { CLOSED, OPEN, toReadyState } from './ready-state';
import { Timers } from './timers';

/** What became of the link after a socket closed. */
export type CloseOutcome = 'stopped' | 'paused' | 'reconnecting';

export type LinkEvent =
  | { type: 'open' }
  /** A frame from the hub that passed the envelope check. */
  | { type: 'message'; message: ServerMessage }
  /** A binary frame from the hub: a chunk of a download. */
  | { type: 'binary'; bytes: Uint8Array }
  | { type: 'unreadable'; error: string }
  /** The socket could not even be created (e.g. a malformed URL); a retry is scheduled. */
  | { type: 'open-failed'; error: string }
  /** The socket is gone; emitted before the link shows its new state. */
  | { type: 'closed'; close: CloseRecord; outcome: CloseOutcome }
  /** The heartbeat while a socket exists: the time to ping, if there is someone to ping. */
  | { type: 'beat' }
  /** status() changed. */
  | { type: 'changed' }
  | { type: 'wire'; record: WireRecord };

/** The link's part of the connection snapshot. */
export type LinkStatus = Pick<
  ConnectionSnapshot,
  'readyState' | 'protocol' | 'lastClose' | 'lastFailure' | 'reconnect' | 'paused'
>;

export interface LinkDeps {
  config: WindowConfig;
  platform: ClientPlatform;
  tuning: ClientTuning;
}

type LinkTimer = 'reconnect' | 'poll' | 'heartbeat' | 'abandon';

/** The mark is there only when set, so ordinary close records keep their shape. */
function abandonedMark(abandoned: boolean): { abandoned?: true } {
  return abandoned ? { abandoned: true } : {};
}

export class Link {
  private readonly events = new Emitter<LinkEvent>();
  private readonly timers: Timers<LinkTimer>;
  private readonly state: LinkStatus = {
    readyState: null,
    protocol: '',
    lastClose: null,
    lastFailure: null,
    reconnect: null,
    paused: null,
  };
  private socket: SocketLike | null = null;
  /** Whether the current socket ever reached OPEN. */
  private socketOpened = false;
  private stopped = false;
  /** A question to the hub about a refusal is under way (one at a time). */
  private checking = false;
  private attempt = 0;
  private lastFrameAt = 0;

  constructor(private readonly deps: LinkDeps) {
    this.timers = new Timers(deps.platform.schedule);
  }

  subscribe(listener: (event: LinkEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** A copy, so it can be kept. */
  status(): LinkStatus {
    return { ...this.state };
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes for good (1000) and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    this.timers.clear('reconnect');
    this.state.reconnect = null;
    if (this.socket && this.socket.readyState <= OPEN) this.socket.close(1000, 'Window closing');
    this.sampleReadyState();
    this.changed();
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
    this.wireFrame('out', data, message.type);
    return true;
  }

  /** One frame exactly as given; its type for the inspector is read from it, if it has one. */
  sendRaw(frame: string | Uint8Array): boolean {
    const { socket } = this;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(frame);
    if (typeof frame !== 'string') {
      this.wireBinary('out', frame, true);
      return true;
    }
    const at = this.deps.platform.now();
    const messageType = frameType(frame);
    this.wire({ kind: 'frame', at, direction: 'out', data: frame, messageType, raw: true });
    return true;
  }

  /** Sends one binary frame when the socket is OPEN; returns whether it did. */
  sendBinary(frame: Uint8Array): boolean {
    const { socket } = this;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(frame);
    this.wireBinary('out', frame);
    return true;
  }

  /** What the current socket has not yet handed to the network (0 without one). */
  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  private wireBinary(direction: 'in' | 'out', bytes: Uint8Array, raw = false): void {
    const head = bytes.slice(0, BINARY_HEAD_BYTES);
    const at = this.deps.platform.now();
    const mark = raw ? { raw: true as const } : {};
    this.wire({ kind: 'binary', at, direction, size: bytes.length, head, ...mark });
  }

  private changed(): void {
    this.events.emit({ type: 'changed' });
  }

  private wire(record: WireRecord): void {
    this.events.emit({ type: 'wire', record });
  }

  private wireEvent(name: WireEventName, detail = ''): void {
    this.wire({ kind: 'event', at: this.deps.platform.now(), name, detail });
  }

  private wireFrame(direction: 'in' | 'out', data: string, messageType: string): void {
    this.wire({ kind: 'frame', at: this.deps.platform.now(), direction, data, messageType });
  }

  private connect(): void {
    if (this.socket || this.stopped) return;
    const { config, platform } = this.deps;
    this.timers.clear('reconnect');
    this.state.reconnect = null;
    this.state.paused = null;
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
      this.wireEvent('error', String(err));
      this.events.emit({ type: 'open-failed', error: String(err) });
      this.scheduleReconnect();
      return;
    }
    this.socket = created;
    this.socketOpened = false;
    this.wireEvent('connecting', config.hubUrl);
    this.sampleReadyState();
    this.changed();
    this.startPolling();
  }

  /** Samples readyState; the browser changes it without an event on the way to CLOSING. */
  private sampleReadyState(): void {
    const { state } = this;
    const next = this.socket ? toReadyState(this.socket.readyState) : state.readyState;
    const protocol = this.socket?.protocol ?? state.protocol;
    if (next === state.readyState && protocol === state.protocol) return;
    if (next !== null && next !== state.readyState) {
      this.wire({ kind: 'state', at: this.deps.platform.now(), readyState: next });
    }
    state.readyState = next;
    state.protocol = protocol;
    this.changed();
  }

  private startPolling(): void {
    const tick = (): void => {
      this.sampleReadyState();
      if (this.socket) this.timers.set('poll', this.deps.tuning.pollMs, tick);
    };
    this.timers.set('poll', this.deps.tuning.pollMs, tick);
  }

  private onOpen(): void {
    this.socketOpened = true;
    this.sampleReadyState();
    this.lastFrameAt = this.deps.platform.now();
    this.wireEvent('open', this.socket?.protocol ?? '');
    this.events.emit({ type: 'open' });
    this.startHeartbeat();
  }

  private onError(): void {
    this.sampleReadyState();
    // Browsers deliberately give no details; the close event that follows has the code.
    this.wireEvent('error');
  }

  private onMessage(data: unknown): void {
    this.lastFrameAt = this.deps.platform.now();
    this.sampleReadyState();
    if (typeof data !== 'string') {
      const bytes = frameBytes(data);
      if (bytes === null) return this.wireFrame('in', '', 'unreadable');
      this.wireBinary('in', bytes);
      this.events.emit({ type: 'binary', bytes });
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.wireFrame('in', data, 'unreadable');
      this.events.emit({ type: 'unreadable', error: parsed.error });
      return;
    }
    this.wireFrame('in', data, parsed.message.type);
    this.events.emit({ type: 'message', message: parsed.message });
  }

  private onClose(info: CloseInfo, abandoned = false): void {
    this.socket = null;
    this.timers.clear('poll');
    this.timers.clear('heartbeat');
    this.timers.clear('abandon');
    const close = this.recordClose(info, abandoned);
    const outcome: CloseOutcome = this.stopped
      ? 'stopped'
      : reconnectsAfter(info.code)
        ? 'reconnecting'
        : 'paused';
    // Replaced: a newer connection with our secret (this window, reloaded) took over, and
    // racing it back would loop. Removed: the server console wants this window off until its
    // user reconnects.
    if (outcome === 'paused') {
      const { code, reason, meaning } = close;
      this.state.paused = { code: 'closed', closeCode: code, reason, meaning };
    }
    this.events.emit({ type: 'closed', close, outcome });
    const { at, meaning } = close;
    this.wire({ kind: 'close', at, close: { ...info }, meaning, ...abandonedMark(abandoned) });
    if (outcome !== 'reconnecting') return this.changed();
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
        this.timers.clear('reconnect');
        this.state.reconnect = null;
        this.state.paused = { code: 'stale-link' };
        this.changed();
      });
  }

  private recordClose(info: CloseInfo, abandoned: boolean): CloseRecord {
    const { state } = this;
    const at = this.deps.platform.now();
    if (state.readyState !== CLOSED) {
      // The close event is where CLOSED is first seen: record it like any other change.
      this.wire({ kind: 'state', at, readyState: CLOSED });
    }
    state.readyState = CLOSED;
    const meaning = describeCloseCode(info.code);
    const record: CloseRecord = { ...info, at, meaning, ...abandonedMark(abandoned) };
    if (this.socketOpened || state.lastClose === null) {
      state.lastClose = record;
      state.lastFailure = null;
    } else {
      state.lastFailure = record;
    }
    return record;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { platform, tuning } = this.deps;
    const delay = backoffDelay(this.attempt, platform.random, tuning.backoff);
    this.attempt += 1;
    this.state.reconnect = { at: platform.now() + delay, attempt: this.attempt };
    this.timers.set('reconnect', delay, () => this.connect());
    this.changed();
  }

  private startHeartbeat(): void {
    const { tuning, platform } = this.deps;
    const beat = (): void => {
      if (!this.socket) return;
      if (platform.now() - this.lastFrameAt > tuning.silenceMs) return this.closeSilent();
      this.events.emit({ type: 'beat' });
      this.timers.set('heartbeat', tuning.pingMs, beat);
    };
    this.timers.set('heartbeat', tuning.pingMs, beat);
  }

  /** A dead link may never fire close; close it ourselves, and give up waiting if need be. */
  private closeSilent(): void {
    const silent = this.socket;
    if (!silent) return;
    const { tuning, platform } = this.deps;
    this.wire({
      kind: 'notice',
      at: platform.now(),
      notice: { code: 'silent', ms: tuning.silenceMs },
    });
    silent.close(CLOSE_CODES.silent.code, 'Hub went silent');
    this.sampleReadyState();
    this.timers.set('abandon', tuning.abandonMs, () => {
      if (this.socket !== silent) return;
      this.onClose({ code: CLOSE_CODES.abnormal.code, reason: '', wasClean: false }, true);
    });
  }
}
