import { describe, expect, it } from 'vitest';
import { CONSOLE_LIMITS } from './console';
import { networkCondition, parseConsoleCommand, parseConsoleMessage } from './console-validate';
import { consoleCloseCodeRefusal, isAllowedCloseCode } from './close-codes';
import { LAB_SCENARIOS } from './lab';
import { utf8Length } from './utf8-length';

const reason = (value: unknown) => {
  const parsed = parseConsoleCommand(typeof value === 'string' ? value : JSON.stringify(value));
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return parsed.error;
};

describe('parseConsoleCommand', () => {
  it('accepts every well-formed command', () => {
    const good = [
      { type: 'broadcast', text: '점검 공지: back in 5 minutes' },
      { type: 'disconnect', connection: 3, code: 4001, reason: 'bye' },
      { type: 'disconnect', connection: 1, code: 1000, reason: '' },
      { type: 'stop-server' },
      { type: 'start-server' },
      { type: 'set-push-interval', ms: 1000 },
      { type: 'list-connections' },
      { type: 'lab-run', scenario: 'no-token' },
    ];
    for (const command of good) {
      expect(parseConsoleCommand(JSON.stringify(command))).toEqual({ ok: true, command });
    }
  });

  it('names the problem in a bad command', () => {
    expect(parseConsoleCommand('{nope')).toMatchObject({ ok: false, code: 'bad-json' });
    expect(reason([1])).toBe('command must be a JSON object');
    expect(reason({ type: 'reboot' })).toBe('unknown command "reboot"');
    expect(reason({ type: 'lab-run', scenario: 'x' })).toContain('lab-run.scenario must be one of');
    expect(reason({ type: 'lab-run', scenario: 'connect', fast: 1 })).toBe(
      'unexpected field "fast" in lab-run',
    );
    expect(reason({ type: 'chat', id: 'm', text: 'hi' })).toBe('unknown command "chat"');
    expect(reason({ type: 'broadcast', text: '  ' })).toBe('broadcast.text must not be empty');
    expect(reason({ type: 'stop-server', now: true })).toBe(
      'unexpected field "now" in stop-server',
    );
    expect(reason({ type: 'set-push-interval', ms: 5 })).toContain('from 100 to');
    expect(reason({ type: 'disconnect', connection: 0, code: 1000, reason: '' })).toContain(
      'disconnect.connection',
    );
    expect(reason('{"type":"stop-server","__proto__":{"x":1}}')).toContain('"__proto__"');
  });

  it('allows only the close codes an application may send, with a short reason', () => {
    for (const code of [1002, 1005, 1006, 1011, 3000, 5000]) {
      expect(reason({ type: 'disconnect', connection: 1, code, reason: '' })).toMatch(
        /not allowed|1000 to 4999/,
      );
    }
    // 41 three-byte characters are 123 bytes: the most a close frame can carry.
    const limit = '안'.repeat(41);
    expect(utf8Length(limit)).toBe(CONSOLE_LIMITS.maxCloseReasonBytes);
    expect(
      parseConsoleCommand(
        JSON.stringify({ type: 'disconnect', connection: 1, code: 4001, reason: limit }),
      ).ok,
    ).toBe(true);
    expect(
      reason({ type: 'disconnect', connection: 1, code: 4001, reason: `${limit}x` }),
    ).toContain('longer than 123 bytes');
  });
});

describe('close codes and byte lengths', () => {
  it('knows which codes the console may use', () => {
    expect([1000, 1001, 1008, 4001, 4002, 4321, 4999].every(isAllowedCloseCode)).toBe(true);
    expect([999, 1003, 1006, 1015, 3999, 4000, 5000, 4000.5].some(isAllowedCloseCode)).toBe(false);
  });

  it('refuses 4000 (Replaced) with a reason: only the hub’s own replace sends it', () => {
    expect(consoleCloseCodeRefusal(4000)).toMatch(/same window connects again.*4001.*4002/);
    expect(reason({ type: 'disconnect', connection: 1, code: 4000, reason: '' })).toMatch(
      /\(Replaced\) is sent only when the same window connects again/,
    );
    expect(consoleCloseCodeRefusal(4321)).toBeNull();
    expect(
      parseConsoleCommand(
        JSON.stringify({ type: 'disconnect', connection: 1, code: 4321, reason: '' }),
      ).ok,
    ).toBe(true);
  });
});

describe('what each bad command is told', () => {
  // The console shows these words as they are: each names the command and the field.
  it.each<[string, unknown, string]>([
    [
      'an extra field in a broadcast',
      { type: 'broadcast', text: 'x', to: 1 },
      'unexpected field "to" in broadcast',
    ],
    ['a broadcast of a number', { type: 'broadcast', text: 5 }, 'broadcast.text must be a string'],
    [
      'an extra field in a disconnect',
      { type: 'disconnect', connection: 1, code: 1000, reason: '', now: 1 },
      'unexpected field "now" in disconnect',
    ],
    [
      'a disconnect without a reason',
      { type: 'disconnect', connection: 1, code: 1000 },
      'disconnect.reason must be a string',
    ],
    [
      'an extra field in set-push-interval',
      { type: 'set-push-interval', ms: 1000, x: 1 },
      'unexpected field "x" in set-push-interval',
    ],
    [
      'an extra field in set-deflate',
      { type: 'set-deflate', on: true, x: 1 },
      'unexpected field "x" in set-deflate',
    ],
    [
      'set-deflate with a string',
      { type: 'set-deflate', on: 'yes' },
      'set-deflate.on must be true or false',
    ],
    [
      'an extra field in lift-network',
      { type: 'lift-network', connection: 1, x: 1 },
      'unexpected field "x" in lift-network',
    ],
    [
      'lift-network for no connection',
      { type: 'lift-network', connection: 0 },
      `lift-network.connection must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}`,
    ],
    [
      'an extra field in set-network',
      { type: 'set-network', connection: 1, condition: 'pause', amount: 0, seconds: 5, x: 1 },
      'unexpected field "x" in set-network',
    ],
    [
      'set-network for no connection',
      { type: 'set-network', connection: 0, condition: 'pause', amount: 0, seconds: 5 },
      `set-network.connection must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}`,
    ],
    [
      'an unknown condition',
      { type: 'set-network', connection: 1, condition: 'loss', amount: 0, seconds: 5 },
      'set-network.condition must be latency, bandwidth or pause',
    ],
    [
      'a condition over a minute',
      { type: 'set-network', connection: 1, condition: 'pause', amount: 0, seconds: 61 },
      'set-network.seconds must be an integer from 1 to 60',
    ],
    [
      'a latency over its range',
      { type: 'set-network', connection: 1, condition: 'latency', amount: 10_001, seconds: 5 },
      'set-network.amount must be an integer from 1 to 10000',
    ],
    [
      'an unknown lab scenario',
      { type: 'lab-run', scenario: 'x' },
      `lab-run.scenario must be one of ${LAB_SCENARIOS.join(', ')}`,
    ],
    ['a command without a type', { text: 'hi' }, 'command has no "type" field'],
    ['a long unknown type, cut', { type: 'x'.repeat(100) }, `unknown command "${'x'.repeat(39)}`],
    ['an unknown type that is a number', { type: 7 }, 'unknown command 7'],
  ])('%s', (_, command, error) => {
    expect(parseConsoleCommand(JSON.stringify(command))).toEqual({
      ok: false,
      code: 'bad-command',
      error,
    });
  });

  it('takes a broadcast of exactly the longest length, and refuses one character more', () => {
    const longest = 'a'.repeat(CONSOLE_LIMITS.maxAnnouncementLength);
    expect(parseConsoleCommand(JSON.stringify({ type: 'broadcast', text: longest })).ok).toBe(true);
    expect(reason({ type: 'broadcast', text: `${longest}a` })).toBe(
      `broadcast.text is longer than ${CONSOLE_LIMITS.maxAnnouncementLength} characters`,
    );
  });

  it('says a frame that is not JSON is not JSON', () => {
    expect(parseConsoleCommand('{nope')).toEqual({
      ok: false,
      code: 'bad-json',
      error: 'frame is not valid JSON',
    });
  });
});

describe('networkCondition', () => {
  it('reads the amount as the kind of condition means it', () => {
    expect(networkCondition('latency', 250)).toEqual({ kind: 'latency', ms: 250 });
    expect(networkCondition('bandwidth', 4096)).toEqual({
      kind: 'bandwidth',
      bytesPerSecond: 4096,
    });
    expect(networkCondition('pause', 0)).toEqual({ kind: 'pause' });
  });
});

describe('parseConsoleMessage', () => {
  it('accepts known hub messages and refuses anything else', () => {
    expect(parseConsoleMessage('{"type":"connections","connections":[]}').ok).toBe(true);
    expect(parseConsoleMessage('{"type":"welcome"}').ok).toBe(false);
    expect(parseConsoleMessage('nope')).toEqual({ ok: false, error: 'frame is not valid JSON' });
    expect(parseConsoleMessage('{"type":"welcome"}')).toEqual({
      ok: false,
      error: 'unknown message from hub',
    });
    for (const type of [
      'snapshot',
      'event',
      'connections',
      'server',
      'done',
      'lab-event',
      'lab-done',
      'error',
    ]) {
      expect(parseConsoleMessage(JSON.stringify({ type })).ok, type).toBe(true);
    }
  });
});
