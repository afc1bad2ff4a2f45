// The attachments of chat messages as a window shows them: a file chip (name, size, Save) for
// each, and a thumbnail for PNG, JPEG, GIF and WebP (the kind the hub found in the bytes) that
// opens full size. Both appear only once the window holds every byte and their SHA-256 matched
// (client/downloads.ts); until then the chip shows how much has arrived. Image bytes are shown
// through blob: URLs of this window's own copy, typed from the kind, never as SVG or HTML.

import type { ChatClient } from '../../../../client/client-types';
import type { LoopchatBridge } from '../../../../protocol/bridge';
import type { DownloadState } from '../../../../client/downloads';
import { isImageKind, mimeTypeOf } from '../../../../protocol/file-kind';
import type { Attachment } from '../../../../protocol/upload-messages';
import { t } from '../../i18n';
import { el } from '../dom';
import { formatBytes } from './file-size';

interface Held {
  state: DownloadState;
  url: string | null;
}

export class AttachmentShelf {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly client: Pick<ChatClient, 'fetchAttachment'>,
    private readonly root: ParentNode,
    private readonly viewer: HTMLDialogElement,
    /** The desktop app's save dialog (the preload's saveFile); null: an ordinary download. */
    private readonly saveFile: LoopchatBridge['saveFile'] | null = null,
  ) {}

  /** The block under a message's text: one item per attachment. */
  block(attachments: readonly Attachment[]): HTMLElement {
    const list = el('ul', { className: 'attachments', attrs: { 'data-testid': 'attachments' } });
    for (const attachment of attachments) {
      const item = el('li', {
        className: 'attachment',
        attrs: { 'data-sha': attachment.sha256, 'data-kind': attachment.kind },
      });
      this.fill(item, attachment, this.stateOf(attachment));
      list.append(item);
    }
    return list;
  }

  /** A download moved on: every item showing these bytes is brought up to date. */
  update(sha256: string, state: DownloadState): void {
    const held = this.held.get(sha256);
    if (!held) return;
    held.state = state;
    for (const item of this.root.querySelectorAll<HTMLElement>(`[data-sha="${sha256}"]`)) {
      const attachment = attachmentOf(item);
      if (attachment) this.fill(item, attachment, state);
    }
  }

  private stateOf(attachment: Attachment): DownloadState {
    const held = this.held.get(attachment.sha256);
    if (held) return held.state;
    const state = this.client.fetchAttachment(attachment);
    this.held.set(attachment.sha256, { state, url: null });
    return state;
  }

  /** This window's copy of the bytes as a blob: URL, made once per attachment. */
  private urlOf(attachment: Attachment, bytes: Uint8Array): string {
    const held = this.held.get(attachment.sha256);
    if (held?.url) return held.url;
    const blob = new Blob([new Uint8Array(bytes)], { type: mimeTypeOf(attachment.kind) });
    const url = URL.createObjectURL(blob);
    if (held) held.url = url;
    return url;
  }

  private fill(item: HTMLElement, attachment: Attachment, state: DownloadState): void {
    item.dataset.name = attachment.name;
    item.dataset.size = String(attachment.size);
    item.dataset.state = state.state;
    const parts: Node[] = [];
    const url = state.state === 'ready' ? this.urlOf(attachment, state.bytes) : null;
    if (url && isImageKind(attachment.kind)) parts.push(this.thumbnail(attachment, url));
    parts.push(this.chip(attachment, state, url));
    item.replaceChildren(...parts);
  }

  private thumbnail(attachment: Attachment, url: string): HTMLElement {
    const image = el('img', {
      className: 'thumbnail',
      attrs: { src: url, alt: attachment.name, 'data-testid': 'thumbnail' },
    });
    const open = el(
      'button',
      {
        className: 'thumbnail-button',
        attrs: { type: 'button', 'aria-label': t('files.openFull', { name: attachment.name }) },
      },
      image,
    );
    open.addEventListener('click', () => {
      const full = el('img', {
        className: 'full-image',
        attrs: { src: url, alt: attachment.name },
      });
      this.viewer.querySelector('.viewer-body')?.replaceChildren(full);
      this.viewer.showModal();
    });
    return open;
  }

  private chip(attachment: Attachment, state: DownloadState, url: string | null): HTMLElement {
    const chip = el(
      'span',
      { className: 'file-chip' },
      el('span', {
        className: 'file-name',
        text: attachment.name,
        attrs: { 'data-testid': 'file-name' },
      }),
      el('span', { className: 'file-size', text: formatBytes(attachment.size) }),
    );
    if (url) {
      // An ordinary download of this window's copy: exactly the bytes the hub checked.
      const save = el('a', {
        className: 'save-link',
        text: t('files.save'),
        attrs: { href: url, download: attachment.name, 'data-testid': 'save' },
      });
      if (this.saveFile && state.state === 'ready')
        this.saveWithDialog(save, attachment, state.bytes);
      chip.append(save);
    } else {
      chip.append(el('span', { className: 'file-status', text: statusText(state) }));
    }
    return chip;
  }

  /** In the desktop app Save asks the main process, which shows the save dialog. */
  private saveWithDialog(link: HTMLElement, attachment: Attachment, bytes: Uint8Array): void {
    const { saveFile } = this;
    if (!saveFile) return;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      link.parentElement?.querySelector('.file-status')?.remove();
      saveFile({ name: attachment.name, bytes }).catch((err: unknown) => {
        console.warn(`saving ${attachment.name} failed: ${String(err)}`);
        link.after(el('span', { className: 'file-status', text: t('files.saveFailed') }));
      });
    });
  }
}

function statusText(state: DownloadState): string {
  switch (state.state) {
    case 'fetching':
      return t('files.arriving', {
        percent: state.size === 0 ? 0 : Math.floor((state.receivedBytes / state.size) * 100),
      });
    case 'gone':
      return t('files.gone');
    case 'failed':
      return t('files.failed');
    case 'ready':
      return '';
  }
}

/** The attachment an item shows, read back from its data attributes. */
function attachmentOf(item: HTMLElement): Attachment | null {
  const { sha, kind, name, size } = item.dataset;
  if (!sha || !kind || name === undefined || size === undefined) return null;
  return { sha256: sha, kind: kind as Attachment['kind'], name, size: Number(size) };
}
