import { describe, expect, it } from 'vitest';
import type { WireRecord } from '../../../client/client-types';
import { utf8Length } from '../../../protocol/utf8-length';
import { NO_FILTER } from './entries';
import { Timeline } from './timeline';

const frame = (
  direction: 'in' | 'out',
  message: { type: string } & Record<string, unknown>,
  at = 1000,
): WireRecord => ({
  kind: 'frame',
  at,
  direction,
  data: JSON.stringify(message),
  messageType: message.type,
});

const chatIn = (seq: number, text: string): WireRecord =>
  frame('in', { type: 'chat', seq, id: `id-${seq}`, from: { id: 'b', name: 'Bob' }, text, at: 1 });

describe('Timeline', () => {
  it('records events, states and frames with direction, type and size', () => {
    const timeline = new Timeline();
    timeline.record({ kind: 'state', at: 1, readyState: 0 });
    timeline.record({ kind: 'event', at: 2, name: 'open', detail: 'loopchat.v1' });
    timeline.record(frame('out', { type: 'hello', clientId: 'w', name: '다은', resume: null }));
    timeline.record(chatIn(1, '안녕'));
    timeline.record({
      kind: 'close',
      at: 9,
      close: { code: 4001, reason: 'bye', wasClean: true },
      meaning: 'Application-defined code',
    });
    const entries = timeline.entries();
    expect(entries.map((e) => [e.direction, e.type])).toEqual([
      ['state', 'CONNECTING'],
      ['event', 'open'],
      ['out', 'hello'],
      ['in', 'chat'],
      ['event', 'close'],
    ]);
    const hello = entries[2];
    expect(hello?.direction === 'out' && hello.bytes).toBe(utf8Length(hello?.summary ?? ''));
    expect(entries[4]?.summary).toContain('4001');
    expect(entries[4]?.summary).toContain('bye');
  });

  it('keeps only the newest N entries and says how many were dropped', () => {
    const timeline = new Timeline(10);
    for (let seq = 1; seq <= 35; seq++) timeline.record(chatIn(seq, `m${seq}`));
    expect(timeline.size).toBe(10);
    expect(timeline.dropped).toBe(25);
    expect(timeline.entries().map((e) => e.summary.includes('"m26"'))[0]).toBe(true);
    expect(timeline.entries().at(-1)?.summary).toContain('"m35"');
    // Stats still count everything that went over the wire.
    expect(timeline.stats.messagesIn).toBe(35);
  });

  it('filters by direction, type and search text', () => {
    const timeline = new Timeline();
    timeline.record({ kind: 'event', at: 1, name: 'open', detail: 'loopchat.v1' });
    timeline.record(frame('out', { type: 'chat', id: 'a', text: 'Apples' }));
    timeline.record(frame('out', { type: 'ping', id: 'p1' }));
    timeline.record(chatIn(1, 'bananas'));
    expect(timeline.filter(NO_FILTER)).toHaveLength(4);
    expect(timeline.filter({ ...NO_FILTER, direction: 'out' }).map((e) => e.type)).toEqual([
      'chat',
      'ping',
    ]);
    expect(timeline.filter({ ...NO_FILTER, type: 'chat' })).toHaveLength(2);
    expect(timeline.filter({ ...NO_FILTER, text: 'BANANA' }).map((e) => e.direction)).toEqual([
      'in',
    ]);
    expect(timeline.filter({ direction: 'in', type: 'ping', text: '' })).toHaveLength(0);
    expect(timeline.types()).toEqual(['chat', 'open', 'ping']);
  });

  it('shows the round trips the client measured; ping and pong frames alone change nothing', () => {
    const timeline = new Timeline();
    timeline.record(frame('out', { type: 'ping', id: 'p1' }, 100));
    timeline.record(frame('in', { type: 'pong', id: 'p1', at: 0 }, 130));
    expect(timeline.stats.rttSamples).toBe(0);
    timeline.setRoundTrip({ lastMs: 50, avgMs: 40, samples: 2 });
    expect(timeline.stats).toMatchObject({ rttLastMs: 50, rttAvgMs: 40, rttSamples: 2 });
    expect(timeline.export(0).stats).toMatchObject({ rttLastMs: 50, rttAvgMs: 40, rttSamples: 2 });
  });

  it('pausing skips entries (counted) but keeps the stats live; clear empties', () => {
    const timeline = new Timeline();
    timeline.record(chatIn(1, 'a'));
    timeline.setPaused(true);
    timeline.record(chatIn(2, 'b'));
    timeline.record(chatIn(3, 'c'));
    expect(timeline.size).toBe(1);
    expect(timeline.skippedWhilePaused).toBe(2);
    expect(timeline.stats.messagesIn).toBe(3);
    timeline.setPaused(false);
    timeline.record(chatIn(4, 'd'));
    expect(timeline.size).toBe(2);
    timeline.clear();
    expect(timeline.size).toBe(0);
    expect(timeline.skippedWhilePaused).toBe(0);
    expect(timeline.stats.messagesIn).toBe(4);
  });

  it('exports every kept entry with parsed messages, sizes and close details', () => {
    const timeline = new Timeline(3);
    timeline.record(chatIn(1, 'dropped'));
    timeline.record(frame('out', { type: 'chat', id: 'x', text: 'héllo' }, 5));
    timeline.record({
      kind: 'frame',
      at: 6,
      direction: 'in',
      data: 'not json',
      messageType: 'unreadable',
    });
    timeline.record({
      kind: 'close',
      at: 7,
      close: { code: 1000, reason: '', wasClean: true },
      meaning: 'Normal Closure',
    });
    const exported = JSON.parse(
      JSON.stringify(timeline.export(Date.UTC(2026, 0, 1))),
    ) as ReturnType<Timeline['export']>;
    expect(exported.format).toBe('loopchat.inspector.v1');
    expect(exported.dropped).toBe(1);
    expect(exported.entries.map((e) => e.type)).toEqual(['chat', 'unreadable', 'close']);
    expect(exported.entries[0]).toMatchObject({
      direction: 'out',
      bytes: utf8Length(JSON.stringify({ type: 'chat', id: 'x', text: 'héllo' })),
      message: { type: 'chat', id: 'x', text: 'héllo' },
      time: new Date(5).toISOString(),
    });
    expect(exported.entries[1]?.raw).toBe('not json');
    expect(exported.entries[2]?.close).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(exported.stats.messagesIn).toBe(2);
  });
});

describe('Timeline: raw frames and the hub answer', () => {
  const raw = (data: string): WireRecord => ({
    kind: 'frame',
    at: 1,
    direction: 'out',
    data,
    messageType: 'raw',
    raw: true,
  });

  it('links the first solicited frame after a raw frame to it, skipping pushes', () => {
    const timeline = new Timeline();
    const sent = timeline.record(raw('{"type":'));
    timeline.record(frame('in', { type: 'push', text: 'tick' }));
    const answer = timeline.record(frame('in', { type: 'error', code: 'bad-json' }));
    const later = timeline.record(frame('in', { type: 'error', code: 'bad-json' }));
    expect(sent).toMatchObject({ raw: true, answerTo: null });
    expect(answer).toMatchObject({ type: 'error', answerTo: sent?.seq });
    expect(later).toMatchObject({ answerTo: null });
  });

  it('links a close to the raw frame it answered, and sizes a binary frame by its bytes', () => {
    const timeline = new Timeline();
    const sent = timeline.record({
      kind: 'binary',
      at: 1,
      direction: 'out',
      size: 3,
      head: new Uint8Array([0xc3, 0x28, 0xff]),
      raw: true,
    });
    expect(sent).toMatchObject({ bytes: 3, raw: true, type: 'binary' });
    const close = timeline.record({
      kind: 'close',
      at: 2,
      close: { code: 1003, reason: 'Binary frames are not supported', wasClean: true },
      meaning: 'Unsupported Data',
    });
    expect(close).toMatchObject({ type: 'close', answerTo: sent?.seq });
    expect(timeline.stats.bytesOut).toBe(3);
  });
});
