import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TurnBatcher, type BatchedConnection, type TurnSave } from './turn-batcher';

/** A client whose socket records what happens to it, in order, in one shared journal. */
function fakeClient(name: string, journal: string[], bufferedAmount = 0) {
  const client = {
    corked: false,
    messagesOut: 0,
    textBytesOut: 0,
    sent: [] as string[],
    terminated: false,
    socket: {
      cork: () => journal.push(`cork ${name}`),
      uncork: () => journal.push(`uncork ${name}`),
    },
    ws: {
      readyState: WebSocket.OPEN as WebSocket['readyState'],
      bufferedAmount,
      send(data: Buffer) {
        client.sent.push(data.toString());
      },
      terminate() {
        client.terminated = true;
      },
    },
  };
  return client satisfies BatchedConnection;
}

type Fake = ReturnType<typeof fakeClient>;

function batcher(journal: string[], overrides: { saveTurn?: () => TurnSave } = {}) {
  const slow: string[] = [];
  const batcher = new TurnBatcher<Fake>({
    maxBufferedBytes: 1000,
    isSaved: (seq) => seq <= SAVED,
    saveTurn:
      overrides.saveTurn ??
      (() => {
        journal.push('save');
        return { kind: 'saved' };
      }),
    onCork: () => undefined,
    onSlow: (client, bytes) => slow.push(`${client.sent.length} ${bytes}`),
  });
  return { batcher, slow };
}

/** Messages up to this seq are on disk in these tests; later ones wait for the save. */
const SAVED = 3;

const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('corks each recipient once per turn, saves the turn, then lets every socket go', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    const [alice, bob] = [fakeClient('alice', journal), fakeClient('bob', journal)];
    b.send(alice, Buffer.from('1'));
    b.send(bob, Buffer.from('1'), 1); // an old message (a replay): on disk already
    b.send(alice, Buffer.from('2'));
    expect(journal).toEqual(['cork alice', 'cork bob']);
    expect(alice.corked).toBe(true);
    await endOfTurn();
    expect(journal).toEqual(['cork alice', 'cork bob', 'save', 'uncork alice', 'uncork bob']);
    expect(alice.sent).toEqual(['1', '2']);
    expect(alice.messagesOut).toBe(2);
    expect(alice.corked).toBe(false);
  });

  it('holds a frame of a message not saved yet until the turn is saved', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    const alice = fakeClient('alice', journal);
    b.send(alice, Buffer.from('chat 4'), 4);
    b.send(alice, Buffer.from('presence'));
    expect(alice.sent).toEqual(['presence']);
    await endOfTurn();
    expect(alice.sent).toEqual(['presence', 'chat 4']);
    expect(journal).toEqual(['cork alice', 'save', 'uncork alice']);
  });

  it('sends nothing to a socket that is no longer open', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    const gone = fakeClient('gone', journal);
    const closing = fakeClient('closing', journal);
    gone.ws.readyState = WebSocket.CLOSING;
    b.send(gone, Buffer.from('x'));
    b.send(closing, Buffer.from('y'), 4);
    closing.ws.readyState = WebSocket.CLOSED; // closed before the save
    await endOfTurn();
    expect(gone.sent).toEqual([]);
    expect(closing.sent).toEqual([]);
    expect(gone.messagesOut + closing.messagesOut).toBe(0);
    expect(journal).toEqual(['save']);
  });

  it('saves a turn in which nothing was sent when asked to', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    b.queueTurnEnd();
    b.queueTurnEnd();
    await endOfTurn();
    expect(journal).toEqual(['save']);
  });

  it('drops the frames of every message from the first unsaved seq on, and only those', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal, {
      saveTurn: () => ({ kind: 'not-saved', firstSeq: 5 }),
    });
    const alice = fakeClient('alice', journal);
    b.send(alice, Buffer.from('chat 4'), 4);
    b.send(alice, Buffer.from('chat 5'), 5);
    b.send(alice, Buffer.from('ack 6'), 6);
    await endOfTurn();
    expect(alice.sent).toEqual(['chat 4']);
    expect(alice.messagesOut).toBe(1);
  });

  it("sends what saveTurn sends (the sender's error) in the same turn", async () => {
    const journal: string[] = [];
    const alice = fakeClient('alice', journal);
    let saves = 0;
    const { batcher: b } = batcher(journal, {
      saveTurn: () => {
        saves += 1;
        b.send(alice, Buffer.from('error'));
        return { kind: 'not-saved', firstSeq: 4 };
      },
    });
    b.send(alice, Buffer.from('chat 4'), 4);
    await endOfTurn();
    expect(alice.sent).toEqual(['error']);
    expect(journal).toEqual(['cork alice', 'uncork alice']);
    expect(saves).toBe(1);
  });

  it('terminates a recipient with too much unsent data, and only that one', async () => {
    const journal: string[] = [];
    const { batcher: b, slow } = batcher(journal);
    const reader = fakeClient('reader', journal, 1000); // exactly the limit: still allowed
    const stuck = fakeClient('stuck', journal, 1001);
    b.send(reader, Buffer.from('1'));
    b.send(stuck, Buffer.from('1'));
    await endOfTurn();
    expect(stuck.terminated).toBe(true);
    expect(reader.terminated).toBe(false);
    expect(slow).toEqual(['1 1001']);
  });
});
