// The header line about the console's own link to the hub: its readyState, what that means,
// and after a close, the code and reason while it reconnects.

import { describeCloseCode } from '../../../protocol/close-codes';
import { describeReadyState, readyStateLabel, READY_STATES } from '../../../client/ready-state';
import { t } from '../i18n';
import { byId } from '../ui/dom';
import type { LinkState } from './console-socket';

export function linkMeaning(state: LinkState): string {
  const meaning = describeReadyState(state.readyState);
  if (state.readyState !== 3 || !state.lastClose) return meaning;
  const { code, reason } = state.lastClose;
  const params = { code, meaning: describeCloseCode(code), reason };
  return `${meaning} ${t(reason ? 'console.lastCloseReason' : 'console.lastClose', params)}`;
}

export function mountLinkStatus(): (state: LinkState) => void {
  const label = byId('console-link', HTMLElement);
  const meaning = byId('console-link-meaning', HTMLElement);
  const dot = byId('console-link-dot', HTMLElement);
  return (state) => {
    label.textContent = readyStateLabel(state.readyState);
    dot.dataset.state = READY_STATES[state.readyState].toLowerCase();
    meaning.textContent = linkMeaning(state);
  };
}
