// Browser mode: answers a tab that asks why its WebSocket was refused (protocol/handshake-check.ts).
// It says only whether the token it was given is this run's, compared in constant time; the
// real token is never in the answer, and the answer is never cached.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HANDSHAKE_CHECK_HEADER, type HandshakeCheckReply } from '../protocol/handshake-check';
import { tokenMatches } from './token';

export function answerHandshakeCheck(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): void {
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET', 'Cache-Control': 'no-store' }).end();
    return;
  }
  const given = req.headers[HANDSHAKE_CHECK_HEADER.toLowerCase()];
  const reply: HandshakeCheckReply = {
    verdict: tokenMatches(token, typeof given === 'string' ? given : undefined)
      ? 'ok'
      : 'wrong-token',
  };
  const body = JSON.stringify(reply);
  res
    .writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    .end(body);
}
