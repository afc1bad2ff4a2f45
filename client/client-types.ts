// The chat client's public shapes: what it needs injected (socket, timers, storage), how it is
// tuned, and what it tells the UI (snapshot, timeline entries, wire records, events). It tells
// codes and data, never finished sentences: each UI (the window, the terminal) words them.

import type { HandshakeCheckVerdict } from '../protocol/handshake-check';
import type { ChatMessage, ErrorCode, Peer, PushMessage } from '../protocol/messages';
import type { Attachment } from '../protocol/upload-messages';
import type { BackoffPolicy } from './backoff';
import type { PageResult, SearchResult } from './history-requests';
import type { DownloadState } from './downloads';
import type { AttachRefusal, UploadView } from './uploads';
import type { OutboxItem } from './outbox';
import type { ReadyState } from './ready-state';
import type { RoundTripStats } from './round-trips';
import type { KeyValueStore } from './storage';

// ------------------------------------------------------------------ injected platform

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** What the client needs from a socket; the browser adapter wraps a real WebSocket. */
export interface SocketLike {
  readonly readyState: number;
  /** The negotiated subprotocol ('' until open). */
  readonly protocol: string;
  /** Bytes queued but not yet handed to the network: a sender of files waits while it is high. */
  readonly bufferedAmount: number;
  /** Text frames as strings, binary frames (file chunks) as bytes. */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(info: CloseInfo): void;
  error(): void;
}

export type OpenSocket = (url: string, protocols: string[], handlers: SocketHandlers) => SocketLike;

/** Returns a function that cancels the timer. */
export type Schedule = (run: () => void, ms: number) => () => void;

export interface ClientPlatform {
  openSocket: OpenSocket;
  schedule: Schedule;
  now: () => number;
  random: () => number;
  randomId: () => string;
  /** A new private resume secret (hello.secret): at least 128 random bits, see LIMITS. */
  randomSecret: () => string;
  /** Lowercase hex SHA-256 of `bytes` (Web Crypto in a page, node:crypto in the terminal). */
  sha256: (bytes: Uint8Array) => Promise<string>;
  /** Per window and survives a reload (sessionStorage): chat log and outbox. */
  session: KeyValueStore;
  /** Survives a restart (localStorage): the chosen name, keyed by windowKey. */
  local: KeyValueStore;
  /**
   * Browser mode only: asks the hub why a socket was refused (a browser only shows 1006).
   * Resolves null when it cannot tell.
   */
  checkRefusal?: () => Promise<HandshakeCheckVerdict | null>;
}

export interface ClientTuning {
  backoff: BackoffPolicy;
  /** How often readyState is sampled while a socket exists (to make CLOSING visible). */
  pollMs: number;
  /** How often to ping the hub once welcomed (latency, and proof the link is alive). */
  pingMs: number;
  /** No frame at all for this long means the connection is dead even without a close. */
  silenceMs: number;
  /** After closing a silent socket, how long to wait for its close event before moving on. */
  abandonMs: number;
  /** Delay before resending pending chats after the hub said "rate-limited". */
  rateLimitRetryMs: number;
  /** Delays before resending chats the hub could not save (its disk is full): they grow. */
  notSavedRetry: BackoffPolicy;
  /**
   * How long the chat log and acknowledged outbox entries may wait before they are written to
   * storage: one write per this many ms instead of one per message (flush() writes at once).
   */
  persistMs: number;
}

// ------------------------------------------------------------------ what the UI sees

/**
 * How a socket closed. `abandoned`: no close event ever came (a silent hub), so the client
 * closed the books itself with 1006 and no reason.
 */
export type CloseRecord = CloseInfo & { at: number; meaning: string; abandoned?: true };

/** Why automatic reconnecting stopped. */
export type PauseCause =
  /** Closed with a code that does not reconnect (replaced, removed): what the hub said. */
  | { code: 'closed'; closeCode: number; reason: string; meaning: string }
  /** Browser mode: this tab's token is from an earlier run of the hub; open the new link. */
  | { code: 'stale-link' };

export interface ConnectionSnapshot {
  hubUrl: string;
  /** null before the first socket is created. */
  readyState: ReadyState | null;
  protocol: string;
  /** The hub has answered our hello: chats flow. */
  welcomed: boolean;
  /**
   * How the last connection that had opened ended (or, before any opened, the last
   * attempt). Failed reconnect attempts do not overwrite it: they are in lastFailure.
   */
  lastClose: CloseRecord | null;
  /** The latest reconnect attempt that never opened (refused, handshake rejected). */
  lastFailure: CloseRecord | null;
  /** A reconnect is scheduled for `at` (ms since epoch); `attempt` counts from 1. */
  reconnect: { at: number; attempt: number } | null;
  /** Why automatic reconnecting stopped (the user can still press Reconnect now). */
  paused: PauseCause | null;
  /** The latest ping → pong round trip, ms (roundTrip.lastMs, for the connection panel). */
  latencyMs: number | null;
  roundTrip: RoundTripStats;
}

export type TimelineEntry =
  | { kind: 'chat'; message: ChatMessage; own: boolean }
  | { kind: 'push'; push: PushMessage }
  | { kind: 'system'; note: ClientNote; at: number; tone: SystemTone };

/** A line the chat shows about the conversation itself, as a code with its data. */
export type ClientNote =
  | { code: 'joined' | 'left'; name: string }
  | { code: 'renamed'; previous: string; name: string }
  | { code: 'renamed-self'; name: string }
  | { code: 'reconnected' | 'replaced' | 'removed' | 'history-reset' }
  | { code: 'disconnected'; closeCode: number; meaning: string }
  | { code: 'skipped'; count: number }
  /** The hub refused one of our frames (its error reply). */
  | { code: 'refused'; error: ErrorCode; message: string }
  /** The hub could not save our chat (a full disk): it is sent again in `retryInMs`. */
  | { code: 'not-saved'; retryInMs: number }
  | { code: 'unreadable'; error: string }
  | { code: 'could-not-open'; error: string }
  /** Broadcast from the server console. */
  | { code: 'announcement'; text: string };

/** The client's own remark in the inspector. */
export type ClientNotice = { code: 'silent'; ms: number } | { code: 'duplicate'; seq: number };

/** 'server' marks an announcement broadcast from the server console. */
export type SystemTone = 'info' | 'warning' | 'server';

/**
 * What happened on this window's WebSocket, for the event inspector: every frame as sent or
 * received (raw text, so sizes are exact), every socket event, every readyState change.
 */
export type WireRecord =
  | {
      kind: 'frame';
      at: number;
      direction: 'in' | 'out';
      data: string;
      messageType: string;
      /** Sent from the raw frame composer, exactly as the user wrote it. */
      raw?: true;
    }
  | { kind: 'event'; at: number; name: WireEventName; detail: string }
  /**
   * A binary frame (opcode 2): its size, and its first bytes (at most BINARY_HEAD_BYTES; a
   * chunk's header says which upload or download it belongs to).
   */
  | {
      kind: 'binary';
      at: number;
      direction: 'in' | 'out';
      size: number;
      head: Uint8Array;
      /** Sent from the raw frame composer. */
      raw?: true;
    }
  | { kind: 'notice'; at: number; notice: ClientNotice }
  | { kind: 'close'; at: number; close: CloseInfo; meaning: string; abandoned?: true }
  | { kind: 'state'; at: number; readyState: ReadyState };

/** How many first bytes of a binary frame the inspector keeps: the header and a look inside. */
export const BINARY_HEAD_BYTES = 256;

export type WireEventName = 'connecting' | 'open' | 'error';

/** Who this window is: its name, and its public peer id once a hub has given it one. */
export interface Self {
  id: string | null;
  name: string;
}

export type ClientEvent =
  | { type: 'connection'; state: ConnectionSnapshot }
  | { type: 'timeline-reset'; entries: readonly TimelineEntry[] }
  | { type: 'timeline-add'; entry: TimelineEntry }
  /** `self` is who the pending messages will be from. */
  | { type: 'pending'; items: readonly OutboxItem[]; self: Self }
  | { type: 'peers'; peers: readonly Peer[]; selfId: string }
  | { type: 'name'; name: string }
  | { type: 'typing'; from: Peer; typing: boolean }
  | { type: 'wire'; record: WireRecord }
  /** The files attached to the message being written, and how far each upload is. */
  | { type: 'uploads'; uploads: readonly UploadView[] }
  /** How far an attachment's bytes have come (see ChatClient.fetchAttachment). */
  | { type: 'attachment'; sha256: string; state: DownloadState };

export type Listener = (event: ClientEvent) => void;

export type SendResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'empty' | 'too-long' | 'outbox-full' | 'files-not-ready' };

export type RenameResult = { ok: true; name: string } | { ok: false; reason: 'empty' | 'too-long' };

/** A window's side of the chat: what the UI calls, and the one stream of what it shows. */
export interface ChatClient {
  /** Opens the first connection. */
  start(): void;
  /** Closes for good (1000) and stops reconnecting. */
  stop(): void;
  send(text: string): SendResult;
  /**
   * Writes one frame exactly as given (text, or bytes as a binary frame), bypassing every
   * check: the raw frame composer. False when the socket is not OPEN.
   */
  sendRaw(frame: string | Uint8Array): boolean;
  /** Bytes the socket has queued and not yet handed to the network (0 while not connected). */
  readonly bufferedAmount: number;
  rename(name: string): RenameResult;
  /**
   * Sends an unsure message (it may not have arrived) again as a new message; null if there is
   * no such unsure message.
   */
  sendAgain(id: string): SendResult | null;
  /** Forgets an unsure message without sending it; false if there is no such message. */
  discard(id: string): boolean;
  /** Tells the others whether this window is typing (dropped while not connected). */
  setTyping(typing: boolean): void;
  /** Skips the backoff wait (or resumes after a pause) and connects now. */
  reconnectNow(): void;
  /** The `limit` messages before `beforeSeq` (older history than the window holds). */
  page(beforeSeq: number, limit: number): Promise<PageResult>;
  /** The `limit` messages after `afterSeq` (reading down from an older page). */
  pageAfter(afterSeq: number, limit: number): Promise<PageResult>;
  /**
   * Message `seq` and the messages around it, `limit` in all (a search result jumped to);
   * `not-found` when the history does not hold it.
   */
  pageAround(seq: number, limit: number): Promise<PageResult>;
  /** Messages holding `query` (text, author, file names), newest first, before `beforeSeq`. */
  search(query: string, beforeSeq: number | null, limit: number): Promise<SearchResult>;
  /** Attaches files to the message being written and starts uploading them; null when taken. */
  attach(files: readonly { name: string; bytes: Uint8Array }[]): AttachRefusal | null;
  /** Stops an upload, or takes a finished file off the message. */
  cancelUpload(id: string): void;
  /** Fetches an attachment's bytes (once); its progress comes as `attachment` events. */
  fetchAttachment(attachment: Attachment): DownloadState;
  /** Writes the chat log and outbox to storage now (call when the page is hidden or unloads). */
  flush(): void;
  /** The listener first receives the current state, then every change. */
  subscribe(listener: Listener): () => void;
}
