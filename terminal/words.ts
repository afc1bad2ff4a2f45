// The terminal's words for what the chat client reports as codes: each timeline entry as one
// line of stdout. English only: the window has the translated words (renderer/src/i18n).

import type { ClientNote, TimelineEntry } from '../client/client-types';
import type { AttachRefusal } from '../client/uploads';
import type { Attachment } from '../protocol/upload-messages';

const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);

export function noteWords(note: ClientNote): string {
  switch (note.code) {
    case 'joined':
      return `${note.name} joined`;
    case 'left':
      return `${note.name} left`;
    case 'renamed':
      return `${note.previous} is now ${note.name}`;
    case 'renamed-self':
      return `You are now ${note.name}`;
    case 'reconnected':
      return 'Reconnected.';
    case 'replaced':
      return 'This terminal connected again somewhere else, so this copy stopped.';
    case 'removed':
      return 'The server removed this terminal from the chat.';
    case 'history-reset':
      return 'The hub started a new chat history; earlier messages were cleared.';
    case 'disconnected':
      return `Disconnected: ${note.closeCode} ${note.meaning}. Reconnecting…`;
    case 'skipped':
      return note.count === 1
        ? '1 older message not shown.'
        : `${note.count} older messages not shown.`;
    case 'not-saved':
      return `The hub could not save your message (its disk is full or not writable), so nobody got it. Sending it again in ${Math.ceil(note.retryInMs / 1000)} s.`;
    case 'refused':
      return `The hub refused a message (${note.error}): ${note.message}`;
    case 'unreadable':
      return `Unreadable frame from the hub: ${note.error}`;
    case 'could-not-open':
      return `Could not open a connection: ${note.error}`;
    case 'announcement':
      return `Server: ${note.text}`;
  }
}

/** Bytes as people read them: 512 B, 12.3 KiB, 25 MiB. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / 1024 / 1024, 'MiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** Why files could not be attached (nothing was sent). */
export function refusalWords(refusal: AttachRefusal): string {
  switch (refusal.code) {
    case 'too-big':
      return `${refusal.name} is ${sizeWords(refusal.size)}, over the ${sizeWords(refusal.max)} a file may be`;
    case 'too-many-files':
      return `a message holds at most ${refusal.max} files`;
    case 'message-too-big':
      return `a message's files may be ${sizeWords(refusal.max)} together at most`;
    case 'bad-name':
      return `${refusal.name}: ${refusal.reason}`;
  }
}

const attachmentWords = (a: Attachment): string =>
  `${a.name}, ${a.kind === 'file' ? 'file' : `${a.kind} image`}, ${sizeWords(a.size)}`;

function chatText(text: string, attachments: readonly Attachment[] | undefined): string {
  const files = (attachments ?? []).map((a) => `[${attachmentWords(a)}]`);
  return [text, ...files].filter((part) => part !== '').join(' ');
}

export function entryLine(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'chat':
      return `[${clock(entry.message.at)}] ${entry.own ? 'you' : entry.message.from.name}: ${chatText(entry.message.text, entry.message.attachments)}`;
    case 'push': {
      const { push } = entry;
      return `[${clock(push.at)}] push: ${push.online} online, ${push.messages} messages`;
    }
    case 'system':
      return `[${clock(entry.at)}] * ${noteWords(entry.note)}`;
  }
}
