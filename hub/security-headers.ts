// The one home of the headers every HTTP response from the hub carries: pages, files, and
// every refusal (404, 405, 426, the raw upgrade errors, the 400/408 for a broken request).
// An error page is a page too: without them it could be framed, sniffed or leak a referrer.

import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The page may talk to this hub and nothing else; no inline script or style. `sameOrigin`: a
 * page the hub serves itself (browser mode) may also ask its own server why a connection was
 * refused (/handshake-check); Electron's app:// pages have no such server.
 */
export function contentSecurityPolicy(hubPort: number | undefined, sameOrigin = false): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for the windows' own copies of image attachments (never from SVG or HTML).
    "img-src 'self' data: blob:",
    "font-src 'self'",
    hubPort === undefined
      ? "connect-src 'none'"
      : `connect-src ws://127.0.0.1:${hubPort}${sameOrigin ? " 'self'" : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(hubPort: number | undefined): Record<string, string> {
  return {
    // Every response of the hub's own is browser mode's (Electron serves app:// itself).
    'Content-Security-Policy': contentSecurityPolicy(hubPort, true),
    'X-Content-Type-Options': 'nosniff',
    // frame-ancestors for browsers that predate it.
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    // Another site may not embed the hub's responses (no-cors loads of a localhost server).
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

const PLAIN = 'text/plain; charset=utf-8';

/** A plain-text refusal through Node's response object. */
export function sendPlain(
  res: ServerResponse,
  status: number,
  text: string,
  hubPort: number | undefined,
): void {
  res
    .writeHead(status, {
      ...securityHeaders(hubPort),
      'Content-Type': PLAIN,
      'Cache-Control': 'no-store',
    })
    .end(text);
}

/** The same refusal written straight to a socket (an upgrade, or a request Node gave up on). */
export function rawResponse(status: number, text: string, hubPort: number | undefined): string {
  const headers: Record<string, string> = {
    ...securityHeaders(hubPort),
    Connection: 'close',
    'Content-Type': PLAIN,
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n${lines.join('')}\r\n${text}`;
}

/** Writes a raw refusal and closes the socket once it is flushed, even if the peer never does. */
export function refuseOnSocket(
  socket: Duplex,
  status: number,
  text: string,
  hubPort: number | undefined,
): void {
  if (!socket.writable) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end(rawResponse(status, text, hubPort));
}
