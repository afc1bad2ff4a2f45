// Attaching files to the message being written: the file input beside the composer (a real
// <input type="file">, reached with Tab), dropping files on the chat, pasting an image. The
// tray above the composer lists each file with its upload's progress and a button that
// cancels it (or takes a finished one off the message). A refusal (too big, too many) is said
// in the composer's status line, and nothing is sent.

import type { ChatClient } from '../../../../client/client-types';
import type { AttachRefusal, UploadView } from '../../../../client/uploads';
import { t } from '../../i18n';
import { el } from '../dom';
import { formatBytes } from './file-size';

export interface PickerElements {
  input: HTMLInputElement;
  /** Where files may be dropped (the chat). */
  dropZone: HTMLElement;
  /** Where an image may be pasted (the message box). */
  pasteTarget: HTMLElement;
  tray: HTMLElement;
  status: HTMLElement;
}

type Attacher = Pick<ChatClient, 'attach' | 'cancelUpload'>;

export function refusalText(refusal: AttachRefusal): string {
  switch (refusal.code) {
    case 'too-big':
      return t('files.tooBig', { name: refusal.name, max: formatBytes(refusal.max) });
    case 'too-many-files':
      return t('files.tooMany', { max: refusal.max });
    case 'message-too-big':
      return t('files.messageTooBig', { max: formatBytes(refusal.max) });
    case 'bad-name':
      return t('files.badName', { name: refusal.name });
  }
}

async function readFiles(files: readonly File[]): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all(
    files.map(async (file, i) => ({
      // A pasted image has no useful name; it gets one the hub takes.
      name: file.name.trim() === '' ? `pasted-${i + 1}` : file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

export function bindFilePicker(
  client: Attacher,
  parts: PickerElements,
): (uploads: readonly UploadView[]) => void {
  const { input, dropZone, pasteTarget, tray, status } = parts;
  const attach = async (files: readonly File[]): Promise<void> => {
    if (files.length === 0) return;
    const refusal = client.attach(await readFiles(files));
    status.textContent = refusal ? refusalText(refusal) : '';
  };
  input.addEventListener('change', () => {
    void attach([...(input.files ?? [])]);
    input.value = '';
  });
  dropZone.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    dropZone.dataset.dropping = 'true';
  });
  dropZone.addEventListener('dragleave', () => delete dropZone.dataset.dropping);
  dropZone.addEventListener('drop', (event) => {
    delete dropZone.dataset.dropping;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    void attach(files);
  });
  pasteTarget.addEventListener('paste', (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return; // plain text pastes as text
    event.preventDefault();
    void attach(files);
  });
  tray.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('[data-upload]');
    if (button?.dataset.upload) client.cancelUpload(button.dataset.upload);
  });
  return (uploads) => tray.replaceChildren(...uploads.map(trayItem));
}

function trayItem(upload: UploadView): HTMLElement {
  return el(
    'li',
    {
      className: 'tray-item',
      attrs: { 'data-state': upload.state.phase, 'data-testid': 'tray-item' },
    },
    el('span', { className: 'file-name', text: upload.name }),
    el('span', { className: 'file-size', text: formatBytes(upload.size) }),
    el('span', { className: 'file-status', text: phaseText(upload) }),
    el('button', {
      className: 'tray-cancel',
      text: upload.state.phase === 'done' ? t('files.remove') : t('files.cancel'),
      attrs: {
        type: 'button',
        'data-upload': upload.id,
        'aria-label': t('files.cancelNamed', { name: upload.name }),
      },
    }),
  );
}

function phaseText(upload: UploadView): string {
  const { state, size } = upload;
  switch (state.phase) {
    case 'hashing':
      return t('files.hashing');
    case 'waiting':
      return t('files.waiting');
    case 'sending':
      return t('files.sending', {
        percent: size === 0 ? 0 : Math.floor((state.confirmedBytes / size) * 100),
      });
    case 'done':
      return t('files.uploaded');
    case 'failed':
      return t('files.uploadFailed', { message: state.message });
  }
}
