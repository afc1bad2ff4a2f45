// A window's downloads: the bytes of the attachments its messages name, fetched from the hub
// as binary chunk frames (attachment-get, attachment-start, chunks). An attachment is ready only
// when every byte is here and their SHA-256 is the one the message names: nothing half-received
// is ever shown as complete. A download cut by a dropped connection asks again, after the next
// welcome, from the chunk where its copy ends.

import { chunkCount } from '../protocol/attachment-limits';
import { decodeChunk } from '../protocol/chunk-frame';
import type { ClientMessage, ServerMessage } from '../protocol/messages';
import type { Attachment } from '../protocol/upload-messages';
import type { ClientPlatform } from './client-types';
import { Emitter } from './emitter';

export type DownloadState =
  | { state: 'fetching'; receivedBytes: number; size: number }
  | { state: 'ready'; bytes: Uint8Array }
  /** The hub no longer holds the bytes (evicted under its storage cap). */
  | { state: 'gone' }
  | { state: 'failed'; reason: 'hash-mismatch' | 'bad-chunk' };

interface Download {
  attachment: Attachment;
  parts: Uint8Array[];
  receivedBytes: number;
  /** The hub's download number on this connection; 0 until attachment-start. */
  number: number;
  state: DownloadState;
}

export interface DownloadLink {
  send(message: ClientMessage): boolean;
}

export class Downloads {
  private readonly byHash = new Map<string, Download>();
  private readonly events = new Emitter<{ sha256: string; state: DownloadState }>();
  private welcomed = false;

  constructor(
    private readonly link: DownloadLink,
    private readonly platform: Pick<ClientPlatform, 'sha256'>,
  ) {}

  subscribe(listener: (news: { sha256: string; state: DownloadState }) => void): () => void {
    return this.events.subscribe(listener);
  }

  state(sha256: string): DownloadState | null {
    return this.byHash.get(sha256)?.state ?? null;
  }

  /** The UI shows this attachment: fetch its bytes unless they are here or on their way. */
  want(attachment: Attachment): DownloadState {
    const known = this.byHash.get(attachment.sha256);
    if (known) return known.state;
    const download: Download = {
      attachment,
      parts: [],
      receivedBytes: 0,
      number: 0,
      state: { state: 'fetching', receivedBytes: 0, size: attachment.size },
    };
    this.byHash.set(attachment.sha256, download);
    this.request(download);
    return download.state;
  }

  onWelcome(): void {
    this.welcomed = true;
    for (const download of this.byHash.values()) this.request(download);
  }

  onClosed(): void {
    this.welcomed = false;
    for (const download of this.byHash.values()) download.number = 0;
  }

  onMessage(message: ServerMessage): void {
    if (message.type === 'attachment-start') {
      const download = this.byHash.get(message.attachment.sha256);
      if (download?.state.state === 'fetching') download.number = message.download;
    } else if (message.type === 'attachment-gone') {
      const download = this.byHash.get(message.sha256);
      if (download && download.state.state === 'fetching') this.set(download, { state: 'gone' });
    }
  }

  onBinary(frame: Uint8Array): void {
    const decoded = decodeChunk(frame);
    if (!decoded.ok) return;
    const { chunk } = decoded;
    const download = [...this.byHash.values()].find(
      (d) => d.number === chunk.transfer && d.state.state === 'fetching',
    );
    if (!download) return;
    if (chunk.index !== download.parts.length) {
      // A chunk out of place: start again rather than show wrong bytes.
      download.parts = [];
      download.receivedBytes = 0;
      download.number = 0;
      this.link.send({ type: 'attachment-cancel', sha256: download.attachment.sha256 });
      return this.request(download);
    }
    download.parts.push(chunk.payload.slice());
    download.receivedBytes += chunk.payload.length;
    const { size } = download.attachment;
    if (download.parts.length < chunkCount(size)) {
      return this.set(download, { state: 'fetching', receivedBytes: download.receivedBytes, size });
    }
    void this.finish(download);
  }

  private async finish(download: Download): Promise<void> {
    const bytes = new Uint8Array(download.receivedBytes);
    let at = 0;
    for (const part of download.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    download.parts = [];
    download.number = 0;
    const hash = await this.platform.sha256(bytes);
    const whole = hash === download.attachment.sha256 && bytes.length === download.attachment.size;
    this.set(
      download,
      whole ? { state: 'ready', bytes } : { state: 'failed', reason: 'hash-mismatch' },
    );
  }

  private request(download: Download): void {
    if (!this.welcomed || download.state.state !== 'fetching' || download.number !== 0) return;
    this.link.send({
      type: 'attachment-get',
      sha256: download.attachment.sha256,
      fromChunk: download.parts.length,
    });
  }

  private set(download: Download, state: DownloadState): void {
    download.state = state;
    this.events.emit({ sha256: download.attachment.sha256, state });
  }
}
