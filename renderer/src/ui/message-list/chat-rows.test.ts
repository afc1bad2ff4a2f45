// The chat list's rows in memory: notes in the page's language, what the reader should hear,
// and pending rows that wear the name and peer id their event carried.

import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../client/client-types';
import { setLanguage } from '../../i18n';
import { ChatRows } from './chat-rows';

afterEach(() => setLanguage('en'));

const at = Date.UTC(2026, 10, 25, 12, 0, 0);
const kinds = (rows: ChatRows) => rows.slotsIn(0, rows.all.length).map((s) => s.value.kind);

describe('chat rows', () => {
  it("words a note in the page's language, and tells the reader about it only when live", () => {
    const rows = new ChatRows();
    const entry: TimelineEntry = {
      kind: 'system',
      note: { code: 'joined', name: 'Carol' },
      at,
      tone: 'info',
    };
    expect(rows.timeline.take(entry, false)).toBeNull();
    expect(rows.timeline.take(entry, true)).toEqual({ line: 'Carol joined', fromOther: false });
    setLanguage('ko');
    expect(rows.timeline.take(entry, true)?.line).toBe('Carol 님이 들어왔습니다');
    const [, ...notes] = rows.slotsIn(0, rows.all.length).map((s) => s.value);
    expect(notes).toMatchObject([
      { kind: 'system', text: 'Carol joined', tone: 'info', fresh: false },
      { kind: 'system', text: 'Carol joined', fresh: true },
      { kind: 'system', text: 'Carol 님이 들어왔습니다' },
    ]);
  });

  it("announces others' live chats, not the reader's own", () => {
    const rows = new ChatRows();
    const from = { id: 'w-b', name: 'Bob' };
    const message = { type: 'chat', seq: 1, id: 'a', from, text: 'hi', at } as const;
    expect(rows.timeline.take({ kind: 'chat', message, own: false }, true)).toEqual({
      line: 'Bob: hi',
      fromOther: true,
    });
    expect(rows.timeline.take({ kind: 'chat', message, own: true }, true)).toBeNull();
    expect(kinds(rows)).toEqual(['day', 'chat', 'chat']);
  });

  it('shows pending messages under the timeline, from the self their event named', () => {
    const rows = new ChatRows();
    const item = { id: 'm1', text: 'on its way', createdAt: at, after: null };
    const released: string[] = [];
    const sent = rows.pending.sync([item], { name: 'Ada', peerId: 'w-a' }, (id) => {
      released.push(id);
    });
    expect(sent).toBe(true);
    expect(rows.slotsIn(0, 1).map((s) => s.value)).toEqual([
      { kind: 'pending', item, name: 'Ada', peerId: 'w-a' },
    ]);
    // Acknowledged: the row is handed back to become the confirmed chat.
    expect(rows.pending.sync([], { name: 'Ada', peerId: 'w-a' }, (id) => released.push(id))).toBe(
      false,
    );
    expect(released).toEqual(['m1']);
    expect(rows.all.length).toBe(0);
  });
});
