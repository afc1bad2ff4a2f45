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
  'frame-anatomy',
  'permessage-deflate',
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
  | { name: 'raw-response'; text: string }
  /** frame-anatomy: one frame as captured on the lab's raw TCP socket, and decoded. */
  | ({ name: 'frame' } & FrameAnatomy)
  /** permessage-deflate: what the hub's side of the lab's connection negotiated (ws.extensions). */
  | { name: 'hub-extensions'; connection: number; extensions: string };

/** A frame's bytes and header fields (RFC 6455 §5.2), as the frame-anatomy scenario shows it. */
export interface FrameAnatomy {
  /** Who wrote it: the lab's client masks, the hub does not. */
  from: 'client' | 'server';
  /** The frame's first bytes in hex (header, key, start of the payload). */
  hex: string;
  size: number;
  fin: boolean;
  rsv: [boolean, boolean, boolean];
  opcode: number;
  opcodeName: string;
  masked: boolean;
  lengthForm: 7 | 16 | 64;
  length: number;
  /** The masking key in hex, or null for an unmasked frame. */
  maskKey: string | null;
  /** The first payload bytes as they travelled, and after XOR with the key (hex). */
  maskedStart: string | null;
  unmaskedStart: string;
  /** The payload read as text (a close frame: its reason), clipped. */
  text: string;
  /** A close frame's two-byte status code. */
  closeCode: number | null;
  /** RSV1 frames (permessage-deflate): the payload's size once inflated; null otherwise. */
  inflated: number | null;
}

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
