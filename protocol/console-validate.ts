// Checks a console's commands strictly (as parseClientMessage checks a window's frames) and
// the envelope of what the hub sends a console. Never throws.

import { asObject, fail, hasKnownType, intIn, Invalid, onlyKeys, type Json } from './field-checks';
import { consoleCloseCodeRefusal } from './close-codes';
import {
  CONSOLE_LIMITS,
  NETWORK_LIMITS,
  type ConsoleCommand,
  type ConsoleMessage,
  type ConsoleMessageType,
  type NetworkCondition,
  type NetworkConditionKind,
} from './console';
import { isLabScenario, LAB_SCENARIOS } from './lab';
import { utf8Length } from './utf8-length';

export type ParsedCommand =
  | { ok: true; command: ConsoleCommand }
  | { ok: false; code: 'bad-json' | 'bad-command'; error: string };

function text(obj: Json, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== 'string') fail(`${what}.${key} must be a string`);
  return value;
}

function command(obj: Json): ConsoleCommand {
  switch (obj.type) {
    case 'broadcast': {
      onlyKeys(obj, ['type', 'text'], 'broadcast');
      const value = text(obj, 'text', 'broadcast');
      if (value.trim().length === 0) fail('broadcast.text must not be empty');
      if (value.length > CONSOLE_LIMITS.maxAnnouncementLength) {
        fail(`broadcast.text is longer than ${CONSOLE_LIMITS.maxAnnouncementLength} characters`);
      }
      return { type: 'broadcast', text: value };
    }
    case 'disconnect': {
      onlyKeys(obj, ['type', 'connection', 'code', 'reason'], 'disconnect');
      const connection = intIn(obj, 'connection', 'disconnect', 1, Number.MAX_SAFE_INTEGER);
      const code = intIn(obj, 'code', 'disconnect', 1000, 4999);
      const refusal = consoleCloseCodeRefusal(code);
      if (refusal !== null) fail(refusal);
      const reason = text(obj, 'reason', 'disconnect');
      if (utf8Length(reason) > CONSOLE_LIMITS.maxCloseReasonBytes) {
        fail(`disconnect.reason is longer than ${CONSOLE_LIMITS.maxCloseReasonBytes} bytes`);
      }
      return { type: 'disconnect', connection, code, reason };
    }
    case 'stop-server':
    case 'start-server':
    case 'list-connections':
      onlyKeys(obj, ['type'], obj.type);
      return { type: obj.type };
    case 'set-push-interval':
      onlyKeys(obj, ['type', 'ms'], 'set-push-interval');
      return {
        type: 'set-push-interval',
        ms: intIn(
          obj,
          'ms',
          'set-push-interval',
          CONSOLE_LIMITS.minPushIntervalMs,
          CONSOLE_LIMITS.maxPushIntervalMs,
        ),
      };
    case 'set-deflate': {
      onlyKeys(obj, ['type', 'on'], 'set-deflate');
      if (typeof obj.on !== 'boolean') fail('set-deflate.on must be true or false');
      return { type: 'set-deflate', on: obj.on };
    }
    case 'set-network':
      return networkCommand(obj);
    case 'lift-network':
      onlyKeys(obj, ['type', 'connection'], 'lift-network');
      return {
        type: 'lift-network',
        connection: intIn(obj, 'connection', 'lift-network', 1, Number.MAX_SAFE_INTEGER),
      };
    case 'lab-run': {
      onlyKeys(obj, ['type', 'scenario'], 'lab-run');
      const { scenario } = obj;
      if (!isLabScenario(scenario)) {
        fail(`lab-run.scenario must be one of ${LAB_SCENARIOS.join(', ')}`);
      }
      return { type: 'lab-run', scenario };
    }
    case undefined:
      return fail('command has no "type" field');
    default:
      return fail(`unknown command ${JSON.stringify(obj.type).slice(0, 40)}`);
  }
}

/** The condition a set-network command names: `amount` read as its kind's one number. */
export function networkCondition(kind: NetworkConditionKind, amount: number): NetworkCondition {
  switch (kind) {
    case 'latency':
      return { kind, ms: amount };
    case 'bandwidth':
      return { kind, bytesPerSecond: amount };
    case 'pause':
      return { kind };
  }
}

/** The range of `amount` for each kind of condition. */
export const NETWORK_AMOUNTS: Record<NetworkConditionKind, { min: number; max: number }> = {
  latency: NETWORK_LIMITS.latencyMs,
  bandwidth: NETWORK_LIMITS.bytesPerSecond,
  pause: { min: 0, max: 0 },
};

function networkCommand(obj: Json): ConsoleCommand {
  onlyKeys(obj, ['type', 'connection', 'condition', 'amount', 'seconds'], 'set-network');
  const connection = intIn(obj, 'connection', 'set-network', 1, Number.MAX_SAFE_INTEGER);
  const seconds = intIn(obj, 'seconds', 'set-network', 1, NETWORK_LIMITS.maxSeconds);
  const { condition } = obj;
  if (condition !== 'latency' && condition !== 'bandwidth' && condition !== 'pause') {
    fail('set-network.condition must be latency, bandwidth or pause');
  }
  const { min, max } = NETWORK_AMOUNTS[condition];
  const amount = intIn(obj, 'amount', 'set-network', min, max);
  return { type: 'set-network', connection, condition, amount, seconds };
}

/** Parses and validates one frame from a console. Never throws. */
export function parseConsoleCommand(frame: string): ParsedCommand {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false, code: 'bad-json', error: 'frame is not valid JSON' };
  }
  try {
    // Commands are flat: any nested value is refused by onlyKeys/int/text, so no key can
    // reach a prototype.
    return { ok: true, command: command(asObject(value, 'command')) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, code: 'bad-command', error: err.message };
    throw err;
  }
}

const CONSOLE_MESSAGE_TYPES: ReadonlySet<string> = new Set<ConsoleMessageType>([
  'snapshot',
  'event',
  'connections',
  'server',
  'done',
  'lab-event',
  'lab-done',
  'error',
]);

/** Parses a frame from the hub (trusted, token-authenticated): checks the envelope only. */
export function parseConsoleMessage(
  frame: string,
): { ok: true; message: ConsoleMessage } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false, error: 'frame is not valid JSON' };
  }
  if (hasKnownType(value, CONSOLE_MESSAGE_TYPES))
    return { ok: true, message: value as ConsoleMessage };
  return { ok: false, error: 'unknown message from hub' };
}
