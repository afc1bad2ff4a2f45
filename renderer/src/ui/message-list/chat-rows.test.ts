// The chat list's rows in memory: notes in the page's language, what the reader should hear,
// and pending rows that wear the name and peer id their event carried.

import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../client/client-types';
import type { ChatMessage } from '../../../../protocol/messages';
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

describe('chat rows: older history paged in', () => {
  const message = (seq: number, atMs: number): ChatMessage => ({
    type: 'chat',
    seq,
    id: `m${seq}`,
    from: { id: 'b', name: 'Bob' },
    text: `t${seq}`,
    at: atMs,
  });
  const chat = (seq: number, atMs: number): TimelineEntry => ({
    kind: 'chat',
    own: false,
    message: message(seq, atMs),
  });
  const day = 86_400_000;
  const seqsOf = (rows: ChatRows) =>
    rows
      .slotsIn(0, rows.all.length)
      .map((s) => (s.value.kind === 'chat' ? s.value.message.seq : s.value.kind));

  it('puts a page above the rows held, one day separator per day, the rows held unmoved', () => {
    const rows = new ChatRows();
    for (const seq of [10, 11]) rows.timeline.take(chat(seq, at + seq), false);
    const held = rows.timeline.store.at(1);
    const added = rows.timeline.prepend([
      { message: message(7, at - day), own: false },
      { message: message(8, at + 8), own: true },
    ]);
    // Yesterday's separator, 7, today's separator (moved up from above 10), 8, then 10 and 11.
    expect(seqsOf(rows)).toEqual(['day', 7, 'day', 8, 10, 11]);
    expect(added).toBe(4);
    expect(rows.timeline.oldestSeq).toBe(7);
    expect(rows.timeline.indexOfSeq(10)).toBe(4);
    expect(held && rows.indexOf(held)).toBe(4); // the same row object, now further down
    rows.timeline.dropOldest(added); // the page goes again; a separator stays on top
    expect(seqsOf(rows)).toEqual(['day', 10, 11]);
    expect(rows.timeline.indexOfSeq(7)).toBe(-1);
  });

  it('shows a window of older history in place of the live rows, and lets its far pages go', () => {
    const rows = new ChatRows();
    for (const seq of [500, 501]) rows.live.take(chat(seq, at + seq), false);
    rows.showWindow();
    for (const seq of [3, 4, 5]) rows.window.take(chat(seq, at - day + seq), false);
    rows.window.take(chat(6, at + 6), false); // the next day
    rows.live.take(chat(502, at + 502), true); // arrives unseen meanwhile
    expect(seqsOf(rows)).toEqual(['day', 3, 4, 5, 'day', 6]);
    rows.window.markStart();
    rows.window.markStart(); // once only
    expect(seqsOf(rows)).toEqual(['start', 'day', 3, 4, 5, 'day', 6]);
    expect(rows.window.newestSeq).toBe(6);
    // The newest chat goes with its day's separator; then the next page goes on as before.
    rows.window.dropNewestChats(1);
    expect(seqsOf(rows)).toEqual(['start', 'day', 3, 4, 5]);
    rows.window.take(chat(6, at + 6), false);
    expect(seqsOf(rows)).toEqual(['start', 'day', 3, 4, 5, 'day', 6]);
    // The oldest go with the start marker; a separator stays on top.
    rows.window.dropOldestChats(2);
    expect(seqsOf(rows)).toEqual(['day', 5, 'day', 6]);
    expect(rows.window.startsAtStart).toBe(false);
    rows.showLive();
    expect(seqsOf(rows)).toEqual(['day', 500, 501, 502]);
  });
});
