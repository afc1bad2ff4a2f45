// The send box: Enter sends, Shift+Enter adds a line, nothing is sent mid-composition (IME).

import { LIMITS } from '../../../protocol/messages';
import type { SendResult } from '../connection/client';

const REFUSALS: Record<Extract<SendResult, { ok: false }>['reason'], string> = {
  empty: 'Nothing to send.',
  'too-long': `Messages can be at most ${LIMITS.maxTextLength} characters.`,
  'outbox-full': 'Too many messages are waiting to be sent; wait for the connection.',
};

export function bindComposer(
  form: HTMLFormElement,
  textarea: HTMLTextAreaElement,
  status: HTMLElement,
  send: (text: string) => SendResult,
): void {
  textarea.maxLength = LIMITS.maxTextLength;

  function showLength(): void {
    const left = LIMITS.maxTextLength - textarea.value.length;
    status.textContent = left < 200 ? `${left} characters left.` : '';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const result = send(textarea.value);
    if (result.ok) {
      textarea.value = '';
      status.textContent = '';
    } else {
      status.textContent = REFUSALS[result.reason];
    }
    textarea.focus();
  });

  textarea.addEventListener('keydown', (event) => {
    // keyCode 229 is the IME "process" key in browsers that end composition before keydown.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    form.requestSubmit();
  });

  textarea.addEventListener('input', showLength);
}
