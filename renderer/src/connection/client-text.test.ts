// The window's words for the chat client's codes, in English and in Korean.

import { afterEach, describe, expect, it } from 'vitest';
import type { ClientNote } from '../../../client/client-types';
import { setLanguage } from '../i18n';
import {
  closeReasonText,
  describeReadyState,
  noteText,
  noticeText,
  pauseText,
} from './client-text';

afterEach(() => setLanguage('en'));

/** Every note code with data, and how the window says it in English. */
const NOTES: [ClientNote, string][] = [
  [{ code: 'joined', name: 'Carol' }, 'Carol joined'],
  [{ code: 'left', name: 'Bob' }, 'Bob left'],
  [{ code: 'renamed', previous: 'Bob', name: 'Robert' }, 'Bob is now Robert'],
  [{ code: 'renamed-self', name: 'Zed' }, 'You are now Zed'],
  [{ code: 'reconnected' }, 'Reconnected.'],
  [{ code: 'replaced' }, 'This window connected again somewhere else, so this copy stopped.'],
  [{ code: 'removed' }, 'The server removed this window. Press Reconnect now to come back.'],
  [{ code: 'history-reset' }, 'The hub started a new chat history; earlier messages were cleared.'],
  [
    { code: 'disconnected', closeCode: 1001, meaning: 'Going Away' },
    'Disconnected: 1001 Going Away. Reconnecting…',
  ],
  [{ code: 'skipped', count: 3 }, '3 older messages not shown.'],
  [{ code: 'skipped', count: 1 }, '1 older message not shown.'],
  [
    { code: 'refused', error: 'bad-message', message: 'chat.text must be a string' },
    'The hub refused a message (bad-message): chat.text must be a string',
  ],
  [
    { code: 'unreadable', error: 'frame is not valid JSON' },
    'Unreadable frame from the hub: frame is not valid JSON',
  ],
  [
    { code: 'could-not-open', error: 'SyntaxError: bad URL' },
    'Could not open a connection: SyntaxError: bad URL',
  ],
  [{ code: 'announcement', text: 'Maintenance at noon' }, 'Server: Maintenance at noon'],
];

describe("the window's words for the chat client", () => {
  it('words every timeline note in English', () => {
    for (const [note, text] of NOTES) expect(noteText(note)).toBe(text);
  });

  it('words every timeline note in Korean, with its data', () => {
    setLanguage('ko');
    expect(noteText({ code: 'joined', name: '다은' })).toBe('다은 님이 들어왔습니다');
    expect(noteText({ code: 'announcement', text: 'noon' })).toBe('서버: noon');
    for (const [note, english] of NOTES) {
      const korean = noteText(note);
      expect(korean, note.code).not.toBe(english);
      for (const value of Object.values(note).slice(1)) expect(korean).toContain(String(value));
    }
  });

  it('words the inspector notices', () => {
    expect(noticeText({ code: 'silent', ms: 20000 })).toBe('no frames for 20000 ms: closing');
    expect(noticeText({ code: 'duplicate', seq: 7 })).toBe('duplicate chat seq 7 ignored');
    setLanguage('ko');
    expect(noticeText({ code: 'duplicate', seq: 7 })).toBe('중복된 채팅 seq 7 무시함');
  });

  it("says why reconnecting stopped: the hub's reason, else what the code means", () => {
    const closed = { code: 'closed', reason: '', meaning: 'Replaced' } as const;
    expect(pauseText({ ...closed, closeCode: 4000, reason: 'Replaced by a newer one' })).toBe(
      'Replaced by a newer one',
    );
    expect(pauseText({ ...closed, closeCode: 4000 })).toBe('Replaced');
    expect(pauseText({ ...closed, closeCode: 4001, meaning: 'Removed' })).toBe(
      'removed by the server',
    );
    expect(pauseText({ code: 'stale-link' })).toBe(
      'This link is from an earlier run of Loopchat: open the new one printed in the terminal.',
    );
    setLanguage('ko');
    expect(pauseText({ ...closed, closeCode: 4001, meaning: 'Removed' })).toBe('서버가 내보냄');
  });

  it("shows a close's reason, or that no close frame ever came", () => {
    expect(closeReasonText({ reason: 'Hub stopping' })).toBe('Hub stopping');
    expect(closeReasonText({ reason: '', abandoned: true })).toBe(
      'No close frame from the hub (gave up waiting)',
    );
    setLanguage('ko');
    expect(closeReasonText({ reason: '', abandoned: true })).toContain('close 프레임');
  });

  it('explains each readyState', () => {
    expect(describeReadyState(1)).toBe(
      'The connection is established; messages can flow both ways.',
    );
    expect(describeReadyState(3)).toBe('The connection is closed, or could not be opened.');
  });
});
