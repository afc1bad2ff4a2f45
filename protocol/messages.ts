// The Loopchat wire protocol, shared by the hub (hub/) and the windows (renderer).
// Every text frame is one JSON message; both directions are discriminated unions on `type`.
// Files travel as binary chunk frames (chunk-frame.ts), steered by the upload messages
// (upload-messages.ts), which are part of both unions here. Reading older history and searching
// it are requests with responses (history-messages.ts).

import type { HistoryRequest, HistoryResponse } from './history-messages';
import type {
  Attachment,
  AttachmentRef,
  UploadClientMessage,
  UploadServerMessage,
} from './upload-messages';

/** Negotiated WebSocket subprotocol; bump on any incompatible change. */
export const SUBPROTOCOL = 'loopchat.v1';

/**
 * Browsers cannot set headers on a WebSocket, so the per-launch token travels as a second
 * subprotocol entry (`loopchat.token.<hex>`). The hub only ever selects SUBPROTOCOL, so the
 * token is never echoed back, and it is never in a URL that could end up in a log.
 */
export const TOKEN_PROTOCOL_PREFIX = 'loopchat.token.';

const TOKEN_ENTRY = new RegExp(`${TOKEN_PROTOCOL_PREFIX.replaceAll('.', '\\.')}[^,\\s]*`, 'g');

/** `value` (a header, a log line) with every token subprotocol entry's secret hidden. */
export function redactToken(value: string): string {
  return value.replace(TOKEN_ENTRY, `${TOKEN_PROTOCOL_PREFIX}<redacted>`);
}

export const LIMITS = {
  /** Hub-enforced WebSocket maxPayload: larger frames are closed with 1009. */
  maxFrameBytes: 64 * 1024,
  /** Characters (UTF-16 code units) in one chat message. */
  maxTextLength: 4000,
  maxNameLength: 32,
  maxIdLength: 64,
  /** hello.secret: 32–128 characters of SECRET_CHARSET (at least 128 random bits). */
  minSecretLength: 32,
  maxSecretLength: 128,
  /** Nesting levels in one frame (a hello with its resume point needs 2). */
  maxDepth: 4,
} as const;

/** Letters, digits, `_` and `-`: hex, base64url and UUIDs all fit. */
export const SECRET_CHARSET = /^[A-Za-z0-9_-]+$/;

/**
 * The secret rule, in its one home: why the hub would refuse `value` as hello.secret, or null
 * when it would take it. validate.ts sends the reason back; the window checks its own secret.
 */
export function secretProblem(value: string): string | null {
  const { minSecretLength: min, maxSecretLength: max } = LIMITS;
  if (value.length < min || value.length > max) {
    return `hello.secret must be ${min} to ${max} characters long`;
  }
  if (!SECRET_CHARSET.test(value)) return 'hello.secret may hold only A-Z, a-z, 0-9, "_" and "-"';
  return null;
}

/** Whether the hub would take `value` as hello.secret. */
export function isValidSecret(value: string): boolean {
  return secretProblem(value) === null;
}

/** A message's dedupe key: client-made ids are only unique per sender. */
export function senderKey(senderId: string, id: string): string {
  return `${senderId.length}:${senderId}:${id}`;
}

/**
 * A connected window as everybody else sees it. `id` is public and derived by the hub from the
 * window's private hello.secret, so knowing it does not let anyone take the window's place.
 */
export interface Peer {
  id: string;
  name: string;
  /**
   * Colour slot (0-11) given by the hub, distinct among online windows while fewer than 12
   * are online (protocol/colour-slots.ts). Absent in history written before it existed.
   */
  colour?: number;
}

/** Where a reconnecting window left off, so the hub can replay what it missed. */
export interface ResumePoint {
  historyId: string;
  lastSeq: number;
}

// ---------------------------------------------------------------- client → hub

export interface HelloMessage {
  type: 'hello';
  /**
   * The window's private resume secret (random, kept in sessionStorage, never shown to
   * others). The hub derives the window's public Peer id from it: the same secret is the same
   * window, whose newer connection replaces the older one.
   */
  secret: string;
  name: string;
  resume: ResumePoint | null;
}

/** A chat message. `id` is made by the client; resending the same id never shows twice. */
export interface SendMessage {
  type: 'chat';
  id: string;
  /** May be empty when the message carries attachments. */
  text: string;
  /** Finished uploads (upload-complete received for each), 1 to 10 distinct files. */
  attachments?: AttachmentRef[];
}

export interface RenameMessage {
  type: 'rename';
  name: string;
}

/** Application-level ping; browsers cannot see WebSocket ping/pong frames. */
export interface PingMessage {
  type: 'ping';
  id: string;
}

/** "X is typing…": sent when the composer starts or stops holding text; relayed to the others. */
export interface TypingMessage {
  type: 'typing';
  typing: boolean;
}

/** What the chat room handles; the upload messages go to the hub's transfers instead. */
export type ChatClientMessage =
  HelloMessage | SendMessage | RenameMessage | PingMessage | TypingMessage | HistoryRequest;
export type ClientMessage = ChatClientMessage | UploadClientMessage;
export type ClientMessageType = ClientMessage['type'];

// ---------------------------------------------------------------- hub → client

export interface WelcomeMessage {
  type: 'welcome';
  you: Peer;
  peers: Peer[];
  historyId: string;
  /**
   * `resume`: the chat frames that follow are exactly those after the client's lastSeq.
   * `reset`: the client's view is stale (new history or gap too old); it should clear it and
   * take the recent history that follows. `skipped` counts older messages not sent.
   */
  history: 'resume' | 'reset';
  skipped: number;
  /**
   * The hub remembers sender and id of every message with this seq or later (its newest
   * 2,000, also across restarts with a history file): resending one of those is acknowledged,
   * never shown twice. An unacknowledged message that may have been sequenced before this
   * must not be resent blindly. latestSeq + 1 when the history is empty.
   */
  oldestSeq: number;
  pushIntervalMs: number;
}

/**
 * A chat message as stored and relayed, with its global, gap-free sequence number.
 * The sender receives it too: that echo is the acknowledgement of its `id`.
 */
export interface ChatMessage {
  type: 'chat';
  seq: number;
  id: string;
  from: Peer;
  text: string;
  /** Hub time (ms since epoch) when the message was sequenced. */
  at: number;
  /** Files stored whole before the message was sequenced; size and kind from the hub's store. */
  attachments?: Attachment[];
}

/** Sent only to a sender that repeats an id the hub already sequenced. */
export interface AckMessage {
  type: 'ack';
  id: string;
  seq: number;
}

export type PresenceChange =
  | { kind: 'joined'; peer: Peer }
  | { kind: 'left'; peer: Peer }
  | { kind: 'renamed'; peer: Peer; previousName: string };

/**
 * Who joined, left or was renamed. Only the change travels: the full list is in `welcome`,
 * so a join costs every window one small frame rather than the whole list (O(N) per join,
 * not O(N²)).
 */
export interface PresenceMessage {
  type: 'presence';
  change: PresenceChange;
}

/** Pushed by the hub to every client on an interval. */
export interface PushMessage {
  type: 'push';
  at: number;
  uptimeMs: number;
  online: number;
  messages: number;
}

export interface PongMessage {
  type: 'pong';
  id: string;
  at: number;
}

/** `not-saved`: the hub could not save a chat (a full disk); nobody got it, send it again. */
export type ErrorCode =
  'bad-json' | 'bad-message' | 'not-ready' | 'rate-limited' | 'not-saved' | 'internal';

/** The hub's answer to a frame it could not take. The connection stays open. */
export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
}

/** Another window started or stopped typing. Never sent back to the typist. */
export interface TypingNotice {
  type: 'typing';
  from: Peer;
  typing: boolean;
}

/** A message from the server console, shown to every window (as text, never HTML). */
export interface AnnouncementMessage {
  type: 'announcement';
  /**
   * Unique in this hub run. The hub sends its recent announcements again after each welcome,
   * so a window that was connecting still gets them; the window shows each id once.
   */
  id: string;
  text: string;
  /** Hub time (ms since epoch). */
  at: number;
}

export type ServerMessage =
  | WelcomeMessage
  | ChatMessage
  | AckMessage
  | PresenceMessage
  | PushMessage
  | PongMessage
  | ErrorMessage
  | TypingNotice
  | AnnouncementMessage
  | HistoryResponse
  | UploadServerMessage;
export type ServerMessageType = ServerMessage['type'];
