import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TurnBatcher, type BatchedConnection } from './turn-batcher';

/** A client whose socket records what happens to it, in order, in one shared journal. */
function fakeClient(name: string, journal: string[], bufferedAmount = 0) {
  const client = {
    corked: false,
    messagesOut: 0,
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

function batcher(journal: string[], overrides: { saveTurn?: () => void } = {}) {
  const slow: string[] = [];
  const saveErrors: unknown[] = [];
  const batcher = new TurnBatcher<Fake>({
    maxBufferedBytes: 1000,
    saveTurn: overrides.saveTurn ?? (() => journal.push('save')),
    onSaveError: (err) => saveErrors.push(err),
    onCork: () => undefined,
    onSlow: (client, bytes) => slow.push(`${client.sent.length} ${bytes}`),
  });
  return { batcher, slow, saveErrors };
}

const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('corks each recipient once per turn, saves the turn, then lets every socket go', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    const [alice, bob] = [fakeClient('alice', journal), fakeClient('bob', journal)];
    b.send(alice, Buffer.from('1'));
    b.send(bob, Buffer.from('1'));
    b.send(alice, Buffer.from('2'));
    expect(journal).toEqual(['cork alice', 'cork bob']);
    expect(alice.corked).toBe(true);
    await endOfTurn();
    expect(journal).toEqual(['cork alice', 'cork bob', 'save', 'uncork alice', 'uncork bob']);
    expect(alice.sent).toEqual(['1', '2']);
    expect(alice.messagesOut).toBe(2);
    expect(alice.corked).toBe(false);
  });

  it('sends nothing to a socket that is no longer open', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    const gone = fakeClient('gone', journal);
    gone.ws.readyState = WebSocket.CLOSING;
    b.send(gone, Buffer.from('x'));
    await endOfTurn();
    expect(gone.sent).toEqual([]);
    expect(gone.messagesOut).toBe(0);
    expect(journal).toEqual([]);
  });

  it('saves a turn in which nothing was sent when asked to', async () => {
    const journal: string[] = [];
    const { batcher: b } = batcher(journal);
    b.queueTurnEnd();
    b.queueTurnEnd();
    await endOfTurn();
    expect(journal).toEqual(['save']);
  });

  it('still lets the sockets go when the turn cannot be saved', async () => {
    const journal: string[] = [];
    const failure = new Error('disk full');
    const { batcher: b, saveErrors } = batcher(journal, {
      saveTurn: () => {
        throw failure;
      },
    });
    const alice = fakeClient('alice', journal);
    b.send(alice, Buffer.from('1'));
    await endOfTurn();
    expect(saveErrors).toEqual([failure]);
    expect(journal).toEqual(['cork alice', 'uncork alice']);
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
