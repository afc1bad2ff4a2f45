// The buttons on a message that may not have arrived: "send again" and "discard".

import { PENDING_ACTIONS } from './row-elements';

/** What the buttons on a message that may not have arrived do. */
export interface PendingActions {
  sendAgain(id: string): void;
  discard(id: string): void;
}

/** One listener for every row's buttons: rows come and go as the window scrolls. */
export function bindPendingActions(list: HTMLElement, actions: PendingActions | null): void {
  list.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    const id = button?.closest('li')?.dataset.id;
    if (!button || !id || !actions) return;
    if (button.dataset.action === PENDING_ACTIONS.sendAgain) actions.sendAgain(id);
    else if (button.dataset.action === PENDING_ACTIONS.discard) actions.discard(id);
  });
}
