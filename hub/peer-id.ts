// A window's public id, derived from its private resume secret (hello.secret). Only a holder
// of the secret can appear under that id, so knowing someone's public id (everyone sees it in
// presence) does not let anyone replace their window. Derived, not stored: the same secret
// gets the same id after a hub restart too, with no table to keep.

import { createHash } from 'node:crypto';

/** Hex characters kept from the SHA-256 digest: 96 bits, too many to find a second secret. */
export const PEER_ID_HEX_LENGTH = 24;

export function peerIdFor(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, PEER_ID_HEX_LENGTH);
}
