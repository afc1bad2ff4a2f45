// TCP connections that have not yet finished a request head or a WebSocket upgrade. Node only
// enforces headersTimeout on its connectionsCheckingInterval tick (30 s by default), and such
// sockets never count toward the connection cap, so the hub keeps its own account: each one
// gets a deadline of its own, and there are at most `max` of them at once.

import type { Duplex } from 'node:stream';

export interface HalfOpenOptions {
  timeoutMs: number;
  max: number;
  /** Its request head did not arrive in time. */
  onTimeout(socket: Duplex): void;
  /** Closed to make room: the newest connection may be an honest window. */
  onEvict(socket: Duplex): void;
}

export class HalfOpenSockets {
  /** In arrival order (a Map keeps it), so the oldest is evicted first. */
  private readonly waiting = new Map<Duplex, NodeJS.Timeout>();

  constructor(private readonly options: HalfOpenOptions) {}

  get size(): number {
    return this.waiting.size;
  }

  /** A new TCP connection: starts its deadline, making room first if the bound is reached. */
  add(socket: Duplex): void {
    const { max, timeoutMs, onTimeout, onEvict } = this.options;
    while (this.waiting.size >= max) {
      const oldest = this.waiting.keys().next().value;
      if (oldest === undefined) break;
      this.done(oldest);
      onEvict(oldest);
    }
    const timer = setTimeout(() => {
      this.done(socket);
      onTimeout(socket);
    }, timeoutMs);
    timer.unref();
    this.waiting.set(socket, timer);
    socket.once('close', () => this.done(socket));
  }

  /** Its request or upgrade arrived whole (or it closed): no longer half-open. */
  done(socket: Duplex): void {
    clearTimeout(this.waiting.get(socket));
    this.waiting.delete(socket);
  }

  clear(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}
