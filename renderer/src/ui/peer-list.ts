// Who is online, from the hub's welcome and presence frames.

import type { Peer } from '../../../protocol/messages';
import { t } from '../i18n';
import { el } from './dom';
import { applyPersonColour } from './person-colour';

export function renderPeers(
  list: HTMLUListElement,
  count: HTMLElement,
  empty: HTMLElement,
  peers: readonly Peer[],
  selfId: string,
): void {
  const sorted = [...peers].sort((a, b) =>
    a.id === selfId ? -1 : b.id === selfId ? 1 : a.name.localeCompare(b.name),
  );
  list.replaceChildren(
    ...sorted.map((peer) => {
      const item = el(
        'li',
        { className: 'peer' },
        el('span', { className: 'peer-name', text: peer.name }),
      );
      // The dot before the name is the person's colour, as on their messages.
      applyPersonColour(item, peer.id, peer.colour);
      if (peer.id === selfId) {
        item.classList.add('peer-self');
        item.append(el('span', { className: 'you', text: ` ${t('peers.you')}` }));
      }
      return item;
    }),
  );
  count.textContent = peers.length > 0 ? `(${peers.length})` : '';
  empty.hidden = peers.length > 0;
}
