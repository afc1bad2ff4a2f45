// A window's uploads: each file the user attached, offered to the hub, sent as binary chunk
// frames while the socket has room (bufferedAmount under ATTACHMENT_LIMITS.sendBufferBytes),
// and done when the hub says it stored the bytes whole. A dropped connection or a hub restart
// does not lose one: after the next welcome it is offered again and carries on from where the
// hub's copy ends (or from the start). The limits are checked here first, so an oversized file
// is refused with its reason and nothing is sent.

import { ATTACHMENT_LIMITS, chunkCount, chunkLength } from '../protocol/attachment-limits';
import { encodeChunk } from '../protocol/chunk-frame';
import { detectKind, SNIFF_BYTES, type AttachmentKind } from '../protocol/file-kind';
import type { ClientMessage, ServerMessage } from '../protocol/messages';
import type { StoredAttachment, UploadErrorCode } from '../protocol/upload-messages';
import { fileNameRefusal } from '../protocol/upload-validate';
import type { ClientPlatform } from './client-types';
import { Emitter } from './emitter';

export type UploadPhase =
  | { phase: 'hashing' }
  /** Waiting for the hub (not connected, or offered and not yet accepted). */
  | { phase: 'waiting' }
  | { phase: 'sending'; confirmedBytes: number }
  | { phase: 'done'; attachment: StoredAttachment }
  | { phase: 'failed'; code: UploadErrorCode | 'too-many-files' | 'bad-name'; message: string };

/** One attached file as the composer shows it. */
export interface UploadView {
  id: string;
  name: string;
  size: number;
  kind: AttachmentKind;
  state: UploadPhase;
}

/** Why files could not be attached at all (nothing was sent). */
export type AttachRefusal =
  | { code: 'too-big'; name: string; size: number; max: number }
  | { code: 'too-many-files'; max: number }
  | { code: 'message-too-big'; max: number }
  | { code: 'bad-name'; name: string; reason: string };

export interface UploadLink {
  send(message: ClientMessage): boolean;
  sendBinary(frame: Uint8Array): boolean;
  readonly bufferedAmount: number;
}

interface Upload {
  view: UploadView;
  bytes: Uint8Array;
  sha256: string | null;
  /** The hub's transfer number on the current connection; 0 while not accepted. */
  transfer: number;
  nextChunk: number;
}

/** How often a sender whose socket is full looks again (browsers have no drain event). */
const PACE_MS = 20;

export class Uploads {
  private readonly list: Upload[] = [];
  private readonly events = new Emitter<readonly UploadView[]>();
  private welcomed = false;
  private pacing = false;

  constructor(
    private readonly link: UploadLink,
    private readonly platform: Pick<ClientPlatform, 'schedule' | 'randomId' | 'sha256'>,
  ) {}

  subscribe(listener: (uploads: readonly UploadView[]) => void): () => void {
    return this.events.subscribe(listener);
  }

  views(): UploadView[] {
    return this.list.map((u) => u.view);
  }

  /** Attaches files to the message being written; refused whole if any limit is over. */
  attach(files: readonly { name: string; bytes: Uint8Array }[]): AttachRefusal | null {
    const refusal = this.refusalFor(files);
    if (refusal) return refusal;
    for (const { name, bytes } of files) {
      const view: UploadView = {
        id: this.platform.randomId(),
        name,
        size: bytes.length,
        kind: detectKind(bytes.subarray(0, SNIFF_BYTES)),
        state: { phase: 'hashing' },
      };
      const upload: Upload = { view, bytes, sha256: null, transfer: 0, nextChunk: 0 };
      this.list.push(upload);
      void this.platform.sha256(bytes).then((hash) => {
        upload.sha256 = hash;
        if (!this.list.includes(upload)) return;
        this.set(upload, { phase: 'waiting' });
        this.offer(upload);
      });
    }
    this.changed();
    return null;
  }

  /** Gives up an upload (or removes a finished one from the message). */
  cancel(id: string): void {
    const upload = this.list.find((u) => u.view.id === id);
    if (!upload) return;
    this.list.splice(this.list.indexOf(upload), 1);
    if (upload.view.state.phase !== 'done') this.link.send({ type: 'upload-cancel', id });
    this.changed();
  }

  /** Whether every attached file is stored whole (the message may be sent). */
  get ready(): boolean {
    return this.list.every((u) => u.view.state.phase === 'done');
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /** The finished files, as a message names them. */
  refs(): { sha256: string; name: string }[] {
    return this.list.flatMap((u) =>
      u.view.state.phase === 'done'
        ? [{ sha256: u.view.state.attachment.sha256, name: u.view.name }]
        : [],
    );
  }

  /** The message naming them was sent: the composer starts empty again. */
  clear(): void {
    this.list.length = 0;
    this.changed();
  }

  /** The hub welcomed this window: offer (again) every upload not yet done. */
  onWelcome(): void {
    this.welcomed = true;
    for (const upload of this.list) {
      if (upload.view.state.phase === 'sending') this.set(upload, { phase: 'waiting' });
      this.offer(upload);
    }
  }

  /** The socket is gone: every transfer number with it. */
  onClosed(): void {
    this.welcomed = false;
    for (const upload of this.list) {
      upload.transfer = 0;
      if (upload.view.state.phase === 'sending') this.set(upload, { phase: 'waiting' });
    }
  }

  onMessage(message: ServerMessage): void {
    if (
      message.type !== 'upload-accept' &&
      message.type !== 'upload-progress' &&
      message.type !== 'upload-complete' &&
      message.type !== 'upload-error'
    ) {
      return;
    }
    const upload = this.list.find((u) => u.view.id === message.id);
    if (!upload) return;
    switch (message.type) {
      case 'upload-accept':
        upload.transfer = message.upload;
        upload.nextChunk = message.nextChunk;
        this.set(upload, {
          phase: 'sending',
          confirmedBytes: Math.min(upload.view.size, message.nextChunk * message.chunkBytes),
        });
        return this.pace();
      case 'upload-progress':
        if (upload.view.state.phase === 'sending') {
          this.set(upload, { phase: 'sending', confirmedBytes: message.receivedBytes });
        }
        return;
      case 'upload-complete':
        upload.transfer = 0;
        return this.set(upload, { phase: 'done', attachment: message.attachment });
      case 'upload-error':
        upload.transfer = 0;
        return this.set(upload, { phase: 'failed', code: message.code, message: message.message });
    }
  }

  private refusalFor(files: readonly { name: string; bytes: Uint8Array }[]): AttachRefusal | null {
    const max = ATTACHMENT_LIMITS.maxAttachmentsPerMessage;
    if (this.list.length + files.length > max) return { code: 'too-many-files', max };
    for (const { name, bytes } of files) {
      const reason = fileNameRefusal(name);
      if (reason !== null) return { code: 'bad-name', name, reason };
      if (bytes.length > ATTACHMENT_LIMITS.maxFileBytes) {
        return { code: 'too-big', name, size: bytes.length, max: ATTACHMENT_LIMITS.maxFileBytes };
      }
    }
    const total = [
      ...this.list.map((u) => u.view.size),
      ...files.map((f) => f.bytes.length),
    ].reduce((a, b) => a + b, 0);
    if (total > ATTACHMENT_LIMITS.maxMessageBytes) {
      return { code: 'message-too-big', max: ATTACHMENT_LIMITS.maxMessageBytes };
    }
    return null;
  }

  private offer(upload: Upload): void {
    const { sha256, view } = upload;
    if (!this.welcomed || sha256 === null || view.state.phase !== 'waiting') return;
    this.link.send({
      type: 'upload-offer',
      id: view.id,
      name: view.name,
      size: view.size,
      kind: view.kind,
      sha256,
    });
  }

  /** Sends chunks of the accepted uploads while the socket has room, then looks again later. */
  private pace(): void {
    if (this.pacing) return;
    const sending = this.list.filter(
      (u) => u.transfer !== 0 && u.nextChunk < chunkCount(u.view.size),
    );
    for (const upload of sending) {
      while (
        upload.transfer !== 0 &&
        upload.nextChunk < chunkCount(upload.view.size) &&
        this.link.bufferedAmount < ATTACHMENT_LIMITS.sendBufferBytes
      ) {
        if (!this.link.sendBinary(this.frame(upload))) return;
        upload.nextChunk += 1;
      }
    }
    if (!sending.some((u) => u.transfer !== 0 && u.nextChunk < chunkCount(u.view.size))) return;
    this.pacing = true;
    this.platform.schedule(() => {
      this.pacing = false;
      this.pace();
    }, PACE_MS);
  }

  private frame(upload: Upload): Uint8Array {
    const { size } = upload.view;
    const index = upload.nextChunk;
    const start = index * ATTACHMENT_LIMITS.chunkBytes;
    const payload = upload.bytes.subarray(start, start + chunkLength(size, index));
    const final = index === chunkCount(size) - 1;
    return encodeChunk({ transfer: upload.transfer, index, final, payload });
  }

  private set(upload: Upload, state: UploadPhase): void {
    upload.view = { ...upload.view, state };
    this.changed();
  }

  private changed(): void {
    this.events.emit(this.views());
  }
}
