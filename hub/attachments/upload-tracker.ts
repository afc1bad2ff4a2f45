// Every upload in progress, for every connection: the hub's side of the upload protocol
// (protocol/upload-messages.ts). It takes an offer, then the binary chunk frames one by one,
// writing each to the store before the next arrives, and answers with the frame to send back.
// A chunk that names no upload, comes out of order or twice, runs past the declared size or
// contradicts the declared type ends that upload (its partial bytes are dropped) with an
// upload-error, and the connection and every other upload carry on. An upload whose
// connection drops is kept for ATTACHMENT_LIMITS.resumeWindowMs: offering it again resumes it.

import { ATTACHMENT_LIMITS, chunkCount, chunkLength } from '../../protocol/attachment-limits';
import { decodeChunk, type Chunk } from '../../protocol/chunk-frame';
import { detectKind, SNIFF_BYTES } from '../../protocol/file-kind';
import { senderKey } from '../../protocol/messages';
import type {
  UploadAccept,
  UploadComplete,
  UploadError,
  UploadErrorCode,
  UploadOffer,
  UploadProgress,
} from '../../protocol/upload-messages';
import type { AttachmentStore } from './attachment-store';
import type { PartialFile } from './partial-file';

type Limits = { readonly [K in keyof typeof ATTACHMENT_LIMITS]: number };

interface Upload {
  readonly key: string;
  readonly offer: UploadOffer;
  readonly partial: PartialFile;
  readonly count: number;
  nextChunk: number;
  /** The connection sending it, and its transfer number there; null while detached. */
  connection: number | null;
  transfer: number;
  detachedAt: number;
}

export type OfferAnswer = UploadAccept | UploadComplete | UploadError;
export type ChunkAnswer = UploadProgress | UploadComplete | UploadError | null;

const MiB = 1024 * 1024;
const mib = (bytes: number): string => `${Math.round((bytes / MiB) * 10) / 10} MiB`;

const refusal = (id: string | null, code: UploadErrorCode, message: string): UploadError => ({
  type: 'upload-error',
  id,
  code,
  message,
});

export interface TrackerOptions {
  limits?: Partial<Limits>;
  now?: () => number;
}

export class UploadTracker {
  private readonly byKey = new Map<string, Upload>();
  /** Per connection: transfer number → upload. */
  private readonly byConnection = new Map<number, Map<number, Upload>>();
  private lastTransfer = 0;
  private readonly limits: Limits;
  private readonly now: () => number;

  constructor(
    private readonly store: AttachmentStore,
    options: TrackerOptions = {},
  ) {
    this.limits = { ...ATTACHMENT_LIMITS, ...options.limits };
    this.now = options.now ?? (() => performance.now());
  }

  /** Uploads `connection` is sending now. */
  openUploads(connection: number): number {
    return this.byConnection.get(connection)?.size ?? 0;
  }

  /** What `connection` is uploading now, for the server console. */
  uploadsOf(
    connection: number,
  ): { id: string; name: string; size: number; receivedBytes: number }[] {
    return [...(this.byConnection.get(connection)?.values() ?? [])].map(({ offer, partial }) => ({
      id: offer.id,
      name: offer.name,
      size: offer.size,
      receivedBytes: partial.bytes,
    }));
  }

  /** Uploads in progress, attached or waiting for a resume. */
  get size(): number {
    return this.byKey.size;
  }

  /** A window's offer: accept (maybe resuming), complete at once (bytes already held), or refuse. */
  offer(connection: number, sender: string, offer: UploadOffer): OfferAnswer {
    const { id, size, sha256 } = offer;
    if (size > this.limits.maxFileBytes) {
      return refusal(
        id,
        'too-big',
        `"${offer.name}" is ${mib(size)}; files may be at most ${mib(this.limits.maxFileBytes)}`,
      );
    }
    const key = senderKey(sender, id);
    const held = this.store.get(sha256);
    if (held && held.size === size) {
      this.end(this.byKey.get(key));
      this.store.touch(sha256);
      return { type: 'upload-complete', id, attachment: held };
    }
    const earlier = this.byKey.get(key);
    if (
      earlier &&
      earlier.offer.sha256 === sha256 &&
      earlier.offer.size === size &&
      earlier.offer.kind === offer.kind
    ) {
      if (
        earlier.connection !== connection &&
        this.openUploads(connection) >= this.limits.maxUploadsPerConnection
      ) {
        return this.tooMany(id);
      }
      return this.attach(earlier, connection);
    }
    this.end(earlier);
    if (this.openUploads(connection) >= this.limits.maxUploadsPerConnection)
      return this.tooMany(id);
    const reserved = this.store.reserve(size);
    if (!reserved.ok) return refusal(id, reserved.code, reserved.message);
    const upload: Upload = {
      key,
      offer,
      partial: reserved.partial,
      count: chunkCount(size, this.limits.chunkBytes),
      nextChunk: 0,
      connection: null,
      transfer: 0,
      detachedAt: 0,
    };
    this.byKey.set(key, upload);
    return this.attach(upload, connection);
  }

  /** One binary frame from `connection`. Null: stored, nothing to say yet. */
  chunk(connection: number, frame: Uint8Array): ChunkAnswer {
    const decoded = decodeChunk(frame, this.limits.chunkBytes);
    if (!decoded.ok) return refusal(null, 'bad-chunk', decoded.error);
    const { chunk } = decoded;
    const upload = this.byConnection.get(connection)?.get(chunk.transfer);
    if (!upload) {
      return refusal(
        null,
        'unknown-upload',
        `binary frame for upload ${chunk.transfer}, which this connection has not open`,
      );
    }
    const wrong = this.misfit(upload, chunk);
    if (wrong) return this.fail(upload, wrong[0], wrong[1]);
    try {
      upload.partial.append(chunk.payload);
    } catch (err) {
      return this.fail(
        upload,
        'disk-error',
        `the hub could not write the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    upload.nextChunk += 1;
    if (chunk.final) return this.complete(upload);
    if (upload.nextChunk % this.limits.progressEveryChunks !== 0) return null;
    return {
      type: 'upload-progress',
      id: upload.offer.id,
      nextChunk: upload.nextChunk,
      receivedBytes: upload.partial.bytes,
    };
  }

  /** The window gave up on an upload: its bytes are dropped. Unknown ids are ignored. */
  cancel(sender: string, id: string): void {
    this.end(this.byKey.get(senderKey(sender, id)));
  }

  /** The connection closed: its uploads wait for a resume from the same window. */
  disconnected(connection: number): void {
    const uploads = this.byConnection.get(connection);
    if (!uploads) return;
    this.byConnection.delete(connection);
    const at = this.now();
    for (const upload of uploads.values()) {
      upload.connection = null;
      upload.detachedAt = at;
    }
  }

  /** Drops detached uploads older than the resume window; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.limits.resumeWindowMs;
    let dropped = 0;
    for (const upload of [...this.byKey.values()]) {
      if (upload.connection === null && upload.detachedAt <= cutoff) {
        this.end(upload);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Why `chunk` cannot be the next chunk of `upload`, or null if it is. */
  private misfit(upload: Upload, chunk: Chunk): [UploadErrorCode, string] | null {
    const { index, final, payload } = chunk;
    const { count, nextChunk, offer } = upload;
    if (index >= count)
      return [
        'past-size',
        `chunk ${index} is past the ${offer.size} bytes declared (${count} chunks)`,
      ];
    if (index < nextChunk)
      return ['duplicate-chunk', `chunk ${index} arrived twice (next is ${nextChunk})`];
    if (index > nextChunk)
      return ['out-of-order', `chunk ${index} arrived before chunk ${nextChunk}`];
    const expected = chunkLength(offer.size, index, this.limits.chunkBytes);
    const last = index === count - 1;
    if (payload.length > expected || (last && !final)) {
      return ['past-size', `chunk ${index} runs past the ${offer.size} bytes declared`];
    }
    if (final && (!last || payload.length < expected)) {
      return [
        'short-upload',
        `the upload ended at chunk ${index}, before the ${offer.size} bytes declared`,
      ];
    }
    if (index === 0) {
      const kind = detectKind(payload.subarray(0, SNIFF_BYTES));
      if (kind !== offer.kind)
        return [
          'type-mismatch',
          `the bytes are ${kind === 'file' ? 'not an image' : `a ${kind}`}, not the declared ${offer.kind}`,
        ];
    }
    return null;
  }

  private complete(upload: Upload): UploadComplete | UploadError {
    this.forget(upload);
    const { id, sha256, kind } = upload.offer;
    const committed = this.store.commit(upload.partial, sha256, kind);
    if (!committed.ok) return refusal(id, committed.code, committed.message);
    return { type: 'upload-complete', id, attachment: committed.attachment };
  }

  private fail(upload: Upload, code: UploadErrorCode, message: string): UploadError {
    this.end(upload);
    return refusal(upload.offer.id, code, `${message}; the upload was dropped`);
  }

  private tooMany(id: string): UploadError {
    const max = this.limits.maxUploadsPerConnection;
    return refusal(
      id,
      'too-many-uploads',
      `at most ${max} uploads at once; wait for one to finish`,
    );
  }

  /** Ties `upload` to `connection` (taking it from another); the same offer twice keeps its number. */
  private attach(upload: Upload, connection: number): UploadAccept {
    if (upload.connection !== connection) {
      if (upload.connection !== null) this.forget(upload);
      this.byKey.set(upload.key, upload);
      this.lastTransfer = (this.lastTransfer % 0xffff_ffff) + 1;
      upload.connection = connection;
      upload.transfer = this.lastTransfer;
      let uploads = this.byConnection.get(connection);
      if (!uploads) this.byConnection.set(connection, (uploads = new Map()));
      uploads.set(upload.transfer, upload);
    }
    return {
      type: 'upload-accept',
      id: upload.offer.id,
      upload: upload.transfer,
      nextChunk: upload.nextChunk,
      chunkBytes: this.limits.chunkBytes,
    };
  }

  /** Removes an upload from the tracker (its partial file is the caller's to commit or drop). */
  private forget(upload: Upload): void {
    this.byKey.delete(upload.key);
    if (upload.connection === null) return;
    const uploads = this.byConnection.get(upload.connection);
    uploads?.delete(upload.transfer);
    if (uploads?.size === 0) this.byConnection.delete(upload.connection);
  }

  private end(upload: Upload | undefined): void {
    if (!upload) return;
    this.forget(upload);
    this.store.discard(upload.partial);
  }
}
