// One client-lab scenario run (hub/client-lab.ts runs them): its numbered events, the sockets
// to clean up, waits bounded by the run's deadline, and matchers for the events it waits for.

import type { WebSocket } from 'ws';
import type { HubEvent } from '../protocol/console';
import type { LabEvent, LabEventBody, LabScenario } from '../protocol/lab';
import type { ServerMessage } from '../protocol/messages';

/** Longest text kept from a frame, body or raw response in one event. */
const MAX_DATA = 600;

export const clip = (text: string): string =>
  text.length > MAX_DATA ? `${text.slice(0, MAX_DATA)}… (${text.length} characters)` : text;

class Timeout extends Error {}

/** One scenario run: numbered events, the sockets to clean up, and waits bounded by the run. */
export class Run {
  private step = 0;
  private readonly startedAt = Date.now();
  private readonly seen: LabEventBody[] = [];
  /** The hub's own events during the run (what the hub's side of a lab connection saw). */
  private readonly hubSeen: HubEvent[] = [];
  private readonly waiters = new Set<() => void>();
  readonly sockets = new Set<WebSocket>();
  readonly cleanups: (() => void)[] = [];
  ended = false;

  constructor(
    readonly scenario: LabScenario,
    private readonly deadline: number,
    private readonly report: (event: LabEvent) => void,
  ) {}

  event(body: LabEventBody): void {
    if (this.ended) return;
    this.seen.push(body);
    this.report({
      ...body,
      scenario: this.scenario,
      step: ++this.step,
      elapsedMs: Date.now() - this.startedAt,
    });
    for (const wake of [...this.waiters]) wake();
  }

  /** One of the hub's events, while the run lasts. */
  hubEvent(event: HubEvent): void {
    if (this.ended) return;
    this.hubSeen.push(event);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first event (from the start of the run) that `match` accepts. */
  async waitFor<T extends LabEventBody>(match: (e: LabEventBody) => e is T): Promise<T>;
  async waitFor(match: (e: LabEventBody) => boolean): Promise<LabEventBody>;
  async waitFor(match: (e: LabEventBody) => boolean): Promise<LabEventBody> {
    return this.until(() => this.seen.find(match));
  }

  /** Resolves with the first hub event (from the start of the run) that `match` accepts. */
  async waitForHub<T extends HubEvent>(match: (e: HubEvent) => e is T): Promise<T> {
    return this.until(() => this.hubSeen.find(match));
  }

  private async until<T>(find: () => T | undefined): Promise<T> {
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = this.deadline - Date.now();
      if (left <= 0 || this.ended) throw new Timeout('the scenario ran out of time');
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  has(name: LabEventBody['name']): boolean {
    return this.seen.some((e) => e.name === name);
  }

  count(name: LabEventBody['name']): number {
    return this.countMatching((e) => e.name === name);
  }

  countMatching(match: (e: LabEventBody) => boolean): number {
    return this.seen.filter(match).length;
  }

  end(): void {
    this.ended = true;
    for (const ws of this.sockets) ws.terminate();
    for (const cleanup of this.cleanups) cleanup();
    for (const wake of [...this.waiters]) wake();
  }
}

export const isEvent =
  <N extends LabEventBody['name']>(name: N) =>
  (e: LabEventBody): e is Extract<LabEventBody, { name: N }> =>
    e.name === name;

type Json = Record<string, unknown>;

/** Matches a received frame of `type` (and `check`). */
export function isMessage(type: ServerMessage['type'], check: (m: Json) => boolean = () => true) {
  return (e: LabEventBody): boolean => {
    if (e.name !== 'message') return false;
    try {
      const parsed = JSON.parse(e.data) as Json;
      return parsed.type === type && check(parsed);
    } catch {
      return false;
    }
  };
}
