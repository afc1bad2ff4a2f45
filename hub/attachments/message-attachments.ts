// A chat message's attachments, as the hub relays them: every file it names must be stored
// whole (an upload-complete was sent for it) and all of them together within the per-message
// limit. The name travels with the message; size and kind come from the store, not the sender.

import { ATTACHMENT_LIMITS } from '../../protocol/attachment-limits';
import {
  NO_LONGER_AVAILABLE,
  type Attachment,
  type AttachmentRef,
} from '../../protocol/upload-messages';
import type { AttachmentStore } from './attachment-store';

export type MessageAttachments =
  { ok: true; attachments: Attachment[] } | { ok: false; error: string };

export function messageAttachments(
  store: AttachmentStore,
  refs: readonly AttachmentRef[],
  maxMessageBytes: number = ATTACHMENT_LIMITS.maxMessageBytes,
): MessageAttachments {
  const attachments: Attachment[] = [];
  let total = 0;
  for (const ref of refs) {
    const stored = store.get(ref.sha256);
    if (!stored)
      return { ok: false, error: `"${ref.name}" is ${NO_LONGER_AVAILABLE}; upload it again` };
    total += stored.size;
    attachments.push({ ...stored, name: ref.name });
  }
  if (total > maxMessageBytes) {
    return {
      ok: false,
      error: `the files of one message may be at most ${maxMessageBytes} bytes together; these are ${total}`,
    };
  }
  return { ok: true, attachments };
}
