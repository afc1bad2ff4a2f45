// The terminal's words for what the chat client reports as codes: each timeline entry as one
// line of stdout. English only: the window has the translated words (renderer/src/i18n).

import type { ClientNote, TimelineEntry } from '../client/client-types';

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

export function entryLine(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'chat':
      return `[${clock(entry.message.at)}] ${entry.own ? 'you' : entry.message.from.name}: ${entry.message.text}`;
    case 'push': {
      const { push } = entry;
      return `[${clock(push.at)}] push: ${push.online} online, ${push.messages} messages`;
    }
    case 'system':
      return `[${clock(entry.at)}] * ${noteWords(entry.note)}`;
  }
}
