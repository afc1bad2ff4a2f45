// Files on the hub's connections: where the upload messages and binary chunk frames of a
// window go (the upload tracker), how attachment bytes leave (the download sender, paced by
// the receiver's socket) and how fast one connection may send bytes (its byte budget, which
// stops reading the socket rather than refusing what already arrived).

import type { UploadNews } from '../../protocol/console';
import type { Peer } from '../../protocol/messages';
import type { UploadClientMessage, UploadServerMessage } from '../../protocol/upload-messages';
import type { ErrorMessage } from '../../protocol/messages';
import { ATTACHMENT_LIMITS } from '../../protocol/attachment-limits';
import type { AttachmentStore } from './attachment-store';
import { ByteBudget } from './byte-budget';
import { DownloadSender, pump } from './download-sender';
import { UploadTracker } from './upload-tracker';

/** The part of a hub connection transfers touch (a hub Connection, or a fake in tests). */
export interface TransferConnection {
  readonly number: number;
  readonly peer: Peer | null;
  readonly ws: {
    readonly bufferedAmount: number;
    readonly readyState: number;
    send(data: Uint8Array, options: { binary: true }): void;
    pause(): void;
    resume(): void;
  };
  readonly socket: { once(event: 'drain', listener: () => void): unknown };
  binaryIn: number;
  binaryOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface TransfersOptions<C extends TransferConnection> {
  store: AttachmentStore;
  /** Queues one text frame for `connection` (the turn batcher). */
  send(connection: C, data: Buffer): void;
  /** One of `connection`'s uploads moved on. */
  onUpload(connection: C, news: UploadNews): void;
  /** Bytes per second and burst of every connection's byte budget. */
  bytesPerSecond?: number;
  burstBytes?: number;
  /** How often uploads left by a dropped connection are checked against the resume window. */
  sweepEveryMs?: number;
}

interface State {
  readonly budget: ByteBudget;
  resumeTimer: NodeJS.Timeout | undefined;
  waitingForDrain: boolean;
}

const OPEN = 1;
const BINARY = { binary: true } as const;

/** The hub's transfers, over every connection. */
export class Transfers<C extends TransferConnection> {
  readonly tracker: UploadTracker;
  private readonly downloads: DownloadSender;
  private readonly states = new Map<C, State>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TransfersOptions<C>) {
    this.tracker = new UploadTracker(options.store);
    this.downloads = new DownloadSender(options.store);
  }

  /** Starts the periodic sweep of abandoned uploads (the hub's start). */
  start(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = setInterval(() => this.tracker.sweep(), this.options.sweepEveryMs ?? 60_000);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
  }

  /** An upload or download message from a window that said hello. */
  handle(connection: C, peer: Peer, message: UploadClientMessage): void {
    switch (message.type) {
      case 'upload-offer': {
        const answer = this.tracker.offer(connection.number, peer.id, message);
        this.reply(connection, answer);
        if (answer.type === 'upload-accept') {
          const { id, name, size } = message;
          const fromByte = Math.min(size, answer.nextChunk * answer.chunkBytes);
          this.options.onUpload(connection, { state: 'accepted', id, name, size, fromByte });
        }
        return;
      }
      case 'upload-cancel':
        return this.tracker.cancel(peer.id, message.id);
      case 'attachment-get': {
        const answer = this.downloads.get(connection.number, message);
        if (answer) this.reply(connection, answer);
        return this.pumpFor(connection);
      }
      case 'attachment-cancel':
        return this.downloads.cancel(connection.number, message.sha256);
    }
  }

  /**
   * One binary frame. It is always taken (the bytes are here); a connection over its byte
   * budget is not read for a while. Returns whether the frame was refused (an upload-error
   * went back), so the caller can count it against the frame limit like a bad text frame.
   */
  binary(connection: C, frame: Uint8Array): boolean {
    connection.binaryIn += 1;
    connection.bytesIn += frame.length;
    this.spend(connection, frame.length);
    const answer = this.tracker.chunk(connection.number, frame);
    if (answer === null) return false;
    this.reply(connection, answer);
    return answer.type === 'upload-error';
  }

  /** The connection closed: its uploads wait for a resume, its downloads end. */
  disconnected(connection: C): void {
    this.tracker.disconnected(connection.number);
    this.downloads.disconnected(connection.number);
    const state = this.states.get(connection);
    clearTimeout(state?.resumeTimer);
    this.states.delete(connection);
  }

  /** Uploads `connection` is sending now, for the console. */
  openUploads(connection: C): number {
    return this.tracker.openUploads(connection.number);
  }

  private reply(connection: C, answer: UploadServerMessage | ErrorMessage): void {
    this.options.send(connection, Buffer.from(JSON.stringify(answer)));
    const news = newsOf(answer);
    if (news) this.options.onUpload(connection, news);
  }

  private stateOf(connection: C): State {
    let state = this.states.get(connection);
    if (!state) {
      const { bytesPerSecond, burstBytes } = this.options;
      state = {
        budget: new ByteBudget(
          bytesPerSecond ?? ATTACHMENT_LIMITS.bytesPerSecond,
          burstBytes ?? ATTACHMENT_LIMITS.burstBytes,
        ),
        resumeTimer: undefined,
        waitingForDrain: false,
      };
      this.states.set(connection, state);
    }
    return state;
  }

  /** Over budget: ws stops reading the socket, the sender's buffer fills and it waits. */
  private spend(connection: C, bytes: number): void {
    const state = this.stateOf(connection);
    const pauseMs = state.budget.spend(bytes);
    if (pauseMs === 0 || state.resumeTimer !== undefined) return;
    connection.ws.pause();
    state.resumeTimer = setTimeout(() => {
      state.resumeTimer = undefined;
      connection.ws.resume();
    }, pauseMs);
  }

  /** Sends download frames while the socket has room; carries on when it has drained. */
  private pumpFor(connection: C): void {
    const state = this.stateOf(connection);
    if (state.waitingForDrain || connection.ws.readyState !== OPEN) return;
    pump(this.downloads, connection.number, {
      get bufferedAmount() {
        return connection.ws.bufferedAmount;
      },
      send: (data) => {
        if (typeof data === 'string') return this.options.send(connection, Buffer.from(data));
        connection.ws.send(data, BINARY);
        connection.binaryOut += 1;
        connection.bytesOut += data.length;
      },
    });
    if (this.downloads.pending(connection.number) === 0) return;
    // pump stopped at a full socket, which means its write buffer is over the high-water
    // mark: 'drain' follows once the receiver has read it.
    state.waitingForDrain = true;
    connection.socket.once('drain', () => {
      state.waitingForDrain = false;
      if (this.states.get(connection) === state) this.pumpFor(connection);
    });
  }
}

function newsOf(answer: UploadServerMessage | ErrorMessage): UploadNews | null {
  switch (answer.type) {
    case 'upload-progress':
      return { state: 'progress', id: answer.id, receivedBytes: answer.receivedBytes };
    case 'upload-complete':
      return { state: 'complete', id: answer.id, size: answer.attachment.size };
    case 'upload-error':
      return { state: 'failed', id: answer.id, code: answer.code, message: answer.message };
    default:
      return null;
  }
}
