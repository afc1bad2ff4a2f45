// A scripted stand-in for the browser WebSocket: the test plays the hub's side.

import type { ClientMessage, ServerMessage } from '../../protocol/messages';
import type { CloseInfo, OpenSocket, SocketHandlers, SocketLike } from '../client-types';
import { CLOSED, CLOSING, CONNECTING, OPEN } from '../ready-state';

export class FakeSocket implements SocketLike {
  readyState: number = CONNECTING;
  protocol = '';
  readonly sent: ClientMessage[] = [];
  /** Binary frames sent, in order. */
  readonly sentBinary: Uint8Array[] = [];
  /** What the test says the socket holds unsent. */
  bufferedAmount = 0;
  closeRequest: { code?: number; reason?: string } | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
    private readonly handlers: SocketHandlers,
  ) {}

  send(data: string | Uint8Array): void {
    if (this.readyState !== OPEN) throw new Error('send() while not OPEN');
    if (typeof data !== 'string') return void this.sentBinary.push(data);
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.closeRequest = { code, reason };
    if (this.readyState < CLOSING) this.readyState = CLOSING;
  }

  // ----- the hub's side

  open(protocol = 'loopchat.v1'): void {
    this.readyState = OPEN;
    this.protocol = protocol;
    this.handlers.open();
  }

  receive(message: ServerMessage): void {
    this.handlers.message(JSON.stringify(message));
  }

  receiveRaw(data: unknown): void {
    this.handlers.message(data);
  }

  closed(info: CloseInfo): void {
    this.readyState = CLOSED;
    this.handlers.close(info);
  }

  /** What a browser reports when the handshake is refused or the hub is not there. */
  fail(): void {
    this.readyState = CLOSED;
    this.handlers.error();
    this.handlers.close({ code: 1006, reason: '', wasClean: false });
  }

  sentOfType<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }
}

export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];
  /** The next openSocket call throws this, as `new WebSocket` does for a malformed URL. */
  failNextOpen: Error | null = null;

  readonly openSocket: OpenSocket = (url, protocols, handlers) => {
    const failure = this.failNextOpen;
    this.failNextOpen = null;
    if (failure) throw failure;
    const socket = new FakeSocket(url, protocols, handlers);
    this.sockets.push(socket);
    return socket;
  };

  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}
