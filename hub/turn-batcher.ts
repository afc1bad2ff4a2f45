// What the hub sends in one turn of the event loop is held in each recipient's corked socket
// until the turn ends; then the turn's chat messages are saved, and only what was saved is
// added before the sockets let go. A frame that carries a chat message not yet saved waits
// for the save; every other frame goes into the socket at once (before a close in the same
// turn, say).

import { WebSocket } from 'ws';

/** The part of a connection the batcher touches (a hub Client, or a fake in tests). */
export interface BatchedConnection {
  readonly ws: Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'terminate'>;
  readonly socket: { cork(): void; uncork(): void };
  corked: boolean;
  messagesOut: number;
  /** Payload bytes of the text frames sent. */
  textBytesOut: number;
}

/** What saving the turn came to: the frames of chat messages from `firstSeq` on never leave. */
export type TurnSave = { kind: 'saved' } | { kind: 'not-saved'; firstSeq: number };

export interface TurnBatcherOptions<C extends BatchedConnection> {
  /** Close a connection whose unsent data grows past this many bytes (it is not reading). */
  maxBufferedBytes: number;
  /** Chat message `seq` is on disk: a frame carrying it need not wait for the save. */
  isSaved(seq: number): boolean;
  /**
   * Runs once at the end of every turn, before any socket is let go (the history's write).
   * It may send() more frames (the senders' errors): they go out with this turn's.
   */
  saveTurn(): TurnSave;
  /** `connection` was corked: once per connection and turn, however many frames it is sent. */
  onCork(connection: C): void;
  /** `connection` was terminated for having more than maxBufferedBytes unsent. */
  onSlow(connection: C, bufferedAmount: number): void;
}

interface Frame<C> {
  connection: C;
  data: Buffer;
  /** The chat message this frame shows or acknowledges: sent only once it is saved. */
  seq: number;
}

const TEXT_FRAME = { binary: false } as const;

// ws writes every frame with its own system call. Holding each recipient's socket corked
// until the end of the turn turns a burst read from one sender (many frames in one chunk)
// into one write per recipient, and lets the history file take the burst in one write too,
// before any of it leaves the process.
export class TurnBatcher<C extends BatchedConnection> {
  /** Clients corked in this turn of the event loop, in the order they were first sent to. */
  private corked: C[] = [];
  /** This turn's frames that wait for the save, in the order they were sent. */
  private held: Frame<C>[] = [];
  private turnEndQueued = false;

  constructor(private readonly options: TurnBatcherOptions<C>) {}

  /**
   * Sends one text frame to `connection` by the end of this turn, if it is still open. `seq`:
   * the frame carries chat message `seq` (a relay, a replay, an ack); until that message is
   * saved the frame waits, and it is dropped if the save fails.
   */
  send(connection: C, data: Buffer, seq?: number): void {
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    if (seq !== undefined && !this.options.isSaved(seq)) {
      this.held.push({ connection, data, seq });
      this.queueTurnEnd();
      return;
    }
    this.write(connection, data);
  }

  /** Makes sure this turn ends with saveTurn(), even if nothing is sent in it. */
  queueTurnEnd(): void {
    if (this.turnEndQueued) return;
    this.turnEndQueued = true;
    process.nextTick(this.endTurn);
  }

  private write(connection: C, data: Buffer): void {
    if (!connection.corked) {
      connection.corked = true;
      connection.socket.cork();
      this.corked.push(connection);
      this.queueTurnEnd();
      this.options.onCork(connection);
    }
    connection.ws.send(data, TEXT_FRAME);
    connection.messagesOut += 1;
    connection.textBytesOut += data.length;
  }

  private readonly endTurn = (): void => {
    const save = this.options.saveTurn();
    const unsavedFrom = save.kind === 'saved' ? Infinity : save.firstSeq;
    // What saveTurn sent is in this turn: no second turn end for it.
    this.turnEndQueued = false;
    const held = this.held;
    this.held = [];
    try {
      for (const { connection, data, seq } of held) {
        if (seq < unsavedFrom && connection.ws.readyState === WebSocket.OPEN)
          this.write(connection, data);
      }
    } finally {
      this.letGo();
    }
  };

  private letGo(): void {
    const batch = this.corked;
    this.corked = [];
    // Every socket is let go before anything else can throw, so none stays corked for good.
    for (const connection of batch) {
      connection.corked = false;
      connection.socket.uncork();
    }
    // What the kernel did not take stays in the hub's memory: a connection that does not read
    // must not make it grow.
    for (const connection of batch) {
      const { bufferedAmount } = connection.ws;
      if (bufferedAmount > this.options.maxBufferedBytes) {
        connection.ws.terminate();
        this.options.onSlow(connection, bufferedAmount);
      }
    }
  }
}
