// The chat client's socket, on `ws` instead of the browser's WebSocket: the same
// handlers (open, message, close, error), plus what only a Node client can see — the
// handshake's status and headers, a refusal's status and body, pings — for --events and for
// a clear message when the hub refuses the handshake.

import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { CLOSE_CODES } from '../protocol/close-codes';
import { redactToken } from '../protocol/messages';
import type { OpenSocket } from '../client/client-types';

/** A socket event as the terminal prints it with --events. */
export type SocketEvent =
  | { name: 'upgrade'; statusLine: string; headers: string[] }
  | { name: 'open'; protocol: string }
  | { name: 'message'; data: string }
  | { name: 'ping'; data: string }
  | { name: 'pong'; data: string }
  | { name: 'close'; code: number; reason: string }
  | { name: 'error'; message: string }
  | { name: 'unexpected-response'; status: number; statusText: string; body: string };

export interface WsSocketOptions {
  origin: string;
  onEvent(event: SocketEvent): void;
  /** The hub answered the upgrade with something other than 101. */
  onRefused(status: number, statusText: string, body: string): void;
}

function headerLines(res: IncomingMessage): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const value = redactToken(res.rawHeaders[i + 1] ?? '');
    lines.push(`${res.rawHeaders[i]}: ${value}`);
  }
  return lines;
}

/** A frame's size in bytes, however ws delivered it (a Buffer, an ArrayBuffer, fragments). */
export function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, part) => n + part.byteLength, 0);
  return data.byteLength;
}

export function wsSocketOpener(options: WsSocketOptions): OpenSocket {
  const { onEvent } = options;
  return (url, protocols, handlers) => {
    const ws = new WebSocket(url, protocols, { origin: options.origin, handshakeTimeout: 10_000 });
    ws.on('upgrade', (res: IncomingMessage) =>
      onEvent({
        name: 'upgrade',
        statusLine: `HTTP/${res.httpVersion} ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`,
        headers: headerLines(res),
      }),
    );
    ws.on('open', () => {
      onEvent({ name: 'open', protocol: ws.protocol });
      handlers.open();
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : String(data);
      onEvent({ name: 'message', data: text ?? `(binary, ${byteLength(data)} bytes)` });
      handlers.message(text ?? data);
    });
    ws.on('ping', (data) => onEvent({ name: 'ping', data: data.toString('hex') }));
    ws.on('pong', (data) => onEvent({ name: 'pong', data: data.toString('hex') }));
    ws.on('unexpected-response', (_req, res) => {
      // With this listener ws leaves the refused handshake to us: read the body, then abort.
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, 500);
        const status = res.statusCode ?? 0;
        const statusText = res.statusMessage ?? '';
        onEvent({ name: 'unexpected-response', status, statusText, body });
        options.onRefused(status, statusText, body);
        ws.terminate();
      });
    });
    ws.on('error', (err) => {
      onEvent({ name: 'error', message: err.message });
      handlers.error();
    });
    ws.on('close', (code, reason) => {
      onEvent({ name: 'close', code, reason: reason.toString('utf8') });
      handlers.close({
        code,
        reason: reason.toString('utf8'),
        wasClean: code !== CLOSE_CODES.abnormal.code,
      });
    });
    return ws;
  };
}

/** One line per event, as --events prints it (headers indented below the upgrade). */
export function formatSocketEvent(event: SocketEvent): string {
  switch (event.name) {
    case 'upgrade':
      return [`upgrade ${event.statusLine}`, ...event.headers.map((h) => `    ${h}`)].join('\n');
    case 'open':
      return `open protocol=${event.protocol}`;
    case 'message':
      return `message ${event.data}`;
    case 'ping':
      return `ping ${event.data || '(empty)'} → pong sent automatically`;
    case 'pong':
      return `pong ${event.data || '(empty)'}`;
    case 'close':
      return `close ${event.code} ${event.reason}`.trimEnd();
    case 'error':
      return `error ${event.message}`;
    case 'unexpected-response':
      return `unexpected-response ${event.status} ${event.statusText} body=${JSON.stringify(event.body)}`;
  }
}
