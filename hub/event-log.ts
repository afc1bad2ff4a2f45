// The hub's one-line stdout log, as a subscriber of its structured events. Heartbeat
// pings and pongs are left out: they would drown everything else (the console shows them).

import type { HeaderPair, HubEvent } from '../protocol/console';
import { SUBPROTOCOL } from '../protocol/messages';
import { logLine, redact, type LogSink } from './log';

/** Request headers as `name="value"` pairs, as the connection line has always shown them. */
export function describeHeaderPairs(headers: readonly HeaderPair[]): string {
  return headers.map(([name, value]) => `${name}=${JSON.stringify(redact(value))}`).join(' ');
}

/** The log line for an event as [label, details], or null for events that are not logged. */
export function eventLogLine(event: HubEvent): [string, string] | null {
  switch (event.kind) {
    case 'listening':
      return ['listening', `${event.url} (subprotocol ${SUBPROTOCOL})`];
    case 'stopped':
      return ['stopped', event.url];
    case 'port-fallback':
      return ['port', `${event.wanted} is taken; falling back to a free port`];
    case 'service':
      return ['service', event.running ? 'started from the console' : 'stopped from the console'];
    case 'connection':
      return [
        'connection',
        `#${event.client} from ${event.address} ${describeHeaderPairs(event.headers)}` +
          (event.role === 'console' ? ' (console)' : ''),
      ];
    case 'headers':
      return ['headers', `${event.address} ${redact(event.lines.join(' | '))}`];
    case 'hello':
      return [
        'hello',
        `#${event.client} is ${JSON.stringify(event.name)} (${event.history}, ${event.replayed} replayed)`,
      ];
    case 'close':
      return [
        'close',
        `#${event.client} code=${event.code} reason=${JSON.stringify(event.reason)}`,
      ];
    case 'error':
      return [
        'error',
        event.client === null ? `server: ${event.message}` : `#${event.client} ${event.message}`,
      ];
    case 'wsClientError':
      return ['wsClientError', `${event.address} ${event.message}`];
    case 'clientError':
      return ['clientError', event.message];
    case 'rejected':
      return ['rejected', `${event.address} ${event.status} ${event.reason}`];
    case 'heartbeat-timeout':
      return ['heartbeat', `#${event.client} missed ${event.missed} pongs: terminating`];
    case 'slow':
      return ['slow', `#${event.client} ${event.bufferedAmount} bytes unsent: terminating`];
    case 'announcement':
      return ['announce', JSON.stringify(event.text)];
    case 'disconnect':
      return [
        'disconnect',
        `#${event.client} code=${event.code} reason=${JSON.stringify(event.reason)} (console)`,
      ];
    case 'push-interval':
      return ['push', `interval set to ${event.ms} ms`];
    case 'ping':
    case 'pong':
      return null;
  }
}

/** A subscriber that writes each loggable event as one line. */
export function logSubscriber(sink: LogSink): (event: HubEvent) => void {
  return (event) => {
    const line = eventLogLine(event);
    if (line) logLine(sink, line[0], line[1]);
  };
}
