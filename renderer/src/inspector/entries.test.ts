// What the inspector's filter bar shows and hides: by direction, by type, and by text found in
// a row's summary or its frame; and how an expanded frame is laid out.

import { describe, expect, it } from 'vitest';
import { matches, NO_FILTER, prettyFrame, type InspectorEntry } from './entries';

const chatIn: InspectorEntry = {
  seq: 1,
  at: 1000,
  direction: 'in',
  type: 'chat',
  summary: 'Bob: hello',
  bytes: 40,
  data: '{"type":"chat","text":"Hello","secret":"Rainbow"}',
  raw: false,
  answerTo: null,
};

const closed: InspectorEntry = {
  seq: 2,
  at: 1001,
  direction: 'event',
  type: 'close',
  summary: 'close 1006 Rainbow',
  close: { code: 1006, reason: 'Rainbow', wasClean: false },
  answerTo: null,
};

const open: InspectorEntry = {
  seq: 3,
  at: 1002,
  direction: 'state',
  type: 'OPEN',
  summary: 'readyState OPEN',
  readyState: 1,
};

describe('the inspector filter', () => {
  it('shows every entry when nothing is filtered', () => {
    for (const entry of [chatIn, closed, open]) expect(matches(entry, NO_FILTER)).toBe(true);
  });

  it('shows only the chosen direction', () => {
    const incoming = { ...NO_FILTER, direction: 'in' as const };
    expect(matches(chatIn, incoming)).toBe(true);
    expect(matches(closed, incoming)).toBe(false);
    expect(matches(open, { ...NO_FILTER, direction: 'state' })).toBe(true);
    expect(matches(chatIn, { ...NO_FILTER, direction: 'out' })).toBe(false);
  });

  it('shows only the chosen type', () => {
    expect(matches(chatIn, { ...NO_FILTER, type: 'chat' })).toBe(true);
    expect(matches(chatIn, { ...NO_FILTER, type: 'typing' })).toBe(false);
    expect(matches(closed, { ...NO_FILTER, type: 'close' })).toBe(true);
  });

  it('needs both the direction and the type when both are chosen', () => {
    expect(matches(chatIn, { direction: 'in', type: 'chat', text: '' })).toBe(true);
    expect(matches(chatIn, { direction: 'out', type: 'chat', text: '' })).toBe(false);
    expect(matches(chatIn, { direction: 'in', type: 'welcome', text: '' })).toBe(false);
  });

  it('finds text in the summary or the frame, ignoring case and surrounding spaces', () => {
    expect(matches(chatIn, { ...NO_FILTER, text: 'BOB' })).toBe(true);
    expect(matches(chatIn, { ...NO_FILTER, text: '  rainbow ' })).toBe(true);
    expect(matches(chatIn, { ...NO_FILTER, text: 'HELLO' })).toBe(true);
    expect(matches(chatIn, { ...NO_FILTER, text: 'goodbye' })).toBe(false);
    expect(matches(closed, { ...NO_FILTER, text: 'rainbow' })).toBe(true);
    // A row without a frame is searched by its summary alone.
    expect(matches(open, { ...NO_FILTER, text: 'rainbow' })).toBe(false);
    expect(matches(open, { ...NO_FILTER, text: '   ' })).toBe(true);
  });

  it('hides a row whose text matches when its direction or type does not', () => {
    expect(matches(chatIn, { direction: 'out', type: 'all', text: 'bob' })).toBe(false);
    expect(matches(chatIn, { direction: 'all', type: 'close', text: 'bob' })).toBe(false);
  });
});

describe('an expanded frame', () => {
  it('is JSON laid out two spaces deep', () => {
    expect(prettyFrame('{"type":"chat","at":{"seq":1}}')).toBe(
      '{\n  "type": "chat",\n  "at": {\n    "seq": 1\n  }\n}',
    );
  });

  it('is the text itself when it is not JSON', () => {
    expect(prettyFrame('not {json')).toBe('not {json');
  });
});
