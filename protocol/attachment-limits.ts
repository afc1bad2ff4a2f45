// The limits on files and images, in one table shared by the hub (which enforces them) and the
// windows (which check them first, so an oversized file is refused before a byte is sent).

import { LIMITS } from './messages';

const MiB = 1024 * 1024;

/** Bytes in the fixed header at the start of every binary chunk frame (chunk-frame.ts). */
export const CHUNK_HEADER_BYTES = 12;

export const ATTACHMENT_LIMITS = {
  /**
   * Payload bytes in every chunk but the last. Header + chunk stays under the hub's
   * maxPayload (LIMITS.maxFrameBytes) with room to spare; chunk-frame.test.ts checks it.
   */
  chunkBytes: 60 * 1024,
  /** One file. */
  maxFileBytes: 25 * MiB,
  /** All the files of one chat message together. */
  maxMessageBytes: 50 * MiB,
  maxAttachmentsPerMessage: 10,
  /** Characters (UTF-16 code units) in a file name. */
  maxFileNameLength: 255,
  /** Default storage cap per data folder; the oldest attachments are evicted beyond it. */
  defaultStorageCapBytes: 1024 * MiB,
  /** Uploads one connection may have open at once. */
  maxUploadsPerConnection: 4,
  /** Downloads one connection may have open at once. */
  maxDownloadsPerConnection: 4,
  /** The hub confirms an upload's progress every this many chunks (about 1 MiB). */
  progressEveryChunks: 16,
  /** A sender waits while its socket's bufferedAmount is above this, chunk by chunk. */
  sendBufferBytes: 1 * MiB,
  /** A partial upload whose connection dropped is kept this long for a resume. */
  resumeWindowMs: 10 * 60 * 1000,
  /** Binary bytes per second per connection (rate limit), and the burst allowed at once. */
  bytesPerSecond: 32 * MiB,
  burstBytes: 8 * MiB,
} as const;

/** Frames a file of `size` bytes travels in: an empty file still sends one (empty) final chunk. */
export function chunkCount(
  size: number,
  chunkBytes: number = ATTACHMENT_LIMITS.chunkBytes,
): number {
  return Math.max(1, Math.ceil(size / chunkBytes));
}

/** Payload bytes of chunk `index` of a file of `size` bytes. */
export function chunkLength(
  size: number,
  index: number,
  chunkBytes: number = ATTACHMENT_LIMITS.chunkBytes,
): number {
  return Math.max(0, Math.min(chunkBytes, size - index * chunkBytes));
}

/** The largest binary frame Loopchat sends, for the check against the hub's maxPayload. */
export const MAX_CHUNK_FRAME_BYTES = CHUNK_HEADER_BYTES + ATTACHMENT_LIMITS.chunkBytes;
export const FITS_IN_ONE_FRAME = MAX_CHUNK_FRAME_BYTES <= LIMITS.maxFrameBytes;
