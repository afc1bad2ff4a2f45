// Why a browser tab's WebSocket was refused. A browser only ever reports 1006 for a refused
// handshake, so a tab in browser mode asks the hub over plain HTTP (same origin; the token in
// a request header, never in a URL that could be logged or cached).

export const HANDSHAKE_CHECK_PATH = '/handshake-check';
export const HANDSHAKE_CHECK_HEADER = 'X-Loopchat-Token';

/** `wrong-token`: a token from another run of the hub (or none); `ok`: the token is fine. */
export type HandshakeCheckVerdict = 'ok' | 'wrong-token';

export interface HandshakeCheckReply {
  verdict: HandshakeCheckVerdict;
}

/** The verdict in a reply body, or null for anything else. */
export function parseHandshakeCheckReply(body: unknown): HandshakeCheckVerdict | null {
  if (typeof body !== 'object' || body === null || !('verdict' in body)) return null;
  const { verdict } = body;
  return verdict === 'ok' || verdict === 'wrong-token' ? verdict : null;
}
