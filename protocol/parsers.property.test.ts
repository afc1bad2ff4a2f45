// Property-based tests of the two validators that face untrusted input: parseClientMessage
// (every chat frame) and parseConsoleCommand (every console frame). Whatever the text, each
// returns a result or a typed error, never throws, accepts only what the types declare
// (checked here by an independent description of each shape) and never touches
// Object.prototype. fast-check prints the seed of a failure; replay with { seed, path }.

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_LIMITS } from './console';
import { parseConsoleCommand } from './console-validate';
import { LIMITS, SECRET_CHARSET } from './messages';
import { parseClientMessage } from './validate';

const RUNS = { numRuns: 300 };
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'] as const;

// ---------------------------------------------------------------- the declared shapes

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.getPrototypeOf(v) === Object.prototype;
const keysAre = (o: Obj, keys: string[]) =>
  JSON.stringify(Object.keys(o).sort()) === JSON.stringify([...keys].sort());
const text = (v: unknown, max: number, allowEmpty = false) =>
  typeof v === 'string' && v.length <= max && (allowEmpty || v.trim().length > 0);
const intIn = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** protocol/messages.ts ClientMessage, written out again. */
function isClientMessage(m: unknown): boolean {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'hello': {
      const r = m.resume;
      const resumeOk =
        r === null ||
        (isObj(r) &&
          keysAre(r, ['historyId', 'lastSeq']) &&
          text(r.historyId, LIMITS.maxIdLength) &&
          intIn(r.lastSeq, 0));
      return (
        keysAre(m, ['type', 'secret', 'name', 'resume']) &&
        typeof m.secret === 'string' &&
        m.secret.length >= LIMITS.minSecretLength &&
        m.secret.length <= LIMITS.maxSecretLength &&
        SECRET_CHARSET.test(m.secret) &&
        text(m.name, LIMITS.maxNameLength) &&
        resumeOk
      );
    }
    case 'chat':
      return (
        keysAre(m, ['type', 'id', 'text']) &&
        text(m.id, LIMITS.maxIdLength) &&
        text(m.text, LIMITS.maxTextLength)
      );
    case 'rename':
      return keysAre(m, ['type', 'name']) && text(m.name, LIMITS.maxNameLength);
    case 'ping':
      return keysAre(m, ['type', 'id']) && text(m.id, LIMITS.maxIdLength);
    case 'typing':
      return keysAre(m, ['type', 'typing']) && typeof m.typing === 'boolean';
    default:
      return false;
  }
}

const closeCodeOk = (c: unknown) =>
  c === 1000 || c === 1001 || c === 1008 || (typeof c === 'number' && c >= 4001 && c <= 4999);

/** protocol/console.ts ConsoleCommand, written out again. */
function isConsoleCommand(m: unknown): boolean {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'broadcast':
      return keysAre(m, ['type', 'text']) && text(m.text, CONSOLE_LIMITS.maxAnnouncementLength);
    case 'disconnect':
      return (
        keysAre(m, ['type', 'connection', 'code', 'reason']) &&
        intIn(m.connection, 1) &&
        intIn(m.code, 1000, 4999) &&
        closeCodeOk(m.code) &&
        typeof m.reason === 'string' &&
        new TextEncoder().encode(m.reason).length <= CONSOLE_LIMITS.maxCloseReasonBytes
      );
    case 'stop-server':
    case 'start-server':
    case 'list-connections':
      return keysAre(m, ['type']);
    case 'set-push-interval':
      return (
        keysAre(m, ['type', 'ms']) &&
        intIn(m.ms, CONSOLE_LIMITS.minPushIntervalMs, CONSOLE_LIMITS.maxPushIntervalMs)
      );
    default:
      return false;
  }
}

// ---------------------------------------------------------------- the properties

/** The whole contract of parseClientMessage, for one frame. */
function checkClient(frame: string): void {
  const result = parseClientMessage(frame); // a throw fails the property
  if (result.ok) {
    expect(isClientMessage(result.message)).toBe(true);
    // Exactly what was sent: nothing added, dropped or coerced, and it round-trips.
    expect(result.message).toEqual(JSON.parse(frame));
    expect(parseClientMessage(JSON.stringify(result.message))).toEqual(result);
  } else {
    expect(['bad-json', 'bad-message']).toContain(result.code);
    expect(typeof result.error).toBe('string');
    expect(result.error.length).toBeGreaterThan(0);
  }
}

function checkConsole(frame: string): void {
  const result = parseConsoleCommand(frame);
  if (result.ok) {
    expect(isConsoleCommand(result.command)).toBe(true);
    expect(result.command).toEqual(JSON.parse(frame));
    expect(parseConsoleCommand(JSON.stringify(result.command))).toEqual(result);
  } else {
    expect(['bad-json', 'bad-command']).toContain(result.code);
    expect(result.error.length).toBeGreaterThan(0);
  }
}

const PARSERS = [
  {
    name: 'parseClientMessage',
    check: checkClient,
    accepts: (f: string) => parseClientMessage(f).ok,
  },
  {
    name: 'parseConsoleCommand',
    check: checkConsole,
    accepts: (f: string) => parseConsoleCommand(f).ok,
  },
] as const;

// ---------------------------------------------------------------- the inputs

const serialised = (v: unknown): string => JSON.stringify(v) ?? 'null';

/** Valid chat frames, straight from the declared shapes. */
const id = fc
  .string({ minLength: 1, maxLength: LIMITS.maxIdLength })
  .filter((s) => s.trim() !== '');
const name = fc
  .string({ minLength: 1, maxLength: LIMITS.maxNameLength })
  .filter((s) => s.trim() !== '');
const secret = fc.stringMatching(
  new RegExp(`^[A-Za-z0-9_-]{${LIMITS.minSecretLength},${LIMITS.maxSecretLength}}$`),
);
/** Text the parsers accept: not only blanks (both refuse an empty-looking message). */
const messageText = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '');
const validClient = fc.oneof(
  fc.record({
    type: fc.constant('hello'),
    secret,
    name,
    resume: fc.option(fc.record({ historyId: id, lastSeq: fc.nat() }), { nil: null }),
  }),
  fc.record({ type: fc.constant('chat'), id, text: messageText }),
  fc.record({ type: fc.constant('rename'), name }),
  fc.record({ type: fc.constant('ping'), id }),
  fc.record({ type: fc.constant('typing'), typing: fc.boolean() }),
);
const validConsole = fc.oneof(
  fc.record({ type: fc.constant('broadcast'), text: messageText }),
  fc.record({
    type: fc.constant('disconnect'),
    connection: fc.integer({ min: 1 }),
    code: fc.constantFrom(1000, 1001, 1008, 4001, 4321, 4999),
    reason: fc.string({ maxLength: 40 }),
  }),
  fc.constantFrom({ type: 'stop-server' }, { type: 'start-server' }, { type: 'list-connections' }),
  fc.record({
    type: fc.constant('set-push-interval'),
    ms: fc.integer({ min: 100, max: 3_600_000 }),
  }),
);

/** Values a field may hold that the types forbid, or that sit on a limit. */
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(-1, -0, 0.5, 2 ** 53, -(2 ** 53), 1e308, 99, 1007, 1005, 5000, 3_600_001, 99.9),
  fc.string({ minLength: 3990, maxLength: 4010 }),
  fc.constantFrom('', ' ', '\u3000', 'x'.repeat(65), 'x'.repeat(33), '\ud800', '한'.repeat(62)),
);

/** A valid message with one field dropped, retyped or added. */
function mutated(valid: fc.Arbitrary<Obj>): fc.Arbitrary<string> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('drop', 'retype', 'add'),
      oddValue,
      fc.string({ maxLength: 8 }),
    )
    .map(([message, pick, how, value, extraKey]) => {
      const keys = Object.keys(message);
      const key = keys[pick % keys.length] ?? 'type';
      const copy: Obj = Object.fromEntries(
        Object.entries(message).filter(([k]) => how !== 'drop' || k !== key),
      );
      if (how === 'retype') copy[key] = value;
      else copy[extraKey] = value;
      return JSON.stringify(copy);
    });
}

/** Any JSON value with a prototype key planted at some depth (as an own property). */
const withPrototypeKey = fc
  .tuple(
    fc.oneof(validClient, validConsole, fc.dictionary(fc.string(), fc.jsonValue())),
    fc.constantFrom(...FORBIDDEN),
    fc.integer({ min: 0, max: 5 }),
    fc.jsonValue(),
  )
  .map(([base, key, depth, payload]) => {
    let inner: Obj = {};
    Object.defineProperty(inner, key, {
      value: { polluted: payload, prototype: { polluted: 1 } },
      enumerable: true,
    });
    for (let i = 0; i < depth; i += 1) inner = { nested: inner };
    const root: Obj = { ...base };
    Object.defineProperty(root, depth === 0 ? key : 'resume', {
      value: depth === 0 ? inner[key] : inner,
      enumerable: true,
    });
    return JSON.stringify(root);
  });

const deeplyNested = fc
  .tuple(
    fc.integer({ min: 1, max: 20_000 }),
    fc.constantFrom('[', '{"a":', '{"type":"chat","id":'),
    fc.boolean(),
  )
  .map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : '}';
    return open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
  });

const hugeNumbers = fc
  .tuple(
    fc.constantFrom('lastSeq', 'ms', 'connection', 'code'),
    fc.constantFrom('1e400', '-1e400', '9'.repeat(400), '1e-400', '-0', '0.0000001', '4.999e3'),
  )
  .map(([key, n]) => `{"type":"set-push-interval","${key}":${n},"ms":${n}}`);

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder().decode(b)),
  fc.uint8Array({ maxLength: 300 }).map((b) => String.fromCharCode(...b)),
  fc
    .string({ unit: 'grapheme', minLength: 60_000, maxLength: 70_000 })
    .map((s) => JSON.stringify({ type: 'chat', id: 'x', text: s })),
);

// ---------------------------------------------------------------- Object.prototype watch

let before: string[] = [];
beforeEach(() => {
  before = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  expect(({} as Obj).polluted).toBeUndefined();
});

describe.each(PARSERS)('$name under arbitrary input', ({ check, accepts }) => {
  it('keeps its contract for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => check(serialised(v))),
      RUNS,
    );
    fc.assert(
      fc.property(fc.anything(), (v) => check(serialised(v))),
      RUNS,
    );
  });

  it('keeps its contract for valid frames and their mutations', () => {
    fc.assert(fc.property(fc.oneof(validClient, validConsole).map(serialised), check), RUNS);
    fc.assert(fc.property(fc.oneof(mutated(validClient), mutated(validConsole)), check), RUNS);
  });

  it('refuses prototype keys at any depth and leaves Object.prototype alone', () => {
    fc.assert(
      fc.property(withPrototypeKey, (frame) => {
        check(frame);
        expect(accepts(frame)).toBe(false);
      }),
      RUNS,
    );
  });

  it('keeps its contract for deep nesting, huge strings and numbers, and any bytes', () => {
    fc.assert(fc.property(deeplyNested, check), { numRuns: 60 });
    fc.assert(fc.property(hugeNumbers, check), { numRuns: 60 });
    fc.assert(fc.property(anyText, check), { numRuns: 40 });
  });
});

it('accepts every valid message unchanged (the properties above are not vacuous)', () => {
  fc.assert(
    fc.property(validClient, (m) => {
      expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: true, message: m });
    }),
    RUNS,
  );
  fc.assert(
    fc.property(validConsole, (m) => {
      expect(parseConsoleCommand(JSON.stringify(m))).toEqual({ ok: true, command: m });
    }),
    RUNS,
  );
});
