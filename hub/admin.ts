// The hub's admin operations, as the server console (and the Hub's own API) reach them:
// the table of connections, the server's state, announcements, disconnects, stopping and starting the
// chat service, and the push interval.

import { CLOSE_CODES, consoleCloseCodeRefusal } from '../protocol/close-codes';
import {
  CONSOLE_LIMITS,
  type ConnectionInfo,
  type HubEvent,
  type HubEventBody,
  type NetworkCondition,
  type ServerInfo,
  type UploadInfo,
} from '../protocol/console';
import { utf8Length } from '../protocol/utf8-length';
import type { ChatRoom } from './chat-room';
import { wireBytes, type Connection } from './connection';
import type { NetworkConditions } from './network-conditions';
import type { TransportExtension } from './transport';

/** The hub's admin operations, as the console commands reach them (the Hub offers them too). */
export interface AdminOperations {
  /** Null while the hub is not listening. */
  serverInfo(): ServerInfo | null;
  /** Every open connection, windows and consoles, in connection order. */
  connections(): ConnectionInfo[];
  /** The newest events (at most CONSOLE_LIMITS.recentEvents), oldest first. */
  recentEvents(): HubEvent[];
  /** Shows `text` in every window as a message from the server. */
  sendAnnouncement(text: string): void;
  /**
   * Closes connection #`connection` with `code` (1000, 1001, 1008 or 4000-4999) and `reason`
   * (at most 123 UTF-8 bytes); throws RangeError otherwise. False if there is no such connection.
   */
  disconnect(connection: number, code: number, reason: string): boolean;
  /**
   * Closes every connection with 1001 and refuses chat windows (503) until startServer().
   * The listener stays up, so a console can reconnect and start it again.
   */
  stopServer(): void;
  startServer(): void;
  setPushInterval(ms: number): void;
  /** permessage-deflate for windows that connect from now on; open ones keep what they have. */
  setDeflate(on: boolean): void;
  /**
   * Puts window #`connection` under a network condition for `seconds` (at most 60), replacing
   * one it was under. False if there is no such window.
   */
  setNetwork(connection: number, condition: NetworkCondition, seconds: number): boolean;
  /** Ends window #`connection`'s condition now; false if it was under none. */
  liftNetwork(connection: number): boolean;
}

export interface AdminOptions {
  /** Every open connection, windows and consoles, in connection order. */
  connections: ReadonlySet<Connection>;
  room: ChatRoom<Connection>;
  emit(body: HubEventBody): void;
  recentEvents(): HubEvent[];
  startedAt: number;
  /** What connection #n is uploading now (hub/attachments/transfers.ts). */
  uploadsOf(connection: number): UploadInfo[];
  /** Offer permessage-deflate to windows from the start (off by default). */
  deflateForWindows?: boolean;
  network: NetworkConditions<Connection>;
}

export class Admin implements AdminOperations {
  /** False after "Stop server": chat windows are refused until "Start server". */
  private serviceRunning = true;
  /** Where the hub listens, as its events tell; null while it does not. */
  private address: { url: string; port: number } | null = null;
  /** Windows that connect while this is on are offered permessage-deflate. */
  private deflateForWindows: boolean;

  constructor(private readonly options: AdminOptions) {
    this.deflateForWindows = options.deflateForWindows ?? false;
  }

  get running(): boolean {
    return this.serviceRunning;
  }

  /**
   * While the service is stopped, chat windows are refused at the upgrade (consoles are not);
   * while compression is on, windows are offered permessage-deflate.
   */
  readonly transportExtension: TransportExtension = {
    upgrade: (_req, role) => {
      if (role !== 'chat') return null;
      if (!this.serviceRunning) {
        return { refuse: { status: 503, reason: 'Server stopped from the console' } };
      }
      return this.deflateForWindows ? { traits: { deflate: true } } : null;
    },
  };

  /** Follows the hub's listener: once it listens, the service runs, whatever it was before. */
  onHubEvent(event: HubEvent): void {
    if (event.kind === 'stopped') this.address = null;
    if (event.kind !== 'listening') return;
    this.address = { url: event.url, port: event.port };
    this.serviceRunning = true;
    this.options.room.startPush();
  }

  readonly connections = (): ConnectionInfo[] =>
    [...this.options.connections].map((c) => ({
      number: c.number,
      role: c.role,
      peerId: c.peer?.id ?? null,
      name: c.peer?.name ?? null,
      address: c.address,
      connectedAt: c.connectedAt,
      messagesIn: c.messagesIn,
      messagesOut: c.messagesOut,
      binary: {
        framesIn: c.binaryIn,
        framesOut: c.binaryOut,
        bytesIn: c.bytesIn,
        bytesOut: c.bytesOut,
      },
      uploads: this.options.uploadsOf(c.number),
      bufferedAmount: c.ws.bufferedAmount,
      extensions: c.ws.extensions,
      payload: { bytesIn: c.textBytesIn + c.bytesIn, bytesOut: c.textBytesOut + c.bytesOut },
      wire: wireBytes(c.socket),
      network: this.options.network.stateOf(c),
      readyState: c.ws.readyState,
      lab: c.lab,
    }));

  readonly recentEvents = (): HubEvent[] => this.options.recentEvents();

  readonly serverInfo = (): ServerInfo | null => {
    const { address } = this;
    if (!address) return null;
    return {
      running: this.serviceRunning,
      url: address.url,
      port: address.port,
      startedAt: this.options.startedAt,
      now: Date.now(),
      pushIntervalMs: this.options.room.pushIntervalMs,
      deflateForWindows: this.deflateForWindows,
    };
  };

  readonly sendAnnouncement = (text: string): void => {
    this.options.emit({ kind: 'announcement', text });
    this.options.room.announceFromServer(text);
  };

  readonly disconnect = (number: number, code: number, reason: string): boolean => {
    const refusal = consoleCloseCodeRefusal(code);
    if (refusal !== null) throw new RangeError(refusal);
    if (utf8Length(reason) > CONSOLE_LIMITS.maxCloseReasonBytes) {
      throw new RangeError(`a close reason is at most ${CONSOLE_LIMITS.maxCloseReasonBytes} bytes`);
    }
    const connection = [...this.options.connections].find((c) => c.number === number);
    if (!connection) return false;
    this.options.emit({ kind: 'disconnect', connection: number, code, reason });
    connection.ws.close(code, reason);
    return true;
  };

  readonly stopServer = (): void => {
    if (!this.serviceRunning) return;
    this.serviceRunning = false;
    this.options.room.stopPush();
    this.options.emit({ kind: 'service', running: false });
    for (const connection of this.options.connections)
      connection.ws.close(CLOSE_CODES.goingAway.code, 'Server stopped from the console');
  };

  readonly startServer = (): void => {
    if (this.serviceRunning) return;
    this.serviceRunning = true;
    if (this.address) this.options.room.startPush();
    this.options.emit({ kind: 'service', running: true });
  };

  readonly setPushInterval = (ms: number): void => {
    this.options.room.setPushInterval(ms);
    if (this.address && this.serviceRunning) this.options.room.startPush();
    this.options.emit({ kind: 'push-interval', ms });
  };

  readonly setNetwork = (number: number, condition: NetworkCondition, seconds: number): boolean => {
    const window = this.windowNumbered(number);
    if (!window) return false;
    this.options.network.apply(window, condition, seconds);
    return true;
  };

  readonly liftNetwork = (number: number): boolean => {
    const window = this.windowNumbered(number);
    return window ? this.options.network.lift(window) : false;
  };

  private windowNumbered(number: number): Connection | undefined {
    return [...this.options.connections].find((c) => c.number === number && c.role === 'chat');
  }

  readonly setDeflate = (on: boolean): void => {
    if (on === this.deflateForWindows) return;
    this.deflateForWindows = on;
    this.options.emit({ kind: 'deflate', on });
  };
}
