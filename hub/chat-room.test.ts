import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { ChatClientMessage, Peer, ServerMessage } from '../protocol/messages';
import { ChatRoom, type RoomMember } from './chat-room';
import { History } from './history';
import { peerIdFor } from './peer-id';

interface FakeMember extends RoomMember {
  received: ServerMessage[];
  closedWith: number | null;
}

let numbers = 0;
function member(): FakeMember {
  const m: FakeMember = {
    number: ++numbers,
    peer: null as Peer | null,
    received: [],
    closedWith: null,
    ws: { close: (code: number) => void (m.closedWith = code) },
  };
  return m;
}

function room(capacity?: number) {
  const history = new History(capacity);
  const chat = new ChatRoom<FakeMember>({
    history,
    send: (client, data) => client.received.push(JSON.parse(data.toString()) as ServerMessage),
    queueTurnEnd: () => undefined,
    emit: () => undefined,
    pushIntervalMs: 3000,
    startedAt: Date.now(),
    resolveAttachments: () => ({ ok: false, error: 'no files in this room' }),
  });
  return { chat, history };
}

/** Each test name stands for one window's secret; `idOf` is its public id. */
const secretOf = (window: string) => `${window}-secret-`.padEnd(40, 'x');
const idOf = (window: string) => peerIdFor(secretOf(window));
const hello = (window: string, name = window): ChatClientMessage => ({
  type: 'hello',
  secret: secretOf(window),
  name,
  resume: null,
});
const types = (m: FakeMember) => m.received.map((r) => r.type);

describe('ChatRoom', () => {
  it('sequences a chat once and acknowledges a resent id without showing it again', () => {
    const { chat, history } = room();
    const [alice, bob] = [member(), member()];
    chat.handle(alice, hello('alice'));
    chat.handle(bob, hello('bob'));
    alice.received.length = bob.received.length = 0;
    chat.handle(alice, { type: 'chat', id: 'm1', text: 'hi' });
    chat.handle(alice, { type: 'chat', id: 'm1', text: 'hi' });
    expect(history.size).toBe(1);
    expect(types(bob)).toEqual(['chat']);
    expect(alice.received).toEqual([
      expect.objectContaining({ type: 'chat', id: 'm1', seq: 1 }),
      { type: 'ack', id: 'm1', seq: 1 },
    ]);
  });

  it('takes the same id from another sender as a new message, shown to everyone', () => {
    const { chat, history } = room();
    const [alice, bob] = [member(), member()];
    chat.handle(alice, hello('alice'));
    chat.handle(bob, hello('bob'));
    alice.received.length = bob.received.length = 0;
    chat.handle(alice, { type: 'chat', id: 'm1', text: 'from alice' });
    chat.handle(bob, { type: 'chat', id: 'm1', text: 'from bob' });
    expect(history.size).toBe(2);
    const texts = (m: FakeMember) =>
      m.received.flatMap((r) => (r.type === 'chat' ? [`${r.seq} ${r.from.name}: ${r.text}`] : []));
    expect(texts(alice)).toEqual(['1 alice: from alice', '2 bob: from bob']);
    expect(texts(bob)).toEqual(texts(alice));
    expect(types(bob)).not.toContain('ack');
    // Each sender's own resend is still only acknowledged.
    chat.handle(bob, { type: 'chat', id: 'm1', text: 'from bob' });
    expect(bob.received.at(-1)).toEqual({ type: 'ack', id: 'm1', seq: 2 });
    expect(history.size).toBe(2);
  });

  it('tells a window from which seq on it remembers ids, and acknowledges resends from there', () => {
    const { chat, history } = room(3);
    const [alice, bob] = [member(), member()];
    chat.handle(bob, hello('bob'));
    chat.handle(alice, hello('alice'));
    const oldestIn = (m: FakeMember) =>
      m.received.flatMap((r) => (r.type === 'welcome' ? [r.oldestSeq] : []));
    expect(oldestIn(alice)).toEqual([1]); // nothing sequenced yet: every id is remembered
    for (let i = 1; i <= 5; i++) chat.handle(alice, { type: 'chat', id: `m${i}`, text: `${i}` });
    chat.leave(alice);

    const back = member();
    chat.handle(back, hello('alice'));
    expect(oldestIn(back)).toEqual([3]); // seqs 3, 4 and 5 are remembered
    bob.received.length = 0;
    chat.handle(back, { type: 'chat', id: 'm3', text: '3' });
    expect(back.received.at(-1)).toEqual({ type: 'ack', id: 'm3', seq: 3 });
    expect(bob.received).toEqual([]);
    // Before oldestSeq the hub has forgotten the id: this is why the window must not resend.
    chat.handle(back, { type: 'chat', id: 'm2', text: '2' });
    expect(bob.received).toEqual([expect.objectContaining({ type: 'chat', id: 'm2', seq: 6 })]);
    expect(history.oldestRememberedSeq).toBe(4);
  });

  it('replaces an older connection of the same window without announcing that it left', () => {
    const { chat } = room();
    const [old, fresh, bob] = [member(), member(), member()];
    chat.handle(bob, hello('bob'));
    chat.handle(old, hello('alice'));
    chat.handle(fresh, hello('alice'));
    expect(old.closedWith).toBe(CLOSE_CODES.replaced.code);
    expect(old.peer).toBeNull();
    bob.received.length = 0;
    chat.leave(old); // its close arrives later
    expect(bob.received).toEqual([]);
    chat.leave(fresh);
    expect(bob.received).toEqual([
      {
        type: 'presence',
        change: { kind: 'left', peer: { id: idOf('alice'), name: 'alice', colour: 5 } },
      },
    ]);
  });

  it('welcomes a window with everyone online and tells the others it joined', () => {
    const { chat } = room();
    const [alice, bob] = [member(), member()];
    chat.handle(alice, hello('alice'));
    chat.handle(bob, hello('bob', '  Bob  '));
    const welcome = bob.received[0];
    expect(welcome).toMatchObject({ type: 'welcome', you: { id: idOf('bob'), name: 'Bob' } });
    expect(welcome?.type === 'welcome' && welcome.peers.map((p) => p.id)).toEqual([
      idOf('alice'),
      idOf('bob'),
    ]);
    expect(alice.received.at(-1)).toEqual({
      type: 'presence',
      change: { kind: 'joined', peer: { id: idOf('bob'), name: 'Bob', colour: 5 } },
    });
  });

  it('refuses everything but hello before hello, and a second hello', () => {
    const { chat } = room();
    const alice = member();
    chat.handle(alice, { type: 'chat', id: 'm1', text: 'hi' });
    chat.handle(alice, hello('alice'));
    chat.handle(alice, hello('alice'));
    expect(alice.received).toEqual([
      { type: 'error', code: 'not-ready', message: 'send hello before chat' },
      expect.objectContaining({ type: 'welcome' }),
      { type: 'error', code: 'bad-message', message: 'hello was already received' },
    ]);
  });
  it('ignores the close of a connection that never said hello', () => {
    const { chat } = room();
    const [alice, stranger] = [member(), member()];
    chat.handle(alice, hello('alice'));
    alice.received.length = 0;
    expect(() => chat.leave(stranger)).not.toThrow();
    expect(alice.received).toEqual([]);
  });

  it("does not count a window's own name as taken when it renames or reconnects", () => {
    const { chat } = room();
    const first = member();
    chat.handle(first, hello('ada', 'Ada'));
    chat.handle(first, { type: 'rename', name: 'Ada' });
    expect(first.peer?.name).toBe('Ada');
    const again = member();
    chat.handle(again, hello('ada', 'Ada'));
    expect(again.peer?.name).toBe('Ada');
  });

  it('remembers the colours of the last 1000 windows, forgetting the oldest first', () => {
    /** B then A join and leave, then `others` windows; the colour A gets when it is back. */
    const colourOfABackAfter = (others: number) => {
      const { chat } = room();
      const [b, a] = [member(), member()];
      chat.handle(b, hello('b'));
      chat.handle(a, hello('a'));
      const aColour = a.peer?.colour;
      chat.leave(a);
      chat.leave(b);
      for (let i = 0; i < others; i++) {
        const other = member();
        chat.handle(other, hello(`other${i}`));
        chat.leave(other);
      }
      const back = member();
      chat.handle(back, hello('a'));
      return { aColour, back: back.peer?.colour, firstFree: b.peer?.colour };
    };
    const kept = colourOfABackAfter(999); // A is one of the last 1000 (B is not)
    expect(kept.back).toBe(kept.aColour);
    expect(kept.aColour).not.toBe(kept.firstFree);
    const forgotten = colourOfABackAfter(1000);
    expect(forgotten.back).toBe(forgotten.firstFree);
  });
});
