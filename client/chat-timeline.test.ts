import { describe, expect, it } from 'vitest';
import { ChatTimeline, TIMELINE_LIMIT } from './chat-timeline';
import type { TimelineEntry } from './client-types';

const chat = (seq: number): TimelineEntry => ({
  kind: 'chat',
  own: false,
  message: {
    type: 'chat',
    seq,
    id: `m${seq}`,
    from: { id: 'p', name: 'Ada' },
    text: `#${seq}`,
    at: seq,
  },
});

const announcement = (text: string): TimelineEntry => ({
  kind: 'system',
  note: { code: 'announcement', text },
  at: 1,
  tone: 'server',
});

const seqs = (entries: readonly TimelineEntry[]): number[] =>
  entries.flatMap((e) => (e.kind === 'chat' ? [e.message.seq] : []));

describe('ChatTimeline', () => {
  it('gives a new listener the newest entries, oldest first, at most TIMELINE_LIMIT', () => {
    const timeline = new ChatTimeline([]);
    for (let seq = 1; seq <= TIMELINE_LIMIT + 20; seq++) timeline.add(chat(seq));
    const recent = seqs(timeline.recent());
    expect(recent).toHaveLength(TIMELINE_LIMIT);
    expect(recent[0]).toBe(21);
    expect(recent.at(-1)).toBe(TIMELINE_LIMIT + 20);
  });

  it('keeps everything up to twice the limit, then trims to the newest TIMELINE_LIMIT', () => {
    const timeline = new ChatTimeline([]);
    for (let seq = 1; seq <= 2 * TIMELINE_LIMIT; seq++) timeline.add(chat(seq));
    expect(timeline.length).toBe(2 * TIMELINE_LIMIT);
    timeline.add(chat(2 * TIMELINE_LIMIT + 1));
    expect(timeline.length).toBe(TIMELINE_LIMIT);
    expect(seqs(timeline.recent())[0]).toBe(TIMELINE_LIMIT + 2);
  });

  it('starts from the entries it was given', () => {
    const timeline = new ChatTimeline([chat(7), chat(8)]);
    expect(timeline.length).toBe(2);
    expect(seqs(timeline.recent())).toEqual([7, 8]);
  });

  it('a history reset keeps only the server announcements, and returns them', () => {
    const info: TimelineEntry = {
      kind: 'system',
      note: { code: 'reconnected' },
      at: 2,
      tone: 'info',
    };
    const timeline = new ChatTimeline([chat(1), announcement('maintenance at 5'), info, chat(2)]);
    const kept = timeline.reset();
    expect(kept).toEqual([announcement('maintenance at 5')]);
    expect(timeline.recent()).toEqual(kept);
    // What reset returned is a copy: adding to the timeline does not change it.
    timeline.add(chat(3));
    expect(kept).toHaveLength(1);
    expect(timeline.length).toBe(2);
  });
});
