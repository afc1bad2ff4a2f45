// The shapes Loopchat keeps at rest (the hub's history file, a window's saved chat log), one
// check per shape. A stored record is not trusted like a live frame from the hub: a file can be
// damaged, hand-edited or written by another version, so every field a reader uses is checked
// here, and every reader uses this check.

import type { ChatMessage, Peer } from './messages';
import { COLOUR_SLOTS } from './colour-slots';
import { ATTACHMENT_KINDS } from './file-kind';
import { ATTACHMENT_LIMITS } from './attachment-limits';
import type { Attachment } from './upload-messages';
import { fileNameRefusal, isSha256 } from './upload-validate';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A stored peer: `colour` is absent in records written before colour slots existed. */
export function isStoredPeer(value: unknown): value is Peer {
  return (
    isFields(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    (value.colour === undefined ||
      (Number.isSafeInteger(value.colour) &&
        (value.colour as number) >= 0 &&
        (value.colour as number) < COLOUR_SLOTS))
  );
}

/** A stored attachment of a chat message: what the hub's store said of the bytes, and the name. */
export function isStoredAttachment(value: unknown): value is Attachment {
  return (
    isFields(value) &&
    isSha256(value.sha256) &&
    typeof value.name === 'string' &&
    fileNameRefusal(value.name) === null &&
    Number.isSafeInteger(value.size) &&
    (value.size as number) >= 0 &&
    typeof value.kind === 'string' &&
    (ATTACHMENT_KINDS as readonly string[]).includes(value.kind)
  );
}

const isStoredAttachments = (value: unknown): boolean =>
  value === undefined ||
  (Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= ATTACHMENT_LIMITS.maxAttachmentsPerMessage &&
    value.every(isStoredAttachment));

/** A chat message as the hub sequenced it: every field present and of its type. */
export function isStoredChat(value: unknown): value is ChatMessage {
  return (
    isFields(value) &&
    value.type === 'chat' &&
    Number.isSafeInteger(value.seq) &&
    (value.seq as number) >= 1 &&
    typeof value.id === 'string' &&
    isStoredPeer(value.from) &&
    typeof value.text === 'string' &&
    typeof value.at === 'number' &&
    Number.isFinite(value.at) &&
    isStoredAttachments(value.attachments)
  );
}

/** history.jsonl's first line: the format's version and the history's id. */
export interface StoredHistoryHeader {
  loopchatHistory: 1;
  id: string;
}

export const HISTORY_VERSION = 1;

/** The header of a history this version reads; see historyHeaderOfAnotherVersion. */
export function isStoredHistoryHeader(value: unknown): value is StoredHistoryHeader {
  return (
    isFields(value) &&
    value.loopchatHistory === HISTORY_VERSION &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    value.id.length <= 200
  );
}

/** A header written by another version of Loopchat: its lines may mean something else. */
export function isHistoryHeaderOfAnotherVersion(value: unknown): boolean {
  return (
    isFields(value) &&
    value.loopchatHistory !== undefined &&
    value.loopchatHistory !== HISTORY_VERSION
  );
}
