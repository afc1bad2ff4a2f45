import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages';
import { History } from './history';
import { HistoryIndex } from './history-index';

const chat = (seq: number, text: string, name = 'Ada', extra: object = {}): ChatMessage => ({
  type: 'chat',
  seq,
  id: `m${seq}`,
  from: { id: `p-${name}`, name },
  text,
  at: seq,
  ...extra,
});
const numbered = (count: number) =>
  Array.from({ length: count }, (_, i) => chat(i + 1, `message ${i + 1}`));
const seqs = (messages: readonly ChatMessage[]) => messages.map((m) => m.seq);

describe('history index: pages', () => {
  it('pages back from the newest to the very first message, oldest first within a page', () => {
    const index = new HistoryIndex(1000, numbered(250));
    const newest = index.before(251, 100);
    expect(seqs(newest.messages)).toEqual(Array.from({ length: 100 }, (_, i) => 151 + i));
    expect(newest.atStart).toBe(false);
    const middle = index.before(151, 100);
    expect(middle.messages[0]?.seq).toBe(51);
    const first = index.before(51, 100);
    expect(seqs(first.messages)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(first.atStart).toBe(true);
    expect(index.before(1, 100)).toEqual({ messages: [], atStart: true, atEnd: false });
  });

  it('pages across gaps in the seqs (a history read back from a damaged file)', () => {
    const index = new HistoryIndex(100, [chat(1, 'a'), chat(2, 'b'), chat(7, 'c'), chat(9, 'd')]);
    expect(seqs(index.before(8, 2).messages)).toEqual([2, 7]);
    expect(seqs(index.before(1_000_000, 10).messages)).toEqual([1, 2, 7, 9]);
  });

  it('keeps only the newest `bound` messages: older ones are neither paged to nor found', () => {
    const index = new HistoryIndex(5000);
    for (const message of numbered(12_000)) index.add(message);
    expect(index.size).toBe(5000);
    const first = index.before(7002, 10);
    expect(seqs(first.messages)).toEqual([7001]);
    expect(first.atStart).toBe(true);
    expect(index.search('message 7000', null, 10).hits).toEqual([]);
    expect(seqs(index.search('message 7001', null, 10).hits)).toEqual([7001]);
    expect(index.all()).toHaveLength(5000);
  });

  it('forgets messages taken back from a seq on, so the seqs given out again are not doubled', () => {
    const index = new HistoryIndex(100, numbered(10));
    index.dropFrom(8);
    index.add(chat(8, 'again'));
    expect(seqs(index.all())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(index.search('message 9', null, 5).hits).toEqual([]);
  });
});

describe('history index: around a message, and after it', () => {
  it('gives the page around a message, as many before as after where there are', () => {
    const index = new HistoryIndex(1000, numbered(250));
    expect(seqs(index.around(100, 5)?.messages ?? [])).toEqual([98, 99, 100, 101, 102]);
    expect(seqs(index.around(100, 4)?.messages ?? [])).toEqual([99, 100, 101, 102]);
    // Near either end the page fills from the other side.
    expect(index.around(2, 5)).toMatchObject({ atStart: true, atEnd: false });
    expect(seqs(index.around(2, 5)?.messages ?? [])).toEqual([1, 2, 3, 4, 5]);
    expect(index.around(249, 5)).toMatchObject({ atStart: false, atEnd: true });
    expect(seqs(index.around(249, 5)?.messages ?? [])).toEqual([246, 247, 248, 249, 250]);
    expect(index.around(7, 1000)).toMatchObject({ atStart: true, atEnd: true });
  });

  it('has no page around a message it does not hold: a gap, beyond the newest, or dropped', () => {
    const gaps = new HistoryIndex(100, [chat(1, 'a'), chat(2, 'b'), chat(7, 'c')]);
    expect(gaps.around(5, 10)).toBeNull();
    expect(gaps.around(8, 10)).toBeNull();
    expect(gaps.range).toEqual({ first: 1, last: 7 });
    const bounded = new HistoryIndex(10, numbered(30));
    expect(bounded.around(20, 4)).toBeNull();
    expect(seqs(bounded.around(21, 4)?.messages ?? [])).toEqual([21, 22, 23, 24]);
    expect(new HistoryIndex(10).range).toBeNull();
  });

  it('pages forward after a seq up to the newest', () => {
    const index = new HistoryIndex(1000, numbered(250));
    const next = index.after(100, 100);
    expect(seqs(next.messages)).toEqual(Array.from({ length: 100 }, (_, i) => 101 + i));
    expect(next).toMatchObject({ atStart: false, atEnd: false });
    expect(index.after(200, 100)).toMatchObject({ atEnd: true });
    expect(index.after(200, 100).messages).toHaveLength(50);
    expect(index.after(250, 100)).toEqual({ messages: [], atStart: false, atEnd: true });
    expect(index.after(0, 2)).toMatchObject({ atStart: true, messages: [{ seq: 1 }, { seq: 2 }] });
  });
});

describe('history index: search', () => {
  const index = new HistoryIndex(100, [
    chat(1, 'The Quick brown fox'),
    chat(2, '오늘 회의는 취소되었습니다', 'Bob'),
    chat(3, 'nothing to see', '김철수'),
    chat(4, 'see the file', 'Ada', {
      attachments: [
        { sha256: 'a'.repeat(64), name: 'Quarterly-Report.PDF', size: 1, kind: 'file' },
      ],
    }),
    chat(5, 'QUICK thinking'),
    chat(6, 'Ｗｉｄｅ letters'),
  ]);

  it('finds text case-insensitively, newest first', () => {
    expect(seqs(index.search('quick', null, 10).hits)).toEqual([5, 1]);
    expect(seqs(index.search('QuIcK BROWN', null, 10).hits)).toEqual([1]);
  });

  it('finds Korean text, also when the query is typed as decomposed jamo', () => {
    expect(seqs(index.search('회의', null, 10).hits)).toEqual([2]);
    expect(seqs(index.search('회의'.normalize('NFD'), null, 10).hits)).toEqual([2]);
  });

  it('finds author names and attachment file names, not only text', () => {
    expect(seqs(index.search('김철수', null, 10).hits)).toEqual([3]);
    expect(seqs(index.search('bob', null, 10).hits)).toEqual([2]);
    expect(seqs(index.search('quarterly-report.pdf', null, 10).hits)).toEqual([4]);
  });

  it('matches full-width letters with plain ones', () => {
    expect(seqs(index.search('wide', null, 10).hits)).toEqual([6]);
  });

  it('never matches across the end of one field into the next', () => {
    // Text "nothing to see" then author "김철수": no match spans the two.
    expect(index.search('see김', null, 10).hits).toEqual([]);
  });

  it('pages results: `next` continues before the last hit, null when nothing older matches', () => {
    const many = new HistoryIndex(1000, numbered(30));
    const first = many.search('message 1', null, 5); // 1, 10-19
    expect(seqs(first.hits)).toEqual([19, 18, 17, 16, 15]);
    expect(first.next).toBe(15);
    const second = many.search('message 1', first.next, 5);
    expect(seqs(second.hits)).toEqual([14, 13, 12, 11, 10]);
    expect(second.next).toBe(10);
    const last = many.search('message 1', second.next, 5);
    expect(seqs(last.hits)).toEqual([1]);
    expect(last.next).toBeNull();
    // Exactly `limit` hits and nothing older: no next page that would come back empty.
    expect(many.search('message 30', null, 1).next).toBeNull();
  });
});

describe('history index: in step with what was saved', () => {
  it('never pages to or finds a message whose save failed (it was taken back)', () => {
    let failing = true;
    const history = new History(10, null, {
      write() {
        if (failing) throw new Error('ENOSPC: no space left on device');
      },
    });
    history.append('a', { id: 'p', name: 'Ada' }, 'lost to a full disk');
    expect(history.flush().kind).toBe('not-saved');
    expect(history.index.search('full disk', null, 5).hits).toEqual([]);
    failing = false;
    const again = history.append('b', { id: 'p', name: 'Ada' }, 'saved this time');
    expect(history.flush().kind).toBe('saved');
    expect(again.seq).toBe(1);
    expect(history.index.all().map((m) => m.text)).toEqual(['saved this time']);
  });
});
