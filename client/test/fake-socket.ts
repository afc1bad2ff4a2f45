// A scripted stand-in for the browser WebSocket: the test plays the hub's side.

import type { ClientMessage, ServerMessage } from '../../protocol/messages';
import type { CloseInfo, OpenSocket, SocketHandlers, SocketLike } from '../client-types';

export class FakeSocket implements SocketLike {
  readyState = 0;
  protocol = '';
  readonly sent: ClientMessage[] = [];
  closeRequest: { code?: number; reason?: string } | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
    private readonly handlers: SocketHandlers,
  ) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send() while not OPEN');
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.closeRequest = { code, reason };
    if (this.readyState < 2) this.readyState = 2;
  }

  // ----- the hub's side

  open(protocol = 'loopchat.v1'): void {
    this.readyState = 1;
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
    this.readyState = 3;
    this.handlers.close(info);
  }

  /** What a browser reports when the handshake is refused or the hub is not there. */
  fail(): void {
    this.readyState = 3;
    this.handlers.error();
    this.handlers.close({ code: 1006, reason: '', wasClean: false });
  }

  sentOfType<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }
}

export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];

  readonly openSocket: OpenSocket = (url, protocols, handlers) => {
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
