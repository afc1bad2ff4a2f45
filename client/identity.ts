// Who this window is to the hub. It holds a private resume secret (sessionStorage: per window,
// kept across a reload) and sends it in hello; the hub derives the window's public id from it,
// so nobody who only knows that id can take the window's place.
//
// A browser tab duplicated by the user starts with a copy of the original tab's
// sessionStorage, secret included: two tabs with one secret would replace each other forever.
// The page keeps a "live" marker in sessionStorage while it is shown (set on load and
// pageshow, cleared on pagehide). A reload finds it cleared and stays the same window; a
// duplicate finds it set, because it was copied from a live tab, and becomes a new window at
// once: fresh secret, no copied outbox (the original tab still owns and sends those
// messages). The copied chat log is kept; it is just history.
//
// Limit: a page that goes without a pagehide (a renderer crash, a tab the browser discarded)
// looks like a duplicate when it is loaded again, so it comes back as a new window and drops
// its unsent messages rather than risk sending them twice.

import { isValidSecret } from '../protocol/messages';
import { readText, writeText, type KeyValueStore } from './storage';

export const IDENTITY_KEYS = {
  secret: 'loopchat.secret',
  /** The public id the hub last gave this window (welcome.you.id), for own-message marks. */
  selfId: 'loopchat.selfId',
  live: 'loopchat.live',
} as const;

/** This window's secret: the stored one, or a new one from `make` (stored for reloads). */
export function windowSecret(session: KeyValueStore, make: () => string): string {
  const stored = readText(session, IDENTITY_KEYS.secret);
  if (stored !== null && isValidSecret(stored)) return stored;
  const made = make();
  if (!isValidSecret(made)) throw new Error('randomSecret made an invalid hello.secret');
  writeText(session, IDENTITY_KEYS.secret, made);
  return made;
}

/** The public id this window had at its last welcome ('' before the first one). */
export function knownSelfId(session: KeyValueStore): string {
  return readText(session, IDENTITY_KEYS.selfId) ?? '';
}

export function rememberSelfId(session: KeyValueStore, id: string): void {
  writeText(session, IDENTITY_KEYS.selfId, id);
}

/**
 * Marks the page live; call on load (before the client is created) and on pageshow. Returns
 * 'duplicate' if it already was, after forgetting the copied identity and `outboxKey`.
 */
export function claimPage(session: KeyValueStore, outboxKey: string): 'same' | 'duplicate' {
  const duplicate = readText(session, IDENTITY_KEYS.live) !== null;
  if (duplicate) {
    for (const key of [IDENTITY_KEYS.secret, IDENTITY_KEYS.selfId, outboxKey]) {
      forget(session, key);
    }
  }
  writeText(session, IDENTITY_KEYS.live, '1');
  return duplicate ? 'duplicate' : 'same';
}

/** The page is going away (pagehide): the next load of this tab is a reload, not a copy. */
export function releasePage(session: KeyValueStore): void {
  forget(session, IDENTITY_KEYS.live);
}

function forget(session: KeyValueStore, key: string): void {
  try {
    session.removeItem(key);
  } catch {
    // Storage refused: nothing was stored there either.
  }
}
