// Validation of the upload and download frames a window sends (upload-messages.ts), and of the
// attachments a chat message names. Strict like validate.ts: a missing, mistyped or extra field
// is refused with a readable reason. Built on field-checks.ts so validate.ts can call
// uploadClientMessage for these types and attachmentRefs for a chat's `attachments`.

import { ATTACHMENT_LIMITS } from './attachment-limits';
import { ATTACHMENT_KINDS, type AttachmentKind } from './file-kind';
import { LIMITS } from './messages';
import {
  asObject,
  fail,
  hasKnownType,
  intIn,
  Invalid,
  onlyKeys,
  str,
  type Json,
} from './field-checks';
import type {
  AttachmentRef,
  UploadClientMessage,
  UploadClientMessageType,
  UploadServerMessage,
} from './upload-messages';
import type { Parsed } from './validate';

const SHA256_HEX = /^[0-9a-f]{64}$/;
// Control characters, and the separators that would turn a name into a path.
// eslint-disable-next-line no-control-regex
const NOT_IN_A_NAME = /[\u0000-\u001f\u007f/\\]/;

/** Why `name` cannot be a file name, or null: the same rule for the window and the hub. */
export function fileNameRefusal(name: string): string | null {
  if (name.trim().length === 0) return 'a file name must not be empty';
  if (name.length > ATTACHMENT_LIMITS.maxFileNameLength) {
    return `a file name must be at most ${ATTACHMENT_LIMITS.maxFileNameLength} characters`;
  }
  if (NOT_IN_A_NAME.test(name)) return 'a file name must not hold control characters, "/" or "\\"';
  if (name === '.' || name === '..') return 'a file name must not be "." or ".."';
  return null;
}

export const isSha256 = (value: unknown): value is string =>
  typeof value === 'string' && SHA256_HEX.test(value);

function sha256(obj: Json, what: string): string {
  if (!isSha256(obj.sha256)) fail(`${what}.sha256 must be 64 lowercase hex digits`);
  return obj.sha256;
}

const id = (obj: Json, what: string): string => str(obj, 'id', LIMITS.maxIdLength, what);

function fileName(obj: Json, what: string): string {
  if (typeof obj.name !== 'string') fail(`${what}.name must be a string`);
  const refusal = fileNameRefusal(obj.name);
  if (refusal !== null) fail(`${what}.name: ${refusal}`);
  return obj.name;
}

const whole = (obj: Json, key: string, what: string, max: number): number =>
  intIn(obj, key, what, 0, max);

function kind(obj: Json): AttachmentKind {
  const value = obj.kind;
  if (typeof value !== 'string' || !(ATTACHMENT_KINDS as readonly string[]).includes(value)) {
    fail(`upload-offer.kind must be one of ${ATTACHMENT_KINDS.join(', ')}`);
  }
  return value as AttachmentKind;
}

function offer(obj: Json): UploadClientMessage {
  onlyKeys(obj, ['type', 'id', 'name', 'size', 'kind', 'sha256'], 'upload-offer');
  return {
    type: 'upload-offer',
    id: id(obj, 'upload-offer'),
    name: fileName(obj, 'upload-offer'),
    // Over the file limit is a refusal with its own code (too-big), not a malformed frame.
    size: whole(obj, 'size', 'upload-offer', Number.MAX_SAFE_INTEGER),
    kind: kind(obj),
    sha256: sha256(obj, 'upload-offer'),
  };
}

// A Record, not a list: a client type missing here is a compile error.
const CLIENT_TYPE_TABLE: Record<UploadClientMessageType, true> = {
  'upload-offer': true,
  'upload-cancel': true,
  'attachment-get': true,
  'attachment-cancel': true,
};

export const isUploadClientMessageType = (type: unknown): type is UploadClientMessageType =>
  typeof type === 'string' && Object.hasOwn(CLIENT_TYPE_TABLE, type);

/** Checks an object whose `type` is an upload client type; throws Invalid with the reason. */
export function uploadClientMessage(obj: Json): UploadClientMessage {
  switch (obj.type) {
    case 'upload-offer':
      return offer(obj);
    case 'upload-cancel':
      onlyKeys(obj, ['type', 'id'], 'upload-cancel');
      return { type: 'upload-cancel', id: id(obj, 'upload-cancel') };
    case 'attachment-get':
      onlyKeys(obj, ['type', 'sha256', 'fromChunk'], 'attachment-get');
      return {
        type: 'attachment-get',
        sha256: sha256(obj, 'attachment-get'),
        fromChunk: whole(obj, 'fromChunk', 'attachment-get', 0xffff_ffff),
      };
    case 'attachment-cancel':
      onlyKeys(obj, ['type', 'sha256'], 'attachment-cancel');
      return { type: 'attachment-cancel', sha256: sha256(obj, 'attachment-cancel') };
    default:
      return fail(`unknown message type ${JSON.stringify(obj.type ?? null).slice(0, 40)}`);
  }
}

/** A chat message's `attachments`: 1 to maxAttachmentsPerMessage distinct files. */
export function attachmentRefs(value: unknown): AttachmentRef[] {
  if (!Array.isArray(value)) fail('chat.attachments must be an array');
  const max = ATTACHMENT_LIMITS.maxAttachmentsPerMessage;
  if (value.length === 0 || value.length > max)
    fail(`chat.attachments must hold 1 to ${max} files`);
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const what = `chat.attachments[${i}]`;
    const obj = asObject(item, what);
    onlyKeys(obj, ['sha256', 'name'], what);
    const ref = { sha256: sha256(obj, what), name: fileName(obj, what) };
    if (seen.has(ref.sha256)) fail(`${what} repeats a file already attached`);
    seen.add(ref.sha256);
    return ref;
  });
}

/** Parses and validates one text frame holding an upload client message. Never throws. */
export function parseUploadClientMessage(text: string): Parsed<UploadClientMessage> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad-json', error: 'frame is not valid JSON' };
  }
  try {
    return { ok: true, message: uploadClientMessage(asObject(value, 'message')) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, code: 'bad-message', error: err.message };
    throw err;
  }
}

// A Record, not a list: a server type missing here is a compile error.
const SERVER_TYPE_TABLE: Record<UploadServerMessage['type'], true> = {
  'upload-accept': true,
  'upload-progress': true,
  'upload-complete': true,
  'upload-error': true,
  'attachment-start': true,
  'attachment-gone': true,
};
export const UPLOAD_SERVER_TYPES: ReadonlySet<string> = new Set(Object.keys(SERVER_TYPE_TABLE));

/** The envelope check for an upload frame from the hub (trusted, like parseServerMessage). */
export const isUploadServerMessage = (value: unknown): value is UploadServerMessage =>
  hasKnownType(value, UPLOAD_SERVER_TYPES);
