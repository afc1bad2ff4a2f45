// One readable line per hub event on stdout. Secrets never reach the log: the token
// subprotocol entry is redacted wherever headers are printed.

import type { IncomingMessage } from 'node:http';
import { redactToken } from '../protocol/messages';

export type LogSink = (line: string) => void;

export const redact = redactToken;

function time(): string {
  return new Date().toISOString().slice(11, 23);
}

export function logLine(sink: LogSink, event: string, details: string): void {
  sink(`[hub ${time()}] ${event.padEnd(10)} ${details}`);
}

export function describePeer(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}
