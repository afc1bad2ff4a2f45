// The hub's side of downloads: a window asks for an attachment's bytes (attachment-get) and the
// hub sends them as binary chunk frames, each read from disk only when the window's socket has
// room for it. Nothing is queued in memory for a slow receiver: `pump` stops while the socket
// holds `sendBufferBytes` or more, and the next call carries on where it stopped. A connection
// downloads a few attachments at once, taking turns chunk by chunk; more requests wait their
// turn in a short queue.

import { ATTACHMENT_LIMITS, chunkCount } from '../../protocol/attachment-limits';
import { encodeChunk } from '../../protocol/chunk-frame';
import type { ErrorMessage } from '../../protocol/messages';
import {
  NO_LONGER_AVAILABLE,
  type AttachmentGet,
  type AttachmentGone,
  type AttachmentStart,
} from '../../protocol/upload-messages';
import type { AttachmentStore } from './attachment-store';

/** Requests one connection may have waiting behind its active downloads. */
export const MAX_QUEUED_DOWNLOADS = 64;

interface Download {
  readonly sha256: string;
  readonly count: number;
  readonly number: number;
  next: number;
}

interface Downloads {
  active: Download[];
  waiting: AttachmentGet[];
  turn: number;
}

/** What to send next: a binary chunk frame, or a text frame (as an object to serialise). */
export type DownloadStep = Uint8Array | AttachmentStart | AttachmentGone;

export interface DownloadOptions {
  chunkBytes?: number;
  maxDownloadsPerConnection?: number;
}

const gone = (sha256: string): AttachmentGone => ({
  type: 'attachment-gone',
  sha256,
  message: NO_LONGER_AVAILABLE,
});

export class DownloadSender {
  private readonly byConnection = new Map<number, Downloads>();
  private lastNumber = 0;
  private readonly chunkBytes: number;
  private readonly maxActive: number;

  constructor(
    private readonly store: AttachmentStore,
    options: DownloadOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? ATTACHMENT_LIMITS.chunkBytes;
    this.maxActive =
      options.maxDownloadsPerConnection ?? ATTACHMENT_LIMITS.maxDownloadsPerConnection;
  }

  /** A window's request: answered at once, or null when it waits for a free slot. */
  get(
    connection: number,
    request: AttachmentGet,
  ): AttachmentStart | AttachmentGone | ErrorMessage | null {
    const stored = this.store.get(request.sha256);
    if (!stored) return gone(request.sha256);
    if (request.fromChunk >= chunkCount(stored.size, this.chunkBytes)) {
      return {
        type: 'error',
        code: 'bad-message',
        message: `attachment-get.fromChunk is past the file's last chunk`,
      };
    }
    this.cancel(connection, request.sha256);
    const downloads = this.downloadsOf(connection);
    if (downloads.active.length < this.maxActive) return this.start(downloads, request);
    if (downloads.waiting.length >= MAX_QUEUED_DOWNLOADS) {
      return {
        type: 'error',
        code: 'rate-limited',
        message: `at most ${MAX_QUEUED_DOWNLOADS} downloads may wait; ask again later`,
      };
    }
    downloads.waiting.push(request);
    return null;
  }

  /** The window no longer wants these bytes. */
  cancel(connection: number, sha256: string): void {
    const downloads = this.byConnection.get(connection);
    if (!downloads) return;
    downloads.active = downloads.active.filter((d) => d.sha256 !== sha256);
    downloads.waiting = downloads.waiting.filter((r) => r.sha256 !== sha256);
  }

  disconnected(connection: number): void {
    this.byConnection.delete(connection);
  }

  /** Downloads in progress or waiting on `connection`. */
  pending(connection: number): number {
    const downloads = this.byConnection.get(connection);
    return downloads ? downloads.active.length + downloads.waiting.length : 0;
  }

  /** The next frame for `connection`, read from disk now; null when it has nothing to send. */
  next(connection: number): DownloadStep | null {
    const downloads = this.byConnection.get(connection);
    if (!downloads) return null;
    const waiting =
      downloads.active.length < this.maxActive ? downloads.waiting.shift() : undefined;
    if (waiting)
      return this.store.get(waiting.sha256) ? this.start(downloads, waiting) : gone(waiting.sha256);
    if (downloads.active.length === 0) {
      this.byConnection.delete(connection);
      return null;
    }
    downloads.turn %= downloads.active.length;
    const download = downloads.active[downloads.turn] as Download;
    const payload = this.store.readChunk(download.sha256, download.next, this.chunkBytes);
    if (payload === undefined) {
      this.cancel(connection, download.sha256);
      return gone(download.sha256);
    }
    const final = download.next === download.count - 1;
    const frame = encodeChunk(
      { transfer: download.number, index: download.next, final, payload },
      this.chunkBytes,
    );
    download.next += 1;
    if (final) downloads.active.splice(downloads.turn, 1);
    else downloads.turn += 1;
    return frame;
  }

  private downloadsOf(connection: number): Downloads {
    let downloads = this.byConnection.get(connection);
    if (!downloads)
      this.byConnection.set(connection, (downloads = { active: [], waiting: [], turn: 0 }));
    return downloads;
  }

  private start(downloads: Downloads, request: AttachmentGet): AttachmentStart {
    const attachment = this.store.get(request.sha256);
    if (!attachment) throw new Error('start() is only called for a stored attachment');
    this.lastNumber = (this.lastNumber % 0xffff_ffff) + 1;
    downloads.active.push({
      sha256: attachment.sha256,
      count: chunkCount(attachment.size, this.chunkBytes),
      number: this.lastNumber,
      next: request.fromChunk,
    });
    return {
      type: 'attachment-start',
      download: this.lastNumber,
      attachment,
      nextChunk: request.fromChunk,
      chunkBytes: this.chunkBytes,
    };
  }
}

/** The part of a socket pump needs: what it holds unsent, and a way to send. */
export interface OutgoingSocket {
  readonly bufferedAmount: number;
  send(data: Uint8Array | string): void;
}

/**
 * Sends `connection`'s download frames while its socket holds less than `sendBufferBytes`.
 * Call it again when the socket has drained; returns how many frames it sent.
 */
export function pump(
  sender: DownloadSender,
  connection: number,
  socket: OutgoingSocket,
  sendBufferBytes: number = ATTACHMENT_LIMITS.sendBufferBytes,
): number {
  let sent = 0;
  while (socket.bufferedAmount < sendBufferBytes) {
    const step = sender.next(connection);
    if (step === null) break;
    socket.send(step instanceof Uint8Array ? step : JSON.stringify(step));
    sent += 1;
  }
  return sent;
}
