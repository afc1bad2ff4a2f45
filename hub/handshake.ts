// Decides, from the HTTP upgrade request alone, whether a WebSocket may be opened. It runs in
// the http server's 'upgrade' handler, before ws allocates anything for the connection.

import type { IncomingMessage } from 'node:http';
import { CONSOLE_SUBPROTOCOL, type ConnectionRole } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { tokenMatches } from './token';

export interface HandshakePolicy {
  /** What a chat window presents. */
  token: string;
  /** What a server console presents: a separate capability, so a window cannot administer. */
  consoleToken: string | undefined;
  /** Exact-match Origin allow-list. */
  allowedOrigins: ReadonlySet<string>;
  /** Host header values that name this server (loopback + port), against DNS rebinding. */
  allowedHosts: ReadonlySet<string>;
}

/** `role` says which subprotocol was offered: a chat window or a server console. */
export type HandshakeVerdict =
  { ok: true; role: ConnectionRole } | { ok: false; status: 400 | 401 | 403 | 426; reason: string };

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function checkHandshake(req: IncomingMessage, policy: HandshakePolicy): HandshakeVerdict {
  const host = req.headers.host;
  if (host === undefined || !policy.allowedHosts.has(host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'Host is not this loopback server' };
  }
  const origin = req.headers.origin;
  if (origin === undefined || !policy.allowedOrigins.has(origin)) {
    return { ok: false, status: 403, reason: 'Origin not allowed' };
  }
  const protocols = offeredProtocols(req);
  const role = roleOffered(protocols);
  if (role === null) {
    return {
      ok: false,
      status: 400,
      reason: `Subprotocol ${SUBPROTOCOL} (or ${CONSOLE_SUBPROTOCOL}) required`,
    };
  }
  // Each role has its own token, and each token opens only its role.
  const expected = role === 'chat' ? policy.token : policy.consoleToken;
  const tokenEntry = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  const given = tokenEntry?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (expected === undefined || !tokenMatches(expected, given)) {
    return { ok: false, status: 401, reason: 'Missing or wrong token' };
  }
  return { ok: true, role };
}

/** The chat subprotocol wins when both are offered. */
function roleOffered(protocols: Iterable<string>): ConnectionRole | null {
  const offered = new Set(protocols);
  if (offered.has(SUBPROTOCOL)) return 'chat';
  if (offered.has(CONSOLE_SUBPROTOCOL)) return 'console';
  return null;
}

/**
 * The subprotocol the hub answers with: the offered role's own, never the token entry. ws asks
 * it after checkHandshake, so it picks the role that check opened.
 */
export function selectSubprotocol(protocols: Iterable<string>): string | false {
  const role = roleOffered(protocols);
  if (role === null) return false;
  return role === 'chat' ? SUBPROTOCOL : CONSOLE_SUBPROTOCOL;
}
