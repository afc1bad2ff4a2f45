// One readable line per hub event on stdout. Secrets never reach the log: the token
// subprotocol entry is redacted wherever headers are printed.

import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

export type LogSink = (line: string) => void;

const TOKEN_PATTERN = new RegExp(`${TOKEN_PROTOCOL_PREFIX.replaceAll('.', '\\.')}[^,\\s]*`, 'g');

export function redact(value: string): string {
  return value.replace(TOKEN_PATTERN, `${TOKEN_PROTOCOL_PREFIX}<redacted>`);
}

function time(): string {
  return new Date().toISOString().slice(11, 23);
}

export function logLine(sink: LogSink, event: string, details: string): void {
  sink(`[hub ${time()}] ${event.padEnd(10)} ${details}`);
}

export function describePeer(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}
