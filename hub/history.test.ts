import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../protocol/messages';
import { History, type HistoryStore } from './history';

const peer = { id: 'w1', name: 'Ada' };

/** A history holding `count` messages, texts "m1".."mN", seqs 1..N. */
function filled(count: number, capacity = 2000): History {
  const history = new History(capacity);
  for (let i = 1; i <= count; i++) history.append(`m${i}`, peer, `m${i}`, 1000 + i);
  return history;
}

const texts = (messages: readonly ChatMessage[]) => messages.map((m) => m.text);

/** A message as a restored file would hold it. */
const stored = (seq: number): ChatMessage => ({
  type: 'chat',
  seq,
  id: `m${seq}`,
  from: peer,
  text: `m${seq}`,
  at: 1000 + seq,
});

/** A store that records what each write was given. */
function recordingStore() {
  const writes: { lines: string[]; recent: string[] }[] = [];
  const store: HistoryStore = {
    write(lines, recent) {
      writes.push({ lines: lines.map((l) => l.toString('utf8')), recent: texts(recent) });
    },
  };
  return { store, writes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('History: sequence numbers and ids', () => {
  it('numbers messages 1, 2, 3 … and remembers which seq each client id got', () => {
    const history = new History();
    expect(history.latestSeq).toBe(0);
    expect(history.append('a', peer, 'one', 5).seq).toBe(1);
    expect(history.append('b', peer, 'two', 6)).toEqual({
      type: 'chat',
      seq: 2,
      id: 'b',
      from: peer,
      text: 'two',
      at: 6,
    });
    expect(history.latestSeq).toBe(2);
    expect(history.size).toBe(2);
    expect(history.seqOf(peer.id, 'a')).toBe(1);
    expect(history.seqOf(peer.id, 'b')).toBe(2);
    expect(history.seqOf(peer.id, 'never-sent')).toBeUndefined();
  });

  it('stamps a message with the current time when the caller gives none (as the hub does)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    const history = new History();
    expect(history.append('a', peer, 'one').at).toBe(1_700_000_000_000);
    expect(history.appendEncoded('b', peer, 'two').message.at).toBe(1_700_000_000_000);
  });

  it('encodes the message once, as exactly the JSON the relay sends', () => {
    const { message, encoded } = new History().appendEncoded('a', peer, 'hi', 7);
    expect(JSON.parse(encoded.toString('utf8'))).toEqual(message);
  });

  it('keeps at most `capacity` messages and forgets the ids of those it dropped', () => {
    const history = filled(5, 3);
    expect(history.size).toBe(3);
    expect(history.latestSeq).toBe(5);
    // A resend of a dropped id can no longer be recognised; a kept one still is.
    expect(history.seqOf(peer.id, 'm2')).toBeUndefined();
    expect(history.seqOf(peer.id, 'm3')).toBe(3);
    // Exactly at capacity nothing is dropped yet.
    expect(filled(3, 3).size).toBe(3);
    expect(filled(3, 3).seqOf(peer.id, 'm1')).toBe(1);
  });

  it('restores a saved history: same id, newest `capacity` messages, sequence continues', () => {
    const restored = new History(3, { id: 'saved', messages: [1, 2, 3, 4, 5].map(stored) });
    expect(restored.id).toBe('saved');
    expect(restored.size).toBe(3);
    expect(restored.latestSeq).toBe(5);
    expect(restored.seqOf(peer.id, 'm3')).toBe(3);
    expect(restored.seqOf(peer.id, 'm2')).toBeUndefined();
    expect(restored.append('next', peer, 'six', 1).seq).toBe(6);
  });

  it('gives each new history its own id', () => {
    const a = new History();
    const b = new History();
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
  });
});

describe('History.replayAfter: resume or reset', () => {
  it('resumes with exactly the messages after the last one the window saw', () => {
    const history = filled(5);
    const replay = history.replayAfter({ historyId: history.id, lastSeq: 2 });
    expect(replay.kind).toBe('resume');
    expect(texts(replay.messages)).toEqual(['m3', 'm4', 'm5']);
  });

  it('resumes with nothing to send when the window is already current', () => {
    const history = filled(5);
    expect(history.replayAfter({ historyId: history.id, lastSeq: 5 })).toEqual({
      kind: 'resume',
      messages: [],
    });
  });

  it('resumes a window of a history that has no messages yet', () => {
    const history = new History();
    expect(history.replayAfter({ historyId: history.id, lastSeq: 0 })).toEqual({
      kind: 'resume',
      messages: [],
    });
  });

  it('resets a window that last saw the same seq of another launch’s history', () => {
    // Only the id differs: seq 3 exists here too, so nothing but the id check can refuse it.
    const history = filled(5);
    const replay = history.replayAfter({ historyId: 'another-launch', lastSeq: 3 });
    expect(replay).toEqual({
      kind: 'reset',
      messages: history.replayAfter(null).messages,
      skipped: 0,
    });
    expect(texts(replay.messages)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('resets a window claiming a seq this history has not reached', () => {
    const history = filled(5);
    expect(history.replayAfter({ historyId: history.id, lastSeq: 6 }).kind).toBe('reset');
  });

  it('resumes from just before the oldest kept message, resets from any earlier point', () => {
    const history = filled(10, 4); // keeps m7..m10
    const fromSix = history.replayAfter({ historyId: history.id, lastSeq: 6 });
    expect(fromSix.kind).toBe('resume');
    expect(texts(fromSix.messages)).toEqual(['m7', 'm8', 'm9', 'm10']);
    // Seq 6 → 7 is whole, but 5 → 7 would silently lose m6: the window must reset.
    const fromFive = history.replayAfter({ historyId: history.id, lastSeq: 5 });
    expect(fromFive).toEqual({ kind: 'reset', messages: fromSix.messages, skipped: 6 });
  });

  it('resumes a restored history whose file was compacted (oldest kept seq > 1)', () => {
    const history = new History(100, { id: 'saved', messages: [5, 6, 7].map(stored) });
    expect(texts(history.replayAfter({ historyId: 'saved', lastSeq: 4 }).messages)).toEqual([
      'm5',
      'm6',
      'm7',
    ]);
    expect(texts(history.replayAfter({ historyId: 'saved', lastSeq: 6 }).messages)).toEqual(['m7']);
    expect(history.replayAfter({ historyId: 'saved', lastSeq: 3 })).toMatchObject({
      kind: 'reset',
      skipped: 4,
    });
  });

  it('on a reset sends only the newest `recent` messages and counts the older ones skipped', () => {
    const history = filled(10);
    expect(history.replayAfter(null, 3)).toEqual({
      kind: 'reset',
      messages: history.replayAfter({ historyId: history.id, lastSeq: 7 }).messages,
      skipped: 7,
    });
    expect(texts(history.replayAfter(null, 3).messages)).toEqual(['m8', 'm9', 'm10']);
    // By default the newest 200 are sent.
    const big = filled(250);
    const replay = big.replayAfter(null);
    expect(replay).toMatchObject({ kind: 'reset', skipped: 50 });
    expect(replay.messages[0]?.seq).toBe(51);
  });

  it('counts messages no longer in memory as skipped too', () => {
    const history = filled(10, 4);
    expect(history.replayAfter(null, 2)).toMatchObject({ kind: 'reset', skipped: 8 });
  });

  it('with nothing kept in memory, only a window that is already current can resume', () => {
    // capacity 0: every message is dropped as it is appended, so nothing can be replayed.
    const history = filled(3, 0);
    expect(history.size).toBe(0);
    expect(history.replayAfter({ historyId: history.id, lastSeq: 3 })).toEqual({
      kind: 'resume',
      messages: [],
    });
    expect(history.replayAfter({ historyId: history.id, lastSeq: 2 })).toEqual({
      kind: 'reset',
      messages: [],
      skipped: 3,
    });
  });
});

describe('History.flush: handing messages to the store', () => {
  it('writes each burst once, as the encoded lines, with every message in memory', () => {
    const { store, writes } = recordingStore();
    const history = new History(100, null, store);
    const first = history.appendEncoded('a', peer, 'one', 1);
    history.appendEncoded('b', peer, 'two', 2);
    expect(writes).toEqual([]); // nothing is written before the flush
    history.flush();
    history.append('c', peer, 'three', 3);
    history.flush();
    expect(writes).toEqual([
      { lines: [first.encoded.toString('utf8'), expect.any(String)], recent: ['one', 'two'] },
      { lines: [expect.stringContaining('"three"')], recent: ['one', 'two', 'three'] },
    ]);
  });

  it('does not call the store when nothing new was appended', () => {
    const { store, writes } = recordingStore();
    const history = new History(100, null, store);
    history.flush();
    history.append('a', peer, 'one', 1);
    history.flush();
    history.flush();
    expect(writes).toHaveLength(1);
  });

  it('takes a burst it could not save back out: its seqs are given out again, its ids forgotten', () => {
    const writes: { lines: number; recent: string[] }[] = [];
    let full = false;
    const history = new History(100, null, {
      write(lines, recent) {
        writes.push({ lines: lines.length, recent: texts(recent) });
        if (full) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      },
    });
    history.append('a', peer, 'one', 1);
    expect(history.flush()).toEqual({ kind: 'saved', count: 1 });
    full = true;
    history.append('b', peer, 'two', 2);
    history.append('c', { id: 'w2', name: 'Bo' }, 'three', 3);
    const result = history.flush();
    expect(result).toMatchObject({ kind: 'not-saved', firstSeq: 2, error: { code: 'ENOSPC' } });
    expect(result.kind === 'not-saved' && texts(result.taken)).toEqual(['two', 'three']);
    expect(history.latestSeq).toBe(1);
    expect(history.seqOf(peer.id, 'b')).toBeUndefined(); // a resend is a new message
    expect(history.replayAfter(null).messages.map((m) => m.text)).toEqual(['one']);
    full = false;
    expect(history.append('b', peer, 'two', 4).seq).toBe(2); // no gap for anyone
    expect(history.flush()).toEqual({ kind: 'saved', count: 1 });
    expect(writes.at(-1)).toEqual({ lines: 1, recent: ['one', 'two'] });
    expect(history.flush()).toEqual({ kind: 'nothing' });
  });
});
