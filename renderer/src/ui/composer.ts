// The send box: Enter sends, Shift+Enter adds a line, nothing is sent mid-composition (IME),
// and typing is reported (through `onTyping`) for the "X is typing…" line in other windows.

import { LIMITS } from '../../../protocol/messages';
import type { SendResult } from '../../../client/client-types';
import { t } from '../i18n';

function refusal(reason: Extract<SendResult, { ok: false }>['reason']): string {
  switch (reason) {
    case 'empty':
      return t('composer.empty');
    case 'too-long':
      return t('composer.tooLong', { max: LIMITS.maxTextLength });
    case 'outbox-full':
      return t('composer.outboxFull');
    case 'files-not-ready':
      return t('composer.filesNotReady');
  }
}

export interface ComposerHooks {
  send: (text: string) => SendResult;
  /** Every edit, with whether the box now holds text. */
  onTyping?: (hasText: boolean) => void;
  /** A message left the box. */
  onSent?: () => void;
}

export function bindComposer(
  form: HTMLFormElement,
  textarea: HTMLTextAreaElement,
  status: HTMLElement,
  hooks: ComposerHooks,
): void {
  // No maxlength: it cuts a long paste without a word. The whole text stays in the box, the
  // count says how far over it is, and sending is refused until it fits.
  // Tracked ourselves as well as event.isComposing: some engines (Safari) fire the keydown
  // for the Enter that commits a composition after compositionend, others report keyCode 229.
  let composing = false;

  function showLength(): void {
    const left = LIMITS.maxTextLength - textarea.value.trimEnd().length;
    const over = left < 0;
    textarea.setAttribute('aria-invalid', String(over));
    if (over) status.textContent = t('composer.over', { count: -left, max: LIMITS.maxTextLength });
    else status.textContent = left < 200 ? t('composer.left', { count: left }) : '';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const result = hooks.send(textarea.value);
    if (result.ok) {
      textarea.value = '';
      status.textContent = '';
      hooks.onSent?.();
    } else {
      status.textContent = refusal(result.reason);
    }
    textarea.focus();
  });

  textarea.addEventListener('compositionstart', () => {
    composing = true;
  });
  textarea.addEventListener('compositionend', () => {
    composing = false;
  });
  // Leaving the box ends any composition; never let a lost compositionend block sending.
  textarea.addEventListener('blur', () => {
    composing = false;
  });

  textarea.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // keyCode 229 is the IME "process" key in browsers that end composition before keydown.
    if (composing || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    form.requestSubmit();
  });

  textarea.addEventListener('input', () => {
    showLength();
    hooks.onTyping?.(textarea.value.trim().length > 0);
  });
}
