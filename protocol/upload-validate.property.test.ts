// Property-based tests of the validator for the upload and download frames a window sends, and
// of a chat message's attachments. Whatever the text, it returns a message or a typed error,
// never throws, and accepts only what upload-messages.ts declares (written out again here).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from './attachment-limits';
import { ATTACHMENT_KINDS } from './file-kind';
import { LIMITS } from './messages';
import { attachmentRefs, parseUploadClientMessage } from './upload-validate';
import { Invalid } from './field-checks';

const RUNS = { numRuns: 300 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysAre = (o: Obj, keys: string[]) =>
  JSON.stringify(Object.keys(o).sort()) === JSON.stringify([...keys].sort());
const text = (v: unknown, max: number) =>
  typeof v === 'string' && v.length <= max && v.trim().length > 0;
const hex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const fileName = (v: unknown) =>
  text(v, ATTACHMENT_LIMITS.maxFileNameLength) &&
  ![...(v as string)].some(
    (c) => c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '/' || c === '\\',
  ) &&
  v !== '.' &&
  v !== '..';
const wholeUpTo = (v: unknown, max: number) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

/** upload-messages.ts UploadClientMessage, written out again. */
function isUploadClientMessage(m: unknown): boolean {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'upload-offer':
      return (
        keysAre(m, ['type', 'id', 'name', 'size', 'kind', 'sha256']) &&
        text(m.id, LIMITS.maxIdLength) &&
        fileName(m.name) &&
        wholeUpTo(m.size, Number.MAX_SAFE_INTEGER) &&
        (ATTACHMENT_KINDS as readonly unknown[]).includes(m.kind) &&
        hex64(m.sha256)
      );
    case 'upload-cancel':
      return keysAre(m, ['type', 'id']) && text(m.id, LIMITS.maxIdLength);
    case 'attachment-get':
      return (
        keysAre(m, ['type', 'sha256', 'fromChunk']) &&
        hex64(m.sha256) &&
        wholeUpTo(m.fromChunk, 0xffff_ffff)
      );
    case 'attachment-cancel':
      return keysAre(m, ['type', 'sha256']) && hex64(m.sha256);
    default:
      return false;
  }
}

const sha = fc.stringMatching(/^[0-9a-f]{64}$/);
const id = fc
  .string({ minLength: 1, maxLength: LIMITS.maxIdLength })
  .filter((s) => s.trim() !== '');
const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => fileName(s));
const valid = fc.oneof(
  fc.record({
    type: fc.constant('upload-offer'),
    id,
    name,
    size: fc.integer({ min: 0, max: ATTACHMENT_LIMITS.maxFileBytes * 2 }),
    kind: fc.constantFrom(...ATTACHMENT_KINDS),
    sha256: sha,
  }),
  fc.record({ type: fc.constant('upload-cancel'), id }),
  fc.record({ type: fc.constant('attachment-get'), sha256: sha, fromChunk: fc.nat() }),
  fc.record({ type: fc.constant('attachment-cancel'), sha256: sha }),
);
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    -1,
    0.5,
    2 ** 53,
    2 ** 32,
    '',
    ' ',
    '.',
    '..',
    'a/b',
    'a\\b',
    'a\nb',
    'x'.repeat(256),
  ),
  fc.constantFrom('A'.repeat(64), 'g'.repeat(64), 'a'.repeat(63), 'svg', 'image/png', 'PNG'),
);

/** A valid message with one field dropped, retyped or added. */
const mutated = fc
  .tuple(valid, fc.nat(), fc.constantFrom('drop', 'set', 'add'), oddValue)
  .map(([m, n, op, value]) => {
    const copy: Obj = { ...m };
    const keys = Object.keys(copy);
    const key = keys[n % keys.length] ?? 'type';
    if (op === 'drop') Reflect.deleteProperty(copy, key);
    else if (op === 'set') copy[key] = value;
    else copy[`extra${n % 3}`] = value;
    return JSON.stringify(copy);
  });

function check(frame: string): void {
  const result = parseUploadClientMessage(frame);
  if (result.ok) {
    expect(isUploadClientMessage(result.message)).toBe(true);
    expect(result.message).toEqual(JSON.parse(frame));
  } else {
    expect(['bad-json', 'bad-message']).toContain(result.code);
    expect(result.error.length).toBeGreaterThan(0);
    expect(
      isUploadClientMessage(
        (() => {
          try {
            return JSON.parse(frame) as unknown;
          } catch {
            return null;
          }
        })(),
      ),
    ).toBe(false);
  }
}

describe('parseUploadClientMessage', () => {
  it('takes every valid frame exactly as sent', () => {
    fc.assert(
      fc.property(
        valid.map((m) => JSON.stringify(m)),
        check,
      ),
      RUNS,
    );
  });
  it('refuses every mutated frame the types forbid, and takes the rest as sent', () => {
    fc.assert(fc.property(mutated, check), RUNS);
  });
  it('never throws on arbitrary text or JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), check), RUNS);
  });
  it.each<[string, object, RegExp]>([
    [
      'an uppercase hash',
      { type: 'attachment-cancel', sha256: 'A'.repeat(64) },
      /64 lowercase hex/,
    ],
    [
      'a path as a name',
      {
        type: 'upload-offer',
        id: 'u',
        name: '../etc/passwd',
        size: 1,
        kind: 'file',
        sha256: 'a'.repeat(64),
      },
      /"\/"/,
    ],
    [
      'a MIME type as kind',
      {
        type: 'upload-offer',
        id: 'u',
        name: 'a.png',
        size: 1,
        kind: 'image/png',
        sha256: 'a'.repeat(64),
      },
      /kind must be one of png, jpeg, gif, webp, file/,
    ],
    [
      'a negative size',
      { type: 'upload-offer', id: 'u', name: 'a', size: -1, kind: 'file', sha256: 'a'.repeat(64) },
      /size must be an integer/,
    ],
    ['an unknown type', { type: 'upload-resume', id: 'u' }, /unknown message type "upload-resume"/],
  ])('explains why it refuses %s', (_what, message, reason) => {
    expect(parseUploadClientMessage(JSON.stringify(message))).toEqual({
      ok: false,
      code: 'bad-message',
      error: expect.stringMatching(reason),
    });
  });
});

describe('attachmentRefs: the files a chat message names', () => {
  const ref = (n: number) => ({ sha256: n.toString(16).padStart(64, '0'), name: `f${n}.bin` });
  const reason = (value: unknown): string => {
    try {
      attachmentRefs(value);
      return 'accepted';
    } catch (err) {
      if (err instanceof Invalid) return err.message;
      throw err;
    }
  };

  it('takes 1 to the limit of distinct files', () => {
    const max = ATTACHMENT_LIMITS.maxAttachmentsPerMessage;
    const refs = Array.from({ length: max }, (_, i) => ref(i));
    expect(attachmentRefs(refs)).toEqual(refs);
    expect(reason([...refs, ref(max)])).toMatch(`1 to ${max} files`);
    expect(reason([])).toMatch(`1 to ${max} files`);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an array', { sha256: 'a'.repeat(64) }, /must be an array/],
    ['the same file twice', [ref(1), ref(1)], /repeats a file/],
    ['an extra field', [{ ...ref(1), size: 3 }], /unexpected field "size"/],
    ['no name', [{ sha256: 'a'.repeat(64) }], /name must be a string/],
    ['a name of control characters', [{ ...ref(1), name: 'a\u0000b' }], /control characters/],
  ])('refuses %s', (_what, value, why) => {
    expect(reason(value)).toMatch(why);
  });
});
