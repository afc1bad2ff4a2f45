// A window's files: its uploads and its downloads, both hearing the link. They subscribe after
// the session, so a welcome has been handled (and the socket greeted) before they offer again.
// Emits what the composer and the attachment views show, as client events.

import type { ClientEvent, ClientPlatform } from './client-types';
import { Downloads } from './downloads';
import { Emitter } from './emitter';
import type { Link } from './link';
import { Uploads } from './uploads';

export type FilesEvent = Extract<ClientEvent, { type: 'uploads' } | { type: 'attachment' }>;

export class Files {
  readonly uploads: Uploads;
  readonly downloads: Downloads;
  private readonly events = new Emitter<FilesEvent>();

  constructor(link: Link, platform: ClientPlatform) {
    this.uploads = new Uploads(link, platform);
    this.downloads = new Downloads(link, platform);
    link.subscribe((event) => {
      if (event.type === 'message') {
        if (event.message.type === 'welcome') {
          this.uploads.onWelcome();
          this.downloads.onWelcome();
        }
        this.uploads.onMessage(event.message);
        this.downloads.onMessage(event.message);
      } else if (event.type === 'binary') {
        this.downloads.onBinary(event.bytes);
      } else if (event.type === 'closed') {
        this.uploads.onClosed();
        this.downloads.onClosed();
      }
    });
    this.uploads.subscribe((list) => this.events.emit({ type: 'uploads', uploads: list }));
    this.downloads.subscribe(({ sha256, state }) =>
      this.events.emit({ type: 'attachment', sha256, state }),
    );
  }

  subscribe(listener: (event: FilesEvent) => void): () => void {
    return this.events.subscribe(listener);
  }
}
