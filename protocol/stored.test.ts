import { describe, expect, it } from 'vitest';
import {
  isHistoryHeaderOfAnotherVersion,
  isStoredChat,
  isStoredHistoryHeader,
  isStoredPeer,
} from './stored';

const chat = { type: 'chat', seq: 3, id: 'm3', from: { id: 'p1', name: 'Ada' }, text: 'hi', at: 9 };

describe('isStoredChat: the one check for a chat at rest (history file and chat log)', () => {
  it('takes a sequenced chat, with or without a colour slot', () => {
    expect(isStoredChat(chat)).toBe(true);
    expect(isStoredChat({ ...chat, from: { ...chat.from, colour: 11 } })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no sender id', { ...chat, from: { name: 'Ada' } }],
    ['a numeric sender id', { ...chat, from: { id: 1, name: 'Ada' } }],
    ['no sender name', { ...chat, from: { id: 'p1' } }],
    ['a sender that is an array', { ...chat, from: ['p1', 'Ada'] }],
    ['a colour slot of 12', { ...chat, from: { ...chat.from, colour: 12 } }],
    ['a fractional colour slot', { ...chat, from: { ...chat.from, colour: 1.5 } }],
    ['seq 0', { ...chat, seq: 0 }],
    ['a string seq', { ...chat, seq: '3' }],
    ['a numeric id', { ...chat, id: 3 }],
    ['a null text', { ...chat, text: null }],
    ['an infinite time', { ...chat, at: Infinity }],
    ['another type', { ...chat, type: 'ack' }],
    ['null', null],
  ])('refuses a chat with %s', (_what, value) => {
    expect(isStoredChat(value)).toBe(false);
  });

  const file = { sha256: 'a'.repeat(64), name: 'notes.txt', size: 12, kind: 'file' };

  it('takes a chat with attachments, as the hub relays them', () => {
    expect(
      isStoredChat({
        ...chat,
        text: '',
        attachments: [file, { ...file, sha256: 'b'.repeat(64), kind: 'png' }],
      }),
    ).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an empty list', []],
    ['a list that is an object', { 0: file }],
    ['a short sha256', [{ ...file, sha256: 'abc' }]],
    ['a name holding a path', [{ ...file, name: '../etc/passwd' }]],
    ['a negative size', [{ ...file, size: -1 }]],
    ['an unknown kind', [{ ...file, kind: 'svg' }]],
    ['eleven files', Array.from({ length: 11 }, () => file)],
  ])('refuses attachments with %s', (_what, attachments) => {
    expect(isStoredChat({ ...chat, attachments })).toBe(false);
  });

  it('checks a peer on its own', () => {
    expect(isStoredPeer({ id: 'p', name: 'A' })).toBe(true);
    expect(isStoredPeer({ id: 'p', name: 'A', colour: -1 })).toBe(false);
  });
});

describe('the history header', () => {
  it('takes the header this version writes', () => {
    expect(isStoredHistoryHeader({ loopchatHistory: 1, id: 'h1' })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['another version', { loopchatHistory: 2, id: 'h1' }],
    ['no id', { loopchatHistory: 1 }],
    ['an empty id', { loopchatHistory: 1, id: '' }],
    ['a numeric id', { loopchatHistory: 1, id: 7 }],
    ['a chat line', chat],
  ])('refuses %s', (_what, value) => {
    expect(isStoredHistoryHeader(value)).toBe(false);
  });

  it('tells a header of another version from a line that is no header at all', () => {
    expect(isHistoryHeaderOfAnotherVersion({ loopchatHistory: 2, id: 'h1' })).toBe(true);
    expect(isHistoryHeaderOfAnotherVersion({ loopchatHistory: 1, id: 'h1' })).toBe(false);
    expect(isHistoryHeaderOfAnotherVersion(chat)).toBe(false);
    expect(isHistoryHeaderOfAnotherVersion(null)).toBe(false);
  });
});
