// The terminal's words for the chat client's codes: one line per timeline entry.

import { describe, expect, it } from 'vitest';
import type { ClientNote } from '../client/client-types';
import { entryLine, noteWords } from './words';

const at = new Date(2026, 10, 25, 9, 5, 7).getTime();

describe("the terminal's words", () => {
  it('prints chats, pushes and notes with their time', () => {
    const message = {
      type: 'chat',
      seq: 1,
      id: 'a',
      from: { id: 'w', name: 'Ada' },
      text: 'hi',
      at,
    } as const;
    expect(entryLine({ kind: 'chat', message, own: false })).toBe('[09:05:07] Ada: hi');
    expect(entryLine({ kind: 'chat', message, own: true })).toBe('[09:05:07] you: hi');
    const push = { type: 'push', at, uptimeMs: 1000, online: 2, messages: 9 } as const;
    expect(entryLine({ kind: 'push', push })).toBe('[09:05:07] push: 2 online, 9 messages');
    const note = { code: 'joined', name: 'Bob' } as const;
    expect(entryLine({ kind: 'system', note, at, tone: 'info' })).toBe('[09:05:07] * Bob joined');
  });

  it('words every note, with its data', () => {
    const notes: [ClientNote, string][] = [
      [{ code: 'left', name: 'Bob' }, 'Bob left'],
      [{ code: 'renamed', previous: 'Bob', name: 'Rob' }, 'Bob is now Rob'],
      [{ code: 'renamed-self', name: 'Zed' }, 'You are now Zed'],
      [{ code: 'reconnected' }, 'Reconnected.'],
      [
        { code: 'disconnected', closeCode: 1001, meaning: 'Going Away' },
        'Disconnected: 1001 Going Away. Reconnecting…',
      ],
      [{ code: 'skipped', count: 1 }, '1 older message not shown.'],
      [{ code: 'skipped', count: 4 }, '4 older messages not shown.'],
      [
        { code: 'refused', error: 'rate-limited', message: 'slow down' },
        'The hub refused a message (rate-limited): slow down',
      ],
      [{ code: 'unreadable', error: 'not JSON' }, 'Unreadable frame from the hub: not JSON'],
      [{ code: 'could-not-open', error: 'bad URL' }, 'Could not open a connection: bad URL'],
      [{ code: 'announcement', text: 'noon' }, 'Server: noon'],
    ];
    for (const [note, words] of notes) expect(noteWords(note)).toBe(words);
    for (const code of ['replaced', 'removed', 'history-reset'] as const) {
      expect(noteWords({ code })).toMatch(/\w+ .*\.$/);
    }
  });
});
