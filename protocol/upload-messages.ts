// The JSON text frames that steer files and images: a window offers an upload, the hub accepts
// or refuses it, the bytes follow as binary chunk frames (chunk-frame.ts), and the hub confirms
// progress and completion. A chat message then refers to finished attachments by SHA-256.
// Receivers fetch an attachment's bytes the same way, as a download. Both directions are
// discriminated unions on `type`, like messages.ts.

import type { AttachmentKind } from './file-kind';

/** A finished attachment as the hub stores it: the same bytes are one attachment. */
export interface StoredAttachment {
  /** Lowercase hex SHA-256 of the bytes: the attachment's name in the store. */
  sha256: string;
  size: number;
  kind: AttachmentKind;
}

/** How a chat message from a window names an attachment it uploaded. */
export interface AttachmentRef {
  sha256: string;
  /** The file's name as the sender had it; a name belongs to the message, not the bytes. */
  name: string;
}

/** An attachment of a relayed chat message: the reference and what the hub knows of the bytes. */
export interface Attachment extends StoredAttachment {
  name: string;
}

// ---------------------------------------------------------------- client → hub

/** "I have a file for you." The hub answers upload-accept, upload-complete or upload-error. */
export interface UploadOffer {
  type: 'upload-offer';
  /**
   * Made by the window, unique per sender. Offering the same id, size and sha256 again after a
   * reconnect resumes the upload where the hub's copy ends.
   */
  id: string;
  name: string;
  size: number;
  /** What the window's detectKind says of the bytes; the hub checks it against the first chunk. */
  kind: AttachmentKind;
  sha256: string;
}

export interface UploadCancel {
  type: 'upload-cancel';
  id: string;
}

/** "Send me these bytes", from chunk `fromChunk` on (0, or where a cut download ended). */
export interface AttachmentGet {
  type: 'attachment-get';
  sha256: string;
  fromChunk: number;
}

export interface AttachmentCancel {
  type: 'attachment-cancel';
  sha256: string;
}

export type UploadClientMessage = UploadOffer | UploadCancel | AttachmentGet | AttachmentCancel;
export type UploadClientMessageType = UploadClientMessage['type'];

// ---------------------------------------------------------------- hub → client

/** Send chunks `nextChunk` onwards, numbered `upload` in their header. */
export interface UploadAccept {
  type: 'upload-accept';
  id: string;
  /** The transfer number of this upload on this connection (chunk-frame.ts). */
  upload: number;
  /** 0 for a new upload; where the hub's copy ends for a resumed one. */
  nextChunk: number;
  chunkBytes: number;
}

/** The hub has written every chunk before `nextChunk` to disk. */
export interface UploadProgress {
  type: 'upload-progress';
  id: string;
  nextChunk: number;
  receivedBytes: number;
}

/**
 * The bytes are stored whole and their SHA-256 matched. Also the immediate answer to an offer
 * of bytes the hub already holds: nothing needs to be sent.
 */
export interface UploadComplete {
  type: 'upload-complete';
  id: string;
  attachment: StoredAttachment;
}

export type UploadErrorCode =
  | 'too-big' // over maxFileBytes
  | 'storage-full' // larger than the data folder's whole storage cap
  | 'too-many-uploads' // over maxUploadsPerConnection
  | 'unknown-upload' // a chunk whose transfer number names no open upload
  | 'bad-chunk' // a binary frame that is not a chunk (chunk-frame.ts)
  | 'out-of-order' // a chunk after a gap
  | 'duplicate-chunk' // a chunk the hub already has
  | 'past-size' // more bytes than the offer declared
  | 'short-upload' // a final chunk before the declared size
  | 'type-mismatch' // the first bytes are not the declared kind
  | 'hash-mismatch' // the whole bytes' SHA-256 is not the declared one
  | 'disk-error'; // the hub could not write (a full disk)

/**
 * An upload is refused or has failed; its partial bytes are gone and it may be offered again
 * from the start. `id` is null when the frame named no upload the hub could find.
 */
export interface UploadError {
  type: 'upload-error';
  id: string | null;
  code: UploadErrorCode;
  message: string;
}

/** The chunks of `sha256` follow, numbered `download`, starting at `nextChunk`. */
export interface AttachmentStart {
  type: 'attachment-start';
  download: number;
  attachment: StoredAttachment;
  nextChunk: number;
  chunkBytes: number;
}

/** The hub does not hold these bytes (evicted under the storage cap, or never stored). */
export interface AttachmentGone {
  type: 'attachment-gone';
  sha256: string;
  message: string;
}

export type UploadServerMessage =
  UploadAccept | UploadProgress | UploadComplete | UploadError | AttachmentStart | AttachmentGone;
export type UploadServerMessageType = UploadServerMessage['type'];

/** What a window shows for an attachment the hub no longer has. */
export const NO_LONGER_AVAILABLE = 'no longer available';
