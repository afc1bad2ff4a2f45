// Liveness: every connection is pinged on its own interval and terminated after two pings
// with no answer, neither a pong nor any other frame (a dead peer never sends a close).
// Connections that share an interval share one timer, so a thousand idle windows cost one
// timer, not a thousand.

import type { WebSocket } from 'ws';
import type { HubEventBody } from '../protocol/console';

/** The part of a connection the heartbeat touches (a hub Connection, or a fake in tests). */
export interface Beating {
  readonly ws: Pick<WebSocket, 'ping' | 'terminate'>;
  readonly number: number;
  /** How often this connection is pinged. */
  readonly heartbeatMs: number;
  /** Pings sent since the peer last answered; a pong or any frame from it sets it back to 0. */
  missedPongs: number;
}

/** Pings without a pong after which a connection is taken for dead. */
const MAX_MISSED = 2;

export class Heartbeat<C extends Beating> {
  private readonly groups = new Map<number, { members: Set<C>; timer: NodeJS.Timeout }>();

  constructor(private readonly emit: (body: HubEventBody) => void) {}

  add(connection: C): void {
    const ms = connection.heartbeatMs;
    let group = this.groups.get(ms);
    if (!group) {
      const members = new Set<C>();
      const timer = setInterval(() => this.beat(members), ms);
      timer.unref();
      group = { members, timer };
      this.groups.set(ms, group);
    }
    group.members.add(connection);
  }

  /** The connection closed: no more pings, and its interval's timer goes with its last member. */
  remove(connection: C): void {
    const group = this.groups.get(connection.heartbeatMs);
    if (!group?.members.delete(connection) || group.members.size > 0) return;
    clearInterval(group.timer);
    this.groups.delete(connection.heartbeatMs);
  }

  clear(): void {
    for (const { timer } of this.groups.values()) clearInterval(timer);
    this.groups.clear();
  }

  private beat(members: ReadonlySet<C>): void {
    for (const connection of members) {
      if (connection.missedPongs >= MAX_MISSED) {
        this.emit({
          kind: 'heartbeat-timeout',
          connection: connection.number,
          missed: connection.missedPongs,
        });
        connection.ws.terminate();
        continue;
      }
      connection.missedPongs += 1;
      connection.ws.ping();
      this.emit({ kind: 'ping', connection: connection.number });
    }
  }
}
