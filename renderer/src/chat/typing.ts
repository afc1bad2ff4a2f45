// "X is typing…", both ends. TypingSignal decides when this window tells the others (true
// on input, refreshed at most every `refreshMs` while typing goes on, false after `idleMs`
// without input, on send, or when the box empties). TypingRoster keeps who else is typing,
// forgetting anyone whose "true" was not refreshed within `expireMs` (a lost "false").
// DOM-free, timers injected, so both are unit-tested in Node.

import type { Peer } from '../../../protocol/messages';
import type { Schedule } from '../../../client/client-types';
import { t } from '../i18n';

export const TYPING_IDLE_MS = 3_000;
export const TYPING_REFRESH_MS = 2_500;
/** Longer than the refresh interval plus a slow hop, so a steady typist never flickers. */
export const TYPING_EXPIRE_MS = 6_000;

export interface TypingSignalOptions {
  send: (typing: boolean) => void;
  schedule: Schedule;
  now: () => number;
  idleMs?: number;
  refreshMs?: number;
}

export class TypingSignal {
  private typing = false;
  private lastTrueAt = 0;
  private cancelIdle: (() => void) | null = null;
  private readonly idleMs: number;
  private readonly refreshMs: number;

  constructor(private readonly options: TypingSignalOptions) {
    this.idleMs = options.idleMs ?? TYPING_IDLE_MS;
    this.refreshMs = options.refreshMs ?? TYPING_REFRESH_MS;
  }

  /** Call on every input event with whether the box now holds any text. */
  input(hasText: boolean): void {
    if (!hasText) return this.stop();
    const now = this.options.now();
    if (!this.typing || now - this.lastTrueAt >= this.refreshMs) {
      this.typing = true;
      this.lastTrueAt = now;
      this.options.send(true);
    }
    this.cancelIdle?.();
    this.cancelIdle = this.options.schedule(() => {
      this.cancelIdle = null;
      this.stop();
    }, this.idleMs);
  }

  /** The message was sent, the box emptied, or the user went idle. */
  stop(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
    if (!this.typing) return;
    this.typing = false;
    this.options.send(false);
  }
}

export interface TypingRosterOptions {
  schedule: Schedule;
  onChange: (typists: readonly Peer[]) => void;
  expireMs?: number;
}

export class TypingRoster {
  private readonly typists = new Map<string, { peer: Peer; cancel: () => void }>();
  private readonly expireMs: number;

  constructor(private readonly options: TypingRosterOptions) {
    this.expireMs = options.expireMs ?? TYPING_EXPIRE_MS;
  }

  list(): Peer[] {
    return [...this.typists.values()].map((t) => t.peer);
  }

  update(from: Peer, typing: boolean): void {
    const known = this.typists.get(from.id);
    known?.cancel();
    if (!typing) {
      if (known && this.typists.delete(from.id)) this.changed();
      return;
    }
    const cancel = this.options.schedule(() => this.remove(from.id), this.expireMs);
    this.typists.set(from.id, { peer: from, cancel });
    if (!known || known.peer.name !== from.name) this.changed();
  }

  /** A peer's message arrived: they are done typing it. */
  remove(id: string): void {
    const known = this.typists.get(id);
    if (!known) return;
    known.cancel();
    this.typists.delete(id);
    this.changed();
  }

  /** Forget typists who are no longer online (left, or this window disconnected). */
  keepOnly(peers: readonly Peer[]): void {
    const online = new Set(peers.map((p) => p.id));
    for (const id of [...this.typists.keys()]) if (!online.has(id)) this.remove(id);
  }

  private changed(): void {
    this.options.onChange(this.list());
  }
}

/** "Ada is typing…", "Ada and Bob are typing…", "3 people are typing…", or ''. */
export function describeTypists(typists: readonly Peer[]): string {
  const [first, second] = typists;
  if (!first) return '';
  if (!second) return t('typing.one', { name: first.name });
  if (typists.length === 2) return t('typing.two', { first: first.name, second: second.name });
  return t('typing.many', { count: typists.length });
}
