// What a presence change does to the window's list of who is online, and the note the chat
// shows for it. Only changes travel (the full list comes with welcome).

import type { Peer, PresenceChange } from '../protocol/messages';
import type { ClientNote } from './client-types';

/** The peers after `change`: a joined or renamed peer is (re)placed last, a left one goes. */
export function applyPresence(peers: readonly Peer[], change: PresenceChange): Peer[] {
  const others = peers.filter((p) => p.id !== change.peer.id);
  return change.kind === 'left' ? others : [...others, change.peer];
}

/** The chat's note for a change; the user's own join and leave say nothing. */
export function presenceNote(change: PresenceChange, selfId: string): ClientNote | null {
  const { name } = change.peer;
  if (change.peer.id === selfId)
    return change.kind === 'renamed' ? { code: 'renamed-self', name } : null;
  if (change.kind === 'renamed') return { code: 'renamed', previous: change.previousName, name };
  return { code: change.kind, name };
}
