// What the hub sends in one turn of the event loop is held in each recipient's corked socket
// until the turn ends; then the turn is saved and the sockets let go.

import { WebSocket } from 'ws';

/** The part of a connection the batcher touches (a hub Client, or a fake in tests). */
export interface BatchedClient {
  readonly ws: Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'terminate'>;
  readonly socket: { cork(): void; uncork(): void };
  corked: boolean;
  messagesOut: number;
}

export interface TurnBatcherOptions<C extends BatchedClient> {
  /** Close a client whose unsent data grows past this many bytes (it is not reading). */
  maxBufferedBytes: number;
  /** Runs once at the end of every turn, before any socket is let go (the history's write). */
  saveTurn(): void;
  /** saveTurn threw: the turn's frames still go out. */
  onSaveError(err: unknown): void;
  /** `client` was corked: once per client and turn, however many frames it is sent. */
  onCork(client: C): void;
  /** `client` was terminated for having more than maxBufferedBytes unsent. */
  onSlow(client: C, bufferedAmount: number): void;
}

const TEXT_FRAME = { binary: false } as const;

// ws writes every frame with its own system call. Holding each recipient's socket corked
// until the end of the turn turns a burst read from one sender (many frames in one chunk)
// into one write per recipient, and lets the history file take the burst in one write too,
// before any of it leaves the process.
export class TurnBatcher<C extends BatchedClient> {
  /** Clients corked in this turn of the event loop, in the order they were first sent to. */
  private corked: C[] = [];
  private turnEndQueued = false;

  constructor(private readonly options: TurnBatcherOptions<C>) {}

  /** Sends one text frame to `client` at the end of this turn, if it is still open. */
  send(client: C, data: Buffer): void {
    const { ws } = client;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!client.corked) this.cork(client);
    ws.send(data, TEXT_FRAME);
    client.messagesOut += 1;
  }

  /** Makes sure this turn ends with saveTurn(), even if nothing is sent in it. */
  queueTurnEnd(): void {
    if (this.turnEndQueued) return;
    this.turnEndQueued = true;
    process.nextTick(this.endTurn);
  }

  private cork(client: C): void {
    client.corked = true;
    client.socket.cork();
    this.corked.push(client);
    this.queueTurnEnd();
    this.options.onCork(client);
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
    for (const client of batch) {
      client.corked = false;
      client.socket.uncork();
    }
    // What the kernel did not take stays in the hub's memory: a client that does not read
    // must not make it grow.
    for (const client of batch) {
      const { bufferedAmount } = client.ws;
      if (bufferedAmount > this.options.maxBufferedBytes) {
        client.ws.terminate();
        this.options.onSlow(client, bufferedAmount);
      }
    }
  };
}
