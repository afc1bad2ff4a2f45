// Browser mode: asks the hub that served this page whether this tab's token is still good
// (see protocol/handshake-check.ts). Same origin, so the CSP's 'self' allows it.

import {
  HANDSHAKE_CHECK_HEADER,
  HANDSHAKE_CHECK_PATH,
  parseHandshakeCheckReply,
  type HandshakeCheckVerdict,
} from '../../../protocol/handshake-check';

export function createRefusalCheck(
  token: string,
  fetchPage: typeof fetch,
): () => Promise<HandshakeCheckVerdict | null> {
  return async () => {
    try {
      const response = await fetchPage(HANDSHAKE_CHECK_PATH, {
        headers: { [HANDSHAKE_CHECK_HEADER]: token },
        cache: 'no-store',
      });
      return response.ok ? parseHandshakeCheckReply(await response.json()) : null;
    } catch {
      return null; // hub down or unreachable: nothing to learn, keep retrying
    }
  };
}
