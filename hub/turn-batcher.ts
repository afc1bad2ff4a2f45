// What the hub sends in one turn of the event loop is held in each recipient's corked socket
// until the turn ends; then the turn is saved and the sockets let go.

import { WebSocket } from 'ws';

/** The part of a connection the batcher touches (a hub Client, or a fake in tests). */
export interface BatchedConnection {
  readonly ws: Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'terminate'>;
  readonly socket: { cork(): void; uncork(): void };
  corked: boolean;
  messagesOut: number;
}

export interface TurnBatcherOptions<C extends BatchedConnection> {
  /** Close a connection whose unsent data grows past this many bytes (it is not reading). */
  maxBufferedBytes: number;
  /** Runs once at the end of every turn, before any socket is let go (the history's write). */
  saveTurn(): void;
  /** saveTurn threw: the turn's frames still go out. */
  onSaveError(err: unknown): void;
  /** `connection` was corked: once per connection and turn, however many frames it is sent. */
  onCork(connection: C): void;
  /** `connection` was terminated for having more than maxBufferedBytes unsent. */
  onSlow(connection: C, bufferedAmount: number): void;
}

const TEXT_FRAME = { binary: false } as const;

// ws writes every frame with its own system call. Holding each recipient's socket corked
// until the end of the turn turns a burst read from one sender (many frames in one chunk)
// into one write per recipient, and lets the history file take the burst in one write too,
// before any of it leaves the process.
export class TurnBatcher<C extends BatchedConnection> {
  /** Clients corked in this turn of the event loop, in the order they were first sent to. */
  private corked: C[] = [];
  private turnEndQueued = false;

  constructor(private readonly options: TurnBatcherOptions<C>) {}

  /** Sends one text frame to `connection` at the end of this turn, if it is still open. */
  send(connection: C, data: Buffer): void {
    const { ws } = connection;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!connection.corked) this.cork(connection);
    ws.send(data, TEXT_FRAME);
    connection.messagesOut += 1;
  }

  /** Makes sure this turn ends with saveTurn(), even if nothing is sent in it. */
  queueTurnEnd(): void {
    if (this.turnEndQueued) return;
    this.turnEndQueued = true;
    process.nextTick(this.endTurn);
  }

  private cork(connection: C): void {
    connection.corked = true;
    connection.socket.cork();
    this.corked.push(connection);
    this.queueTurnEnd();
    this.options.onCork(connection);
  }

  private readonly endTurn = (): void => {
    this.turnEndQueued = false;
    try {
      this.options.saveTurn();
    } catch (err) {
      this.options.onSaveError(err);
    }
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
  };
}
