import { describe, expect, it } from 'vitest';
import { isValidSecret, LIMITS } from './messages';
import { parseClientMessage, parseServerMessage } from './validate';

const SECRET = 'Se_cr-3t'.repeat(4);
const ok = (value: unknown) => parseClientMessage(JSON.stringify(value));
const reason = (text: string) => {
  const parsed = parseClientMessage(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.error;
};

describe('parseClientMessage', () => {
  it('accepts every well-formed client message', () => {
    const good = [
      { type: 'hello', secret: SECRET, name: 'Ada', resume: null },
      { type: 'hello', secret: SECRET, name: 'Ada', resume: { historyId: 'h', lastSeq: 3 } },
      { type: 'chat', id: 'm1', text: '안녕하세요 <script>' },
      { type: 'rename', name: 'Bob' },
      { type: 'ping', id: 'p1' },
      { type: 'typing', typing: true },
      { type: 'typing', typing: false },
    ];
    for (const message of good) expect(ok(message)).toEqual({ ok: true, message });
  });

  it('names the problem in a bad frame', () => {
    expect(parseClientMessage('{nope')).toMatchObject({ ok: false, code: 'bad-json' });
    expect(reason('[1,2]')).toBe('message must be a JSON object');
    expect(reason('{"text":"hi"}')).toBe('message has no "type" field');
    expect(reason('{"type":"shout"}')).toBe('unknown message type "shout"');
    expect(reason('{"type":"chat","id":"m"}')).toBe('chat.text must be a string');
    expect(reason('{"type":"chat","id":"m","text":"   "}')).toBe('chat.text must not be empty');
    expect(reason('{"type":"chat","id":"m","text":"x","extra":1}')).toBe(
      'unexpected field "extra" in chat',
    );
    expect(reason(`{"type":"hello","secret":"${SECRET}","name":"A"}`)).toContain(
      'resume is required',
    );
    expect(reason('{"type":"typing","typing":"yes"}')).toBe('typing.typing must be a boolean');
    expect(reason('{"type":"typing","typing":true,"from":"x"}')).toBe(
      'unexpected field "from" in typing',
    );
    expect(
      reason(
        `{"type":"hello","secret":"${SECRET}","name":"A","resume":{"historyId":"h","lastSeq":-1}}`,
      ),
    ).toBe('hello.resume.lastSeq must be an integer >= 0');
  });

  it('refuses a frame that is JSON but not an object', () => {
    for (const frame of ['null', '3', '"x"', 'true', '[]']) {
      expect(parseClientMessage(frame)).toEqual({
        ok: false,
        code: 'bad-message',
        error: 'message must be a JSON object',
      });
    }
  });

  it('answers a frame that is not JSON with bad-json', () => {
    expect(parseClientMessage('{"type":"ping",')).toEqual({
      ok: false,
      code: 'bad-json',
      error: 'frame is not valid JSON',
    });
  });

  it('accepts lastSeq 0 and refuses a lastSeq that is not a whole, safe number', () => {
    const hello = (lastSeq: unknown) =>
      JSON.stringify({
        type: 'hello',
        secret: SECRET,
        name: 'A',
        resume: { historyId: 'h', lastSeq },
      });
    expect(parseClientMessage(hello(0)).ok).toBe(true);
    for (const lastSeq of [1.5, '3', null, 2 ** 53, -1]) {
      expect(reason(hello(lastSeq))).toBe('hello.resume.lastSeq must be an integer >= 0');
    }
  });

  it('names the message and field of every missing or mistyped field', () => {
    const cases: [unknown, string][] = [
      [{ type: 'hello', name: 'A', resume: null }, 'hello.secret must be a string'],
      [{ type: 'hello', secret: SECRET, name: ' ', resume: null }, 'hello.name must not be empty'],
      [{ type: 'hello', secret: SECRET, name: 'A' }, 'hello.resume is required (null when new)'],
      [
        { type: 'hello', secret: SECRET, name: 'A', resume: 3 },
        'hello.resume must be a JSON object',
      ],
      [
        { type: 'hello', secret: SECRET, name: 'A', resume: { lastSeq: 1 } },
        'hello.resume.historyId must be a string',
      ],
      [
        { type: 'hello', secret: SECRET, name: 'A', resume: { historyId: 'h', lastSeq: 1, x: 1 } },
        'unexpected field "x" in hello.resume',
      ],
      [
        { type: 'hello', secret: SECRET, name: 'A', resume: null, x: 1 },
        'unexpected field "x" in hello',
      ],
      [{ type: 'chat', text: 'hi' }, 'chat.id must be a string'],
      [{ type: 'rename' }, 'rename.name must be a string'],
      [{ type: 'rename', name: 'B', x: 1 }, 'unexpected field "x" in rename'],
      [{ type: 'ping', id: 7 }, 'ping.id must be a string'],
      [{ type: 'ping', id: 'p', x: 1 }, 'unexpected field "x" in ping'],
    ];
    for (const [message, expected] of cases) expect(reason(JSON.stringify(message))).toBe(expected);
  });

  it('quotes at most 40 characters of an unknown type', () => {
    const type = 't'.repeat(100);
    expect(reason(JSON.stringify({ type }))).toBe(
      `unknown message type ${JSON.stringify(type).slice(0, 40)}`,
    );
    expect(reason('{"type":7}')).toBe('unknown message type 7');
  });

  it('refuses a hello whose secret is missing, too short, too long or has other characters', () => {
    const hello = (secret: unknown) =>
      JSON.stringify({ type: 'hello', secret, name: 'A', resume: null });
    const { minSecretLength: min, maxSecretLength: max } = LIMITS;
    expect(reason('{"type":"hello","clientId":"w1","name":"A","resume":null}')).toBe(
      'unexpected field "clientId" in hello',
    );
    expect(reason('{"type":"hello","name":"A","resume":null}')).toBe(
      'hello.secret must be a string',
    );
    expect(reason(hello('a'.repeat(min - 1)))).toBe(
      `hello.secret must be ${min} to ${max} characters long`,
    );
    expect(reason(hello('a'.repeat(max + 1)))).toContain('characters long');
    expect(reason(hello(`${'a'.repeat(min)} `))).toContain('may hold only');
    expect(reason(hello(`${'a'.repeat(min)}é`))).toContain('may hold only');
    expect(ok(JSON.parse(hello('a'.repeat(max))) as unknown).ok).toBe(true);
  });

  it("a window's own secret check (isValidSecret) takes exactly what the hub's hello check takes", () => {
    const { minSecretLength: min, maxSecretLength: max } = LIMITS;
    const hello = (secret: string) =>
      JSON.stringify({ type: 'hello', secret, name: 'A', resume: null });
    for (const secret of [
      'a'.repeat(min - 1),
      'a'.repeat(min),
      'a'.repeat(max),
      'a'.repeat(max + 1),
      `${'a'.repeat(min)} `,
      `${'Az09_-'.repeat(6)}`,
    ]) {
      expect(isValidSecret(secret), secret).toBe(parseClientMessage(hello(secret)).ok);
    }
  });

  it('refuses over-long text and names', () => {
    const long = 'x'.repeat(LIMITS.maxTextLength + 1);
    expect(reason(JSON.stringify({ type: 'chat', id: 'm', text: long }))).toContain(
      `longer than ${LIMITS.maxTextLength}`,
    );
    expect(ok({ type: 'chat', id: 'm', text: long.slice(1) }).ok).toBe(true);
    const name = 'n'.repeat(LIMITS.maxNameLength + 1);
    expect(reason(JSON.stringify({ type: 'rename', name }))).toContain('rename.name is longer');
  });

  it('refuses prototype-polluting keys at any depth, naming the key and where it was', () => {
    // The exact reason: an "unexpected field" refusal would also mention the key, but would let
    // a forbidden key through in any object whose fields are not checked one by one.
    expect(parseClientMessage('{"type":"ping","id":"p","__proto__":{"x":1}}')).toEqual({
      ok: false,
      code: 'bad-message',
      error: 'forbidden key "__proto__" in message',
    });
    expect(
      reason(
        `{"type":"hello","secret":"${SECRET}","name":"A","resume":{"constructor":{"prototype":1}}}`,
      ),
    ).toBe('forbidden key "constructor" in message.resume');
    expect(reason('{"type":"ping","id":"p","x":{"prototype":1}}')).toBe(
      'forbidden key "prototype" in message.x',
    );
  });

  it('refuses deep nesting with a reason instead of overflowing the stack', () => {
    // 6,000 levels: a recursive walk throws RangeError here, which ended the hub's process.
    expect(parseClientMessage('['.repeat(6000) + ']'.repeat(6000))).toEqual({
      ok: false,
      code: 'bad-message',
      error: `message${'.0'.repeat(LIMITS.maxDepth)} is nested deeper than ${LIMITS.maxDepth} levels`,
    });
    const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
    const ping = (depth: number) => JSON.stringify({ type: 'ping', id: 'p', x: nested(depth) });
    // The frame itself is level 1, so `x` holding `depth` levels makes depth + 1 in all.
    expect(reason(ping(LIMITS.maxDepth))).toContain(`nested deeper than ${LIMITS.maxDepth}`);
    expect(reason(ping(LIMITS.maxDepth - 1))).toBe('unexpected field "x" in ping');
  });
});

describe('parseServerMessage', () => {
  it('accepts known hub messages and refuses anything else', () => {
    expect(parseServerMessage('{"type":"ack","id":"m","seq":1}').ok).toBe(true);
    expect(parseServerMessage('{"type":"announcement","text":"hi","at":1}').ok).toBe(true);
    expect(
      parseServerMessage('{"type":"typing","from":{"id":"a","name":"A"},"typing":true}').ok,
    ).toBe(true);
    expect(parseServerMessage('{"type":"hack"}')).toMatchObject({ ok: false });
    expect(parseServerMessage('nope')).toMatchObject({ ok: false, code: 'bad-json' });
  });

  it('knows every type the hub sends', () => {
    const types = ['welcome', 'chat', 'ack', 'presence', 'push', 'pong', 'error', 'typing'];
    for (const type of [...types, 'announcement']) {
      expect(parseServerMessage(JSON.stringify({ type }))).toEqual({ ok: true, message: { type } });
    }
  });

  it('refuses a frame that is null, a primitive or has no string type, without throwing', () => {
    const refused = { ok: false, code: 'bad-message', error: 'unknown message from hub' };
    for (const frame of ['null', '3', '"chat"', 'true', '[]', '{}', '{"type":["chat"]}']) {
      expect(parseServerMessage(frame)).toEqual(refused);
    }
  });
});
