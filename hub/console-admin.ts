// The hub's admin operations, as the server console (and the Hub's own API) reach them:
// the client table, the server's state, announcements, disconnects, stopping and starting the
// chat service, and the push interval.

import { CLOSE_CODES, consoleCloseCodeRefusal } from '../protocol/close-codes';
import {
  CONSOLE_LIMITS,
  type ClientInfo,
  type HubEvent,
  type HubEventBody,
  type ServerInfo,
} from '../protocol/console';
import { utf8Length } from '../protocol/utf8-length';
import type { ChatRoom } from './chat-room';
import type { Client } from './connection';
import type { ConsoleAdmin } from './console-feed';
import type { TransportExtension } from './transport';

export interface HubAdminOptions {
  /** Every open connection, windows and consoles, in connection order. */
  clients: ReadonlySet<Client>;
  room: ChatRoom<Client>;
  emit(body: HubEventBody): void;
  recentEvents(): HubEvent[];
  startedAt: number;
}

export class HubAdmin implements ConsoleAdmin {
  /** False after "Stop server": chat windows are refused until "Start server". */
  private serviceRunning = true;
  /** Where the hub listens, as its events tell; null while it does not. */
  private address: { url: string; port: number } | null = null;

  constructor(private readonly options: HubAdminOptions) {}

  get running(): boolean {
    return this.serviceRunning;
  }

  /** While the service is stopped, chat windows are refused at the upgrade (consoles are not). */
  readonly transportExtension: TransportExtension = {
    upgrade: (_req, role) =>
      role === 'chat' && !this.serviceRunning
        ? { refuse: { status: 503, reason: 'Server stopped from the console' } }
        : null,
  };

  /** Follows the hub's listener: once it listens, the service runs, whatever it was before. */
  onHubEvent(event: HubEvent): void {
    if (event.kind === 'stopped') this.address = null;
    if (event.kind !== 'listening') return;
    this.address = { url: event.url, port: event.port };
    this.serviceRunning = true;
    this.options.room.startPush();
  }

  readonly clients = (): ClientInfo[] =>
    [...this.options.clients].map((c) => ({
      id: c.number,
      role: c.role,
      clientId: c.peer?.id ?? null,
      name: c.peer?.name ?? null,
      address: c.address,
      connectedAt: c.connectedAt,
      messagesIn: c.messagesIn,
      messagesOut: c.messagesOut,
      bufferedAmount: c.ws.bufferedAmount,
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
    const client = [...this.options.clients].find((c) => c.number === number);
    if (!client) return false;
    this.options.emit({ kind: 'disconnect', client: number, code, reason });
    client.ws.close(code, reason);
    return true;
  };

  readonly stopServer = (): void => {
    if (!this.serviceRunning) return;
    this.serviceRunning = false;
    this.options.room.stopPush();
    this.options.emit({ kind: 'service', running: false });
    for (const client of this.options.clients)
      client.ws.close(CLOSE_CODES.goingAway.code, 'Server stopped from the console');
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
}
