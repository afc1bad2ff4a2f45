// The client lab: a real `ws` client that the hub runs against itself, one scenario at a
// time, reporting each socket event as it fires. The console shows them live (lab-event) and
// ends each run with a verdict (lab-done). Meanings and verdict texts live in the renderer's
// i18n tables, keyed by event name and scenario, so they can be translated.

import type { HeaderPair } from './console';

/** Every scenario, in the order the console offers them. */
export const LAB_SCENARIOS = [
  'connect',
  'no-token',
  'wrong-token',
  'foreign-origin',
  'unknown-subprotocol',
  'server-stopped',
  'redirect',
  'server-header',
  'malformed-handshake',
  'no-pong',
] as const;

export type LabScenario = (typeof LAB_SCENARIOS)[number];

/** Scenarios the hub refuses at the handshake: a browser sees only close 1006 for them. */
export const LAB_REFUSALS: ReadonlySet<LabScenario> = new Set<LabScenario>([
  'no-token',
  'wrong-token',
  'foreign-origin',
  'unknown-subprotocol',
  'server-stopped',
]);

export function isLabScenario(value: unknown): value is LabScenario {
  return typeof value === 'string' && (LAB_SCENARIOS as readonly string[]).includes(value);
}

/** The response header the hub adds in ws's server-side 'headers' event. */
export const HUB_HEADER = 'X-Loopchat-Hub';

/** The hub's HTTP endpoint that redirects to its WebSocket URL (for the redirect scenario). */
export const LAB_REDIRECT_PATH = '/lab/redirect';

/**
 * One thing the lab's client saw or did. Socket events keep ws's names; `send`, `pong-sent`,
 * `raw-request` and `raw-response` are the client's own actions, shown between them.
 */
export type LabEventBody =
  /** ws 'upgrade': the 101 response, headers in order (token redacted). */
  | { name: 'upgrade'; statusLine: string; headers: HeaderPair[] }
  | { name: 'open'; protocol: string }
  | { name: 'send'; data: string }
  | { name: 'message'; data: string }
  | { name: 'ping'; data: string }
  /** ws answered a ping by itself (autoPong); ws emits no event for it, the lab notes it. */
  | { name: 'pong-sent'; data: string }
  | { name: 'redirect'; url: string }
  | {
      name: 'unexpected-response';
      status: number;
      statusText: string;
      headers: HeaderPair[];
      body: string;
    }
  | { name: 'error'; message: string }
  | { name: 'close'; code: number; reason: string }
  /** A hand-written handshake over a plain TCP socket (malformed-handshake). */
  | { name: 'raw-request'; text: string }
  | { name: 'raw-response'; text: string };

export type LabEventName = LabEventBody['name'];

/** A lab event with the scenario it belongs to and ms since the run started. */
export type LabEvent = LabEventBody & { scenario: LabScenario; step: number; elapsedMs: number };

/** How a run ended: `expected` when every event the scenario is about was seen. */
export interface LabResult {
  scenario: LabScenario;
  outcome: 'expected' | 'unexpected';
  /** English technical detail (e.g. "close 1006 after 2 unanswered pings"). */
  detail: string;
}
