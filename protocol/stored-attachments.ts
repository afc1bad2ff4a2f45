// The attachment store's index file at rest (hub/attachments/): read back through this check
// like every stored shape (stored.ts). A file that fails it is set aside and the index rebuilt
// from the attachment files themselves.

import { ATTACHMENT_KINDS } from './file-kind';
import type { StoredAttachment } from './upload-messages';
import { isSha256 } from './upload-validate';

export interface IndexedAttachment extends StoredAttachment {
  /** When the hub stored (or was last sent) these bytes, ms since epoch: eviction goes oldest first. */
  storedAt: number;
}

export interface AttachmentIndex {
  loopchatAttachments: 1;
  attachments: IndexedAttachment[];
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isIndexedAttachment(value: unknown): value is IndexedAttachment {
  return (
    isFields(value) &&
    isSha256(value.sha256) &&
    Number.isSafeInteger(value.size) &&
    (value.size as number) >= 0 &&
    typeof value.kind === 'string' &&
    (ATTACHMENT_KINDS as readonly string[]).includes(value.kind) &&
    typeof value.storedAt === 'number' &&
    Number.isFinite(value.storedAt)
  );
}

/** The index, or null if it is not one (damaged, hand-edited, another version, a repeat). */
export function parseAttachmentIndex(text: string): AttachmentIndex | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isFields(value) || value.loopchatAttachments !== 1 || !Array.isArray(value.attachments)) {
    return null;
  }
  const list: unknown[] = value.attachments;
  if (!list.every(isIndexedAttachment)) return null;
  if (new Set(list.map((a) => a.sha256)).size !== list.length) return null;
  return { loopchatAttachments: 1, attachments: list };
}
