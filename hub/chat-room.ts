// The chat itself: which windows have joined, and what each client message does to them —
// hello (replace, replay, welcome), chat (dedupe, sequence, relay), rename, typing, ping —
// plus presence and the periodic server push.

import type { HubEventBody } from '../protocol/console';
import { CLOSE_CODES } from '../protocol/close-codes';
import type {
  ChatClientMessage,
  ChatMessage,
  ErrorCode,
  Peer,
  PresenceChange,
  ServerMessage,
} from '../protocol/messages';
import { pickColourSlot } from '../protocol/colour-slots';
import { RecentAnnouncements } from './announcements';
import { uniqueName } from './unique-names';
import type { History } from './history';
import { HistoryRequests } from './history-requests';
import { peerIdFor } from './peer-id';
import type { MessageAttachments } from './attachments/message-attachments';
import type { AttachmentRef } from '../protocol/upload-messages';

/** The part of a connection the room touches (a hub Client, or a fake in tests). */
export interface RoomMember {
  readonly ws: { close(code: number, reason: string): void };
  readonly number: number;
  peer: Peer | null;
}

export interface ChatRoomOptions<C extends RoomMember> {
  history: History;
  /**
   * Queues one encoded text frame for `connection` (the turn batcher). `seq`: the frame
   * carries that chat message, and must not leave unless it was saved.
   */
  send(connection: C, data: Buffer, seq?: number): void;
  /** Makes sure this turn ends with the history saved, even if nothing is sent. */
  queueTurnEnd(): void;
  emit(body: HubEventBody): void;
  pushIntervalMs: number;
  /** For the uptime in pushes. */
  startedAt: number;
  /** A chat's attachments against the hub's store (hub/attachments/message-attachments.ts). */
  resolveAttachments(refs: readonly AttachmentRef[]): MessageAttachments;
}

type Hello = Extract<ChatClientMessage, { type: 'hello' }>;
type Send = Extract<ChatClientMessage, { type: 'chat' }>;

function encode(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

function unreachable(message: never): never {
  throw new Error(`unhandled message ${JSON.stringify(message)}`);
}

export class ChatRoom<C extends RoomMember> {
  /** Clients that have said hello, by peer id: the ones that receive chat and presence. */
  private readonly joined = new Map<string, C>();
  private readonly announcements = new RecentAnnouncements();
  /** Each window's last colour slot, so a reconnect keeps its colour when it is free. */
  private readonly lastColour = new Map<string, number>();
  private pushTimer: NodeJS.Timeout | undefined;
  private interval: number;
  private readonly requests: HistoryRequests;

  constructor(private readonly options: ChatRoomOptions<C>) {
    this.interval = options.pushIntervalMs;
    this.requests = new HistoryRequests(options.history);
  }

  get pushIntervalMs(): number {
    return this.interval;
  }

  /** One validated message from a window; anything but hello needs a hello first. */
  handle(connection: C, message: ChatClientMessage): void {
    if (message.type === 'hello') return this.hello(connection, message);
    const peer = connection.peer;
    if (!peer) return this.sendError(connection, 'not-ready', `send hello before ${message.type}`);
    switch (message.type) {
      case 'chat':
        return this.chat(connection, peer, message);
      case 'rename':
        return this.rename(connection, peer, message.name);
      case 'ping':
        return this.send(connection, { type: 'pong', id: message.id, at: Date.now() });
      case 'typing':
        // Relayed to the others only: the typist already knows it is typing.
        return this.broadcast({ type: 'typing', from: peer, typing: message.typing }, connection);
      case 'page':
      case 'page-after':
      case 'page-around':
      case 'search':
        return this.send(connection, this.requests.answer(connection, message));
      default:
        // A message type added to the protocol without a case here does not compile.
        return unreachable(message);
    }
  }

  /** A connection closed: if it was the window's current one, the others see it leave. */
  leave(connection: C): void {
    const peer = connection.peer;
    if (peer && this.joined.get(peer.id) === connection) {
      this.joined.delete(peer.id);
      this.announce({ kind: 'left', peer });
    }
  }

  /** Serialises once, then hands the same buffer to every joined window but `except`. */
  broadcast(message: ServerMessage, except?: C): void {
    const data = encode(message);
    for (const connection of this.joined.values())
      if (connection !== except) this.options.send(connection, data);
  }

  /** A server console broadcast: to every window now, and to each one welcomed later. */
  announceFromServer(text: string): void {
    this.broadcast(this.announcements.add(text, Date.now()));
  }

  startPush(): void {
    clearInterval(this.pushTimer);
    this.pushTimer = setInterval(this.push, this.interval);
    this.pushTimer.unref();
  }

  stopPush(): void {
    clearInterval(this.pushTimer);
  }

  /** Takes effect at the next startPush(). */
  setPushInterval(ms: number): void {
    this.interval = ms;
  }

  private readonly push = (): void => {
    if (this.joined.size === 0) return;
    this.broadcast({
      type: 'push',
      at: Date.now(),
      uptimeMs: Date.now() - this.options.startedAt,
      online: this.joined.size,
      messages: this.options.history.latestSeq,
    });
  };

  private hello(connection: C, hello: Hello): void {
    if (connection.peer)
      return this.sendError(connection, 'bad-message', 'hello was already received');
    const id = peerIdFor(hello.secret);
    const previous = this.joined.get(id);
    if (previous) {
      // The same window (it holds the secret) reconnected before its old socket was noticed
      // as gone. A public id alone cannot get here: it is derived from the secret.
      this.joined.delete(id);
      previous.peer = null;
      previous.ws.close(CLOSE_CODES.replaced.code, CLOSE_CODES.replaced.meaning);
    }
    const peer: Peer = {
      id,
      name: uniqueName(hello.name.trim(), this.namesExcept(id)),
      colour: this.colourFor(id),
    };
    connection.peer = peer;
    this.joined.set(id, connection);
    const { history } = this.options;
    const replay = history.replayAfter(hello.resume);
    this.send(connection, {
      type: 'welcome',
      you: peer,
      peers: this.peers(),
      historyId: history.id,
      history: replay.kind,
      skipped: replay.kind === 'reset' ? replay.skipped : 0,
      oldestSeq: history.oldestRememberedSeq,
      pushIntervalMs: this.interval,
    });
    for (const message of replay.messages) this.send(connection, message, message.seq);
    // Kept announcements after the welcome; the window skips the ones it has shown.
    for (const message of this.announcements.recent()) this.send(connection, message);
    this.options.emit({
      kind: 'hello',
      connection: connection.number,
      peerId: peer.id,
      name: peer.name,
      history: replay.kind,
      replayed: replay.messages.length,
    });
    this.announce({ kind: 'joined', peer }, connection);
  }

  private chat(connection: C, peer: Peer, { id, text, attachments: refs }: Send): void {
    const { history } = this.options;
    const seq = history.seqOf(peer.id, id);
    if (seq !== undefined) {
      // This sender's resend after a reconnect: acknowledge again, show nothing twice. The
      // same id from someone else is their own message (ids are only unique per sender).
      return this.send(connection, { type: 'ack', id, seq }, seq);
    }
    // Every file must be stored whole before the message is sequenced: a window that gets
    // the message can always fetch all of its bytes (unless evicted later).
    const resolved = refs ? this.options.resolveAttachments(refs) : null;
    if (resolved && !resolved.ok) return this.sendError(connection, 'bad-message', resolved.error);
    const { message, encoded } = history.appendEncoded(
      id,
      peer,
      text,
      Date.now(),
      resolved?.attachments,
    );
    this.options.queueTurnEnd(); // saves it, even if nobody is left to relay it to
    for (const other of this.joined.values()) this.options.send(other, encoded, message.seq);
  }

  /**
   * The history could not save these messages and took them back: none was relayed. Each
   * sender is told once per turn; its window keeps them and sends them again later.
   */
  notSaved(taken: readonly ChatMessage[]): void {
    const counts = new Map<string, number>();
    for (const message of taken)
      counts.set(message.from.id, (counts.get(message.from.id) ?? 0) + 1);
    for (const [peerId, count] of counts) {
      const connection = this.joined.get(peerId);
      const what = count === 1 ? 'your message' : `${count} of your messages`;
      if (connection)
        this.sendError(connection, 'not-saved', `The hub could not save ${what}: nobody got it`);
    }
  }

  private rename(connection: C, peer: Peer, name: string): void {
    const previousName = peer.name;
    connection.peer = { ...peer, name: uniqueName(name.trim(), this.namesExcept(peer.id)) };
    // The renamer gets the presence too, so its own view of the list updates.
    this.announce({ kind: 'renamed', peer: connection.peer, previousName });
  }

  private namesExcept(peerId: string): string[] {
    return this.peers().flatMap((p) => (p.id === peerId ? [] : [p.name]));
  }

  private colourFor(peerId: string): number {
    const used = new Set(
      this.peers().flatMap((p) => (p.id === peerId || p.colour === undefined ? [] : [p.colour])),
    );
    const slot = pickColourSlot(used, this.lastColour.get(peerId));
    // Bounded memory: forget the oldest windows first.
    this.lastColour.delete(peerId);
    this.lastColour.set(peerId, slot);
    if (this.lastColour.size > 1000) {
      const oldest = this.lastColour.keys().next().value;
      if (oldest !== undefined) this.lastColour.delete(oldest);
    }
    return slot;
  }

  private peers(): Peer[] {
    return [...this.joined.values()].flatMap((c) => (c.peer ? [c.peer] : []));
  }

  private announce(change: PresenceChange, except?: C): void {
    this.broadcast({ type: 'presence', change }, except);
  }

  private send(connection: C, message: ServerMessage, seq?: number): void {
    this.options.send(connection, encode(message), seq);
  }

  /** A history request the validator refused: answered by its id, like every request. */
  refuseRequest(connection: C, requestId: string, message: string): void {
    this.send(connection, { type: 'request-failed', requestId, code: 'bad-request', message });
  }

  sendError(connection: C, code: ErrorCode, message: string): void {
    this.send(connection, { type: 'error', code, message });
  }
}
