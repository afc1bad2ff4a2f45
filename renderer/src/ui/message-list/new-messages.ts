// Unseen messages and the "New messages" pill. A message is unseen when it comes from someone
// else and arrives while the reader is scrolled up (not following the bottom) or the page is
// hidden; the count drops to 0 once the reader is back at the bottom of a visible page. The
// pill shows the count while the reader is scrolled up; clicking it jumps to the newest.

import { t } from '../../i18n';
import { el } from '../dom';

export class UnseenMessages {
  private unseen = 0;
  private readonly listeners = new Set<(count: number) => void>();
  private readonly pill: HTMLButtonElement;

  /** Wraps `list` with the pill, which calls `jump` when clicked. */
  constructor(
    private readonly list: HTMLOListElement,
    jump: () => void,
  ) {
    // The pill floats over the bottom of the list, so list and pill share a positioned box.
    const viewport = el('div', { className: 'message-viewport' });
    this.pill = el('button', {
      className: 'new-messages-pill',
      attrs: { type: 'button', 'data-testid': 'new-messages' },
    });
    this.pill.hidden = true;
    list.replaceWith(viewport);
    viewport.append(list, this.pill);
    this.pill.addEventListener('click', () => jump());
  }

  get count(): number {
    return this.unseen;
  }

  set(count: number): void {
    if (count === this.unseen) return;
    this.unseen = count;
    for (const listener of this.listeners) listener(count);
  }

  /** cb(count) whenever the count changes; returns an unsubscribe function. */
  onChange(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows or hides the pill; call once a frame. */
  showPill(following: boolean): void {
    const pill = this.pill;
    const show = !following && this.unseen > 0;
    if (show) {
      const text =
        this.unseen === 1 ? t('list.newMessage') : t('list.newMessages', { count: this.unseen });
      if (pill.textContent !== text) pill.textContent = text;
    }
    if (pill.hidden === show) {
      if (!show && document.activeElement === pill) this.list.focus();
      pill.hidden = !show;
    }
  }
}
