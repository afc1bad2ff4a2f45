// Validation of incoming frames. The hub runs parseClientMessage on every text frame; the
// renderer runs parseServerMessage. parseClientMessage is strict: unknown types, missing or
// mistyped fields, extra fields and prototype-polluting keys are refused with a readable
// reason. parseServerMessage checks only the envelope (JSON, an object, a known type): the
// hub is trusted.

import {
  LIMITS,
  secretProblem,
  type ClientMessage,
  type ErrorCode,
  type ResumePoint,
  type ServerMessage,
} from './messages';
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
import { HISTORY_LIMITS, type HistoryRequest } from './history-messages';
import { attachmentRefs, UPLOAD_SERVER_TYPES, uploadClientMessage } from './upload-validate';

/** `requestId`: the refused frame was a request with a readable id, to answer it by. */
export type Parsed<T> =
  { ok: true; message: T } | { ok: false; code: ErrorCode; error: string; requestId?: string };

/** A refused request: its reason, and the id its answer must carry. */
class InvalidRequest extends Invalid {
  constructor(
    reason: string,
    readonly requestId: string,
  ) {
    super(reason);
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects any value nested deeper than LIMITS.maxDepth and any object holding a key that could
 * pollute a prototype. The depth is checked before each step down: an unbounded walk
 * overflows the stack on a ~12 KB frame of nested brackets, and that RangeError would end the
 * hub's process.
 */
function assertShape(value: unknown, keys: string[] = []): void {
  if (typeof value !== 'object' || value === null) return;
  // Checked before descending, so the recursion is never deeper than maxDepth + 1 calls.
  if (keys.length >= LIMITS.maxDepth) {
    fail(`${pathOf(keys)} is nested deeper than ${LIMITS.maxDepth} levels`);
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) fail(`forbidden key "${key}" in ${pathOf(keys)}`);
    keys.push(key);
    assertShape((value as Json)[key], keys);
    keys.pop();
  }
}

/** Where in the frame, for a refusal only: no string is built for a frame that passes. */
const pathOf = (keys: readonly string[]): string => ['message', ...keys].join('.');

function int(obj: Json, key: string, what: string, min = 0): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(`${what}.${key} must be an integer >= ${min}`);
  }
  return value;
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

type HistoryRequestType = HistoryRequest['type'];

function historyFields(obj: Json, what: HistoryRequestType): HistoryRequest {
  const historyId = str(obj, 'historyId', LIMITS.maxIdLength, what);
  if (what === 'page') {
    onlyKeys(obj, ['type', 'requestId', 'historyId', 'beforeSeq', 'limit'], what);
    const beforeSeq = intIn(obj, 'beforeSeq', what, 1, MAX_SEQ);
    const limit = intIn(obj, 'limit', what, 1, HISTORY_LIMITS.maxPageSize);
    return { type: 'page', requestId: '', historyId, beforeSeq, limit };
  }
  if (what === 'page-after') {
    onlyKeys(obj, ['type', 'requestId', 'historyId', 'afterSeq', 'limit'], what);
    const afterSeq = intIn(obj, 'afterSeq', what, 0, MAX_SEQ);
    const limit = intIn(obj, 'limit', what, 1, HISTORY_LIMITS.maxPageSize);
    return { type: 'page-after', requestId: '', historyId, afterSeq, limit };
  }
  if (what === 'page-around') {
    onlyKeys(obj, ['type', 'requestId', 'historyId', 'seq', 'limit'], what);
    const seq = intIn(obj, 'seq', what, 1, MAX_SEQ);
    const limit = intIn(obj, 'limit', what, 1, HISTORY_LIMITS.maxPageSize);
    return { type: 'page-around', requestId: '', historyId, seq, limit };
  }
  onlyKeys(obj, ['type', 'requestId', 'historyId', 'query', 'beforeSeq', 'limit'], what);
  const query = str(obj, 'query', HISTORY_LIMITS.maxQueryLength, what);
  const beforeSeq = obj.beforeSeq === null ? null : intIn(obj, 'beforeSeq', what, 1, MAX_SEQ);
  const limit = intIn(obj, 'limit', what, 1, HISTORY_LIMITS.maxSearchResults);
  return { type: 'search', requestId: '', historyId, query, beforeSeq, limit };
}

/** A page or search request; once its id is read, a refusal carries it. */
function historyRequest(obj: Json, what: HistoryRequestType): HistoryRequest {
  const requestId = str(obj, 'requestId', LIMITS.maxIdLength, what);
  try {
    return { ...historyFields(obj, what), requestId };
  } catch (err) {
    if (err instanceof Invalid) throw new InvalidRequest(err.message, requestId);
    throw err;
  }
}

function resumePoint(value: unknown): ResumePoint | null {
  if (value === null) return null;
  const obj = asObject(value, 'hello.resume');
  onlyKeys(obj, ['historyId', 'lastSeq'], 'hello.resume');
  return {
    historyId: str(obj, 'historyId', LIMITS.maxIdLength, 'hello.resume'),
    lastSeq: int(obj, 'lastSeq', 'hello.resume'),
  };
}

function secret(obj: Json): string {
  const value = obj.secret;
  if (typeof value !== 'string') fail('hello.secret must be a string');
  const problem = secretProblem(value);
  if (problem !== null) fail(problem);
  return value;
}

/** A chat message; with attachments its text may be empty. */
function chat(obj: Json): ClientMessage {
  if (!('attachments' in obj)) {
    onlyKeys(obj, ['type', 'id', 'text'], 'chat');
    return {
      type: 'chat',
      id: str(obj, 'id', LIMITS.maxIdLength, 'chat'),
      text: str(obj, 'text', LIMITS.maxTextLength, 'chat'),
    };
  }
  onlyKeys(obj, ['type', 'id', 'text', 'attachments'], 'chat');
  return {
    type: 'chat',
    id: str(obj, 'id', LIMITS.maxIdLength, 'chat'),
    text: str(obj, 'text', LIMITS.maxTextLength, 'chat', true),
    attachments: attachmentRefs(obj.attachments),
  };
}

function clientMessage(obj: Json): ClientMessage {
  switch (obj.type) {
    case 'hello':
      onlyKeys(obj, ['type', 'secret', 'name', 'resume'], 'hello');
      if (!('resume' in obj)) fail('hello.resume is required (null when new)');
      return {
        type: 'hello',
        secret: secret(obj),
        name: str(obj, 'name', LIMITS.maxNameLength, 'hello'),
        resume: resumePoint(obj.resume),
      };
    case 'chat':
      return chat(obj);
    case 'rename':
      onlyKeys(obj, ['type', 'name'], 'rename');
      return { type: 'rename', name: str(obj, 'name', LIMITS.maxNameLength, 'rename') };
    case 'ping':
      onlyKeys(obj, ['type', 'id'], 'ping');
      return { type: 'ping', id: str(obj, 'id', LIMITS.maxIdLength, 'ping') };
    case 'typing':
      onlyKeys(obj, ['type', 'typing'], 'typing');
      if (typeof obj.typing !== 'boolean') fail('typing.typing must be a boolean');
      return { type: 'typing', typing: obj.typing };
    case 'page':
    case 'page-after':
    case 'page-around':
    case 'search':
      return historyRequest(obj, obj.type);
    case undefined:
      return fail('message has no "type" field');
    case 'upload-offer':
    case 'upload-cancel':
    case 'attachment-get':
    case 'attachment-cancel':
      return uploadClientMessage(obj);
    default:
      return fail(`unknown message type ${JSON.stringify(obj.type).slice(0, 40)}`);
  }
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, message: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, code: 'bad-json', error: 'frame is not valid JSON' };
  }
}

/** Parses and validates one text frame from a window. Never throws. */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const json = parseJson(text);
  if (!json.ok) return json;
  try {
    assertShape(json.message);
    return { ok: true, message: clientMessage(asObject(json.message, 'message')) };
  } catch (err) {
    if (err instanceof InvalidRequest) {
      return { ok: false, code: 'bad-message', error: err.message, requestId: err.requestId };
    }
    if (err instanceof Invalid) return { ok: false, code: 'bad-message', error: err.message };
    throw err;
  }
}

// A Record, not a list: a server message type missing here is a compile error.
const SERVER_TYPE_TABLE: Record<ServerMessage['type'], true> = {
  welcome: true,
  chat: true,
  ack: true,
  presence: true,
  push: true,
  pong: true,
  error: true,
  typing: true,
  announcement: true,
  page: true,
  'search-results': true,
  'request-failed': true,
  // The upload types, listed in their own module's table.
  'upload-accept': true,
  'upload-progress': true,
  'upload-complete': true,
  'upload-error': true,
  'attachment-start': true,
  'attachment-gone': true,
};
const SERVER_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(SERVER_TYPE_TABLE),
  ...UPLOAD_SERVER_TYPES,
]);

/**
 * Parses a frame from the hub. The hub is trusted (it is our own process and the
 * connection is token-authenticated), so this checks the envelope, not every field.
 */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  const json = parseJson(text);
  if (!json.ok) return json;
  if (hasKnownType(json.message, SERVER_TYPES)) {
    return { ok: true, message: json.message as ServerMessage };
  }
  return { ok: false, code: 'bad-message', error: 'unknown message from hub' };
}
