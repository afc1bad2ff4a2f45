// When the outbox is sent again: after a welcome (what the hub would recognise as a resend,
// and what it might not), after a rate-limit refusal (soon), and after a not-saved refusal
// (after a delay that grows while the hub's disk stays full). The session owns the outbox's
// contents; this decides only when its items go out again.

import type { ClientMessage, WelcomeMessage } from '../protocol/messages';
import { backoffCeiling } from './backoff';
import type { ClientPlatform, ClientTuning } from './client-types';
import { resendDecision, type Outbox, type OutboxItem } from './outbox';
import { Timers } from './timers';

/** The frame that sends an outbox item (again). */
export function chatFrame(item: OutboxItem): ClientMessage {
  const { id, text, attachments } = item;
  return attachments ? { type: 'chat', id, text, attachments } : { type: 'chat', id, text };
}

export interface ResendDeps {
  outbox: Outbox;
  send(message: ClientMessage): boolean;
  platform: Pick<ClientPlatform, 'schedule' | 'random'>;
  tuning: Pick<ClientTuning, 'rateLimitRetryMs' | 'notSavedRetry'>;
}

export class Resends {
  private readonly timers: Timers<'retry'>;
  /** not-saved answers in a row: the next resend waits longer. */
  private unsavedInARow = 0;
  /** Resends wait for a welcome on the current socket. */
  private welcomed = false;

  constructor(private readonly deps: ResendDeps) {
    this.timers = new Timers(deps.platform.schedule);
  }

  /**
   * The hub welcomed us: resends what it would recognise as a resend, and marks unsure what
   * it might not (sequenced before welcome.oldestSeq, when a resend would show it twice).
   * Returns whether any item became unsure.
   */
  welcome(welcome: WelcomeMessage, seenSeq: number): boolean {
    this.welcomed = true;
    const { outbox, send } = this.deps;
    let markedUnsure = false;
    // One storage write for all of them: the outbox holds up to 100 items.
    const updates: OutboxItem[] = [];
    for (const item of outbox.items()) {
      const decision = resendDecision(item, welcome);
      if (decision === 'unsure') {
        if (!item.unsure) {
          updates.push({ ...item, unsure: true });
          markedUnsure = true;
        }
        continue;
      }
      if (decision === 'restamp') {
        updates.push({ ...item, after: { historyId: welcome.historyId, lastSeq: seenSeq } });
      }
      send(chatFrame(item));
    }
    outbox.update(...updates);
    return markedUnsure;
  }

  /** The socket is gone: nothing goes out again until the next welcome. */
  closed(): void {
    this.welcomed = false;
    this.timers.clear('retry');
  }

  /** A new item: out at once when welcomed, else with the next welcome's resend. */
  sendNew(item: OutboxItem): void {
    if (this.welcomed) this.deps.send(chatFrame(item));
  }

  /** The hub said "rate-limited": try again shortly. */
  afterRateLimit(): void {
    this.retryIn(this.deps.tuning.rateLimitRetryMs);
  }

  /**
   * The hub could not save what we sent (its disk is full): nobody got it, so it is sent
   * again after a growing delay, until the hub takes it. A resend of one the hub did save is
   * only acknowledged (it dedupes by id), so nothing shows twice. Returns the delay, or null
   * when a resend is already due.
   */
  afterNotSaved(): number | null {
    if (this.timers.has('retry')) return null;
    const ceiling = backoffCeiling(this.unsavedInARow++, this.deps.tuning.notSavedRetry);
    const delay = Math.round(ceiling / 2 + (this.deps.platform.random() * ceiling) / 2);
    this.retryIn(delay);
    return delay;
  }

  /** One of ours was taken: the hub saves again, so the next refusal waits from the start. */
  delivered(): void {
    this.unsavedInARow = 0;
  }

  private retryIn(ms: number): void {
    if (this.timers.has('retry')) return;
    this.timers.set('retry', ms, () => {
      if (!this.welcomed) return;
      for (const item of this.deps.outbox.items()) {
        if (!item.unsure) this.deps.send(chatFrame(item));
      }
    });
  }
}
