// Slow networks on demand: the console puts one connection under added latency, a bandwidth cap
// or a pause, for what the hub sends it. The condition wraps that connection's own TCP socket
// (its write and end; for a pause, ws's reading too) while it lasts, so nothing else in the hub
// knows about it: ws, the turn batcher and the heartbeat write as always, and the bytes wait
// here, in order. Every condition ends by itself (NETWORK_LIMITS.maxSeconds at most), and then
// everything held goes out at once.

import type { Duplex } from 'node:stream';
import {
  NETWORK_LIMITS,
  type HubEventBody,
  type NetworkCondition,
  type NetworkState,
} from '../protocol/console';

/** "300 ms of added latency", as the log and the console's replies say it. */
export function describeCondition(condition: NetworkCondition): string {
  switch (condition.kind) {
    case 'latency':
      return `${condition.ms} ms of added latency`;
    case 'bandwidth':
      return `a ${condition.bytesPerSecond} B/s bandwidth cap`;
    case 'pause':
      return 'a pause (nothing read or written)';
  }
}

/** The part of a connection a condition touches. */
export interface ShapedConnection {
  readonly number: number;
  readonly socket: Duplex;
  /**
   * ws's own pause and resume of reading, which its receiver's flow control respects. The
   * upload rate limit pauses and resumes it too (attachments/transfers.ts).
   */
  readonly ws: {
    pause(): void;
    resume(): void;
    readonly isPaused: boolean;
    readonly bufferedAmount: number;
  };
}

export interface NetworkConditionsOptions {
  emit(body: HubEventBody): void;
  /** Over this many bytes held back, the connection is ended, as the hub ends a slow reader. */
  maxHeldBytes: number;
  now?: () => number;
}

type WriteCallback = (err?: Error | null) => void;
/** A socket method as it was before the wrap, called with the socket as `this`. */
type Method = (this: Duplex, ...args: unknown[]) => unknown;

interface Held {
  chunk: string | Uint8Array;
  encoding: BufferEncoding | undefined;
  callback: WriteCallback | undefined;
  bytes: number;
  /** When it may leave; Infinity while paused. */
  dueAt: number;
}

/** A property's descriptor, the object's own or the nearest prototype's. */
function descriptorOf(target: object, key: string): PropertyDescriptor | undefined {
  for (let at: object | null = target; at; at = Object.getPrototypeOf(at) as object | null) {
    const found = Object.getOwnPropertyDescriptor(at, key);
    if (found) return found;
  }
  return undefined;
}

/** One connection under one condition: its socket's write and end wrapped until lifted. */
class Shaper {
  private readonly held: Held[] = [];
  private heldBytes = 0;
  /** Where a bandwidth cap's next byte may start. */
  private lineFreeAt = 0;
  private pumpTimer: NodeJS.Timeout | undefined;
  private endArgs: unknown[] | null = null;
  private readonly write: Method;
  private readonly end: Method;
  private readonly pauseReading: () => void;
  private readonly resumeReading: () => void;
  /** The socket's own `bufferedAmount`, if it was not its prototype's (put back when lifted). */
  private readonly ownBufferedAmount: PropertyDescriptor | undefined;
  /** During a pause: whether the rest of the hub (the rate limit) wants reading paused. */
  private othersPaused = false;

  constructor(
    private readonly socket: Duplex,
    private readonly reading: ShapedConnection['ws'],
    readonly condition: NetworkCondition,
    readonly endsAt: number,
    private readonly limits: {
      now: () => number;
      maxHeldBytes: number;
      onOverflow: (heldBytes: number) => void;
    },
  ) {
    this.write = socket.write as Method;
    this.end = socket.end as Method;
    // Own properties over the prototype's methods; lift() deletes them again.
    socket.write = this.holdWrite as Duplex['write'];
    socket.end = this.holdEnd as Duplex['end'];
    this.pauseReading = reading.pause;
    this.resumeReading = reading.resume;
    // What is held counts as unsent, as on a slow network: a download's pump waits for it.
    this.ownBufferedAmount = Object.getOwnPropertyDescriptor(reading, 'bufferedAmount');
    const unsent = descriptorOf(reading, 'bufferedAmount');
    Object.defineProperty(reading, 'bufferedAmount', {
      configurable: true,
      get: () => Number(unsent?.get?.call(reading) ?? unsent?.value ?? 0) + this.heldBytes,
    });
    if (condition.kind === 'pause') {
      this.othersPaused = reading.isPaused;
      reading.pause();
      // The rate limit's resume must not end the pause, nor the lift end the rate limit's.
      reading.pause = () => void (this.othersPaused = true);
      reading.resume = () => void (this.othersPaused = false);
    }
  }

  get state(): NetworkState {
    return { condition: this.condition, endsAt: this.endsAt, heldBytes: this.heldBytes };
  }

  /** Puts the socket back as it was and sends what is held, in order; returns its bytes. */
  lift(): number {
    clearTimeout(this.pumpTimer);
    const released = this.heldBytes;
    this.unwrap();
    for (const item of this.held.splice(0)) this.release(item);
    const resume = this.condition.kind === 'pause' && !this.othersPaused;
    if (resume && !this.socket.destroyed) this.reading.resume();
    if (this.endArgs) this.end.apply(this.socket, this.endArgs);
    else if (released > 0 && !this.socket.writableNeedDrain) this.socket.emit('drain');
    return released;
  }

  /**
   * Drops what is held (the socket is gone, or is being ended for holding too much). The socket
   * gets its own methods back, so what is written from now on meets a destroyed socket, as
   * without a condition, instead of being held (and overflowing) again.
   */
  drop(): void {
    clearTimeout(this.pumpTimer);
    this.unwrap();
    this.held.length = 0;
    this.heldBytes = 0;
  }

  private unwrap(): void {
    const socket = this.socket as unknown as Record<string, unknown>;
    delete socket.write;
    delete socket.end;
    if (this.socket.write !== this.write) this.socket.write = this.write as Duplex['write'];
    if (this.socket.end !== this.end) this.socket.end = this.end as Duplex['end'];
    const reading = this.reading as unknown as Record<string, unknown>;
    delete reading.pause;
    delete reading.resume;
    delete reading.bufferedAmount;
    if (this.ownBufferedAmount)
      Object.defineProperty(this.reading, 'bufferedAmount', this.ownBufferedAmount);
    if (this.reading.pause !== this.pauseReading) this.reading.pause = this.pauseReading;
    if (this.reading.resume !== this.resumeReading) this.reading.resume = this.resumeReading;
  }

  private readonly holdWrite = (
    chunk: string | Uint8Array,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    maybeCallback?: WriteCallback,
  ): boolean => {
    const callback = typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback;
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
    this.held.push({ chunk, encoding, callback, bytes, dueAt: this.dueAt(bytes) });
    this.heldBytes += bytes;
    if (this.heldBytes > this.limits.maxHeldBytes) this.limits.onOverflow(this.heldBytes);
    else this.pump();
    return true;
  };

  /** ws ends the socket after its closing handshake: only once what is held has gone out. */
  private readonly holdEnd = (...args: unknown[]): Duplex => {
    if (this.held.length === 0) this.end.apply(this.socket, args);
    else this.endArgs = args;
    return this.socket;
  };

  private dueAt(bytes: number): number {
    const now = this.limits.now();
    switch (this.condition.kind) {
      case 'pause':
        return Infinity;
      case 'latency':
        return now + this.condition.ms;
      case 'bandwidth': {
        const start = Math.max(now, this.lineFreeAt);
        this.lineFreeAt = start + (bytes * 1000) / this.condition.bytesPerSecond;
        return this.lineFreeAt;
      }
    }
  }

  private readonly pump = (): void => {
    clearTimeout(this.pumpTimer);
    const now = this.limits.now();
    let released = false;
    while (this.held[0] && this.held[0].dueAt <= now) {
      this.release(this.held.shift() as Held);
      released = true;
    }
    const next = this.held[0];
    if (next && Number.isFinite(next.dueAt)) {
      this.pumpTimer = setTimeout(this.pump, Math.max(1, next.dueAt - now));
    } else if (!next && this.endArgs) {
      const args = this.endArgs;
      this.endArgs = null;
      this.end.apply(this.socket, args);
    } else if (!next && released && !this.socket.writableNeedDrain) {
      // Held bytes were what kept a writer waiting; the socket itself has room.
      this.socket.emit('drain');
    }
  };

  private release(item: Held): void {
    this.heldBytes -= item.bytes;
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (item.encoding) this.write.call(this.socket, item.chunk, item.encoding, item.callback);
    else this.write.call(this.socket, item.chunk, item.callback);
  }
}

/** The conditions in force, one per connection at most. */
export class NetworkConditions<C extends ShapedConnection> {
  private readonly active = new Map<C, { shaper: Shaper; timer: NodeJS.Timeout }>();
  /** Sockets whose close already ends their condition (one listener each, however many). */
  private readonly watched = new WeakSet<Duplex>();
  private readonly now: () => number;

  constructor(private readonly options: NetworkConditionsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Puts `connection` under `condition` for `seconds` (capped), replacing one it was under. */
  apply(connection: C, condition: NetworkCondition, seconds: number): void {
    const capped = Math.min(Math.max(seconds, 0), NETWORK_LIMITS.maxSeconds);
    if (this.active.has(connection)) this.end(connection, 'console');
    const { socket } = connection;
    const shaper = new Shaper(socket, connection.ws, condition, this.now() + capped * 1000, {
      now: this.now,
      maxHeldBytes: this.options.maxHeldBytes,
      onOverflow: (held) => {
        this.forget(connection);
        this.options.emit({ kind: 'slow', connection: connection.number, bufferedAmount: held });
        socket.destroy();
      },
    });
    const timer = setTimeout(() => this.end(connection, 'expired'), capped * 1000);
    this.active.set(connection, { shaper, timer });
    if (!this.watched.has(socket)) {
      this.watched.add(socket);
      socket.once('close', () => this.forget(connection));
    }
    this.options.emit({
      kind: 'network',
      connection: connection.number,
      condition,
      seconds: capped,
    });
  }

  /** Ends `connection`'s condition now; false if it was under none. */
  lift(connection: C): boolean {
    if (!this.active.has(connection)) return false;
    this.end(connection, 'console');
    return true;
  }

  stateOf(connection: C): NetworkState | null {
    return this.active.get(connection)?.shaper.state ?? null;
  }

  /** Ends every condition, its held bytes sent (before the hub closes its connections). */
  clear(): void {
    for (const connection of [...this.active.keys()]) this.end(connection, 'console');
  }

  private end(connection: C, why: 'console' | 'expired'): void {
    const entry = this.active.get(connection);
    if (!entry) return;
    this.active.delete(connection);
    clearTimeout(entry.timer);
    const releasedBytes = entry.shaper.lift();
    this.options.emit({
      kind: 'network-lifted',
      connection: connection.number,
      why,
      releasedBytes,
    });
  }

  /** The socket is gone: nothing to send, nothing to tell. */
  private forget(connection: C): void {
    const entry = this.active.get(connection);
    if (!entry) return;
    this.active.delete(connection);
    clearTimeout(entry.timer);
    entry.shaper.drop();
  }
}
