// The hub's one-line stdout log, as a subscriber of its structured events. Heartbeat
// pings and pongs are left out: they would drown everything else (the console shows them).
// By default each event is one short line, so the URLs printed at start do not scroll away;
// `verbose` adds every request header and the handshake's response headers.

import { describeCondition } from './network-conditions';
import type { HeaderPair, HubEvent, UploadNews } from '../protocol/console';
import { SUBPROTOCOL } from '../protocol/messages';
import { logLine, redact, type LogSink } from './log';

/** Request headers as `name="value"` pairs, as the connection line has always shown them. */
export function describeHeaderPairs(headers: readonly HeaderPair[]): string {
  return headers.map(([name, value]) => `${name}=${JSON.stringify(redact(value))}`).join(' ');
}

/** A default (not verbose) line's details are cut to this many characters. */
export const MAX_DETAILS = 160;

function clip(details: string): string {
  return details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS - 1)}…` : details;
}

/**
 * The log line for an event as [label, details], or null for events that are not logged.
 * Not verbose: no headers, and details at most MAX_DETAILS characters.
 */
export function eventLogLine(event: HubEvent, verbose = false): [string, string] | null {
  if (verbose) return fullLine(event);
  if (event.kind === 'headers') return null;
  if (event.kind === 'connection') {
    const console = event.role === 'console' ? ' (console)' : '';
    return ['connection', clip(`#${event.connection} from ${event.address}${console}`)];
  }
  const line = fullLine(event);
  return line && [line[0], clip(line[1])];
}

function fullLine(event: HubEvent): [string, string] | null {
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
        `#${event.connection} from ${event.address} ${describeHeaderPairs(event.headers)}` +
          (event.extensions ? ` (${event.extensions})` : '') +
          (event.role === 'console' ? ' (console)' : ''),
      ];
    case 'headers':
      return ['headers', `${event.address} ${redact(event.lines.join(' | '))}`];
    case 'hello':
      return [
        'hello',
        `#${event.connection} is ${JSON.stringify(event.name)} (${event.history}, ${event.replayed} replayed)`,
      ];
    case 'close':
      return [
        'close',
        `#${event.connection} code=${event.code} reason=${JSON.stringify(event.reason)}`,
      ];
    case 'error':
      return [
        'error',
        event.connection === null
          ? `server: ${event.message}`
          : `#${event.connection} ${event.message}`,
      ];
    case 'wsClientError':
      return ['wsClientError', `${event.address} ${event.message}`];
    case 'clientError':
      return ['clientError', event.message];
    case 'rejected':
      return ['rejected', `${event.address} ${event.status} ${event.reason}`];
    case 'heartbeat-timeout':
      return ['heartbeat', `#${event.connection} missed ${event.missed} pongs: terminating`];
    case 'slow':
      return ['slow', `#${event.connection} ${event.bufferedAmount} bytes unsent: terminating`];
    case 'announcement':
      return ['announce', JSON.stringify(event.text)];
    case 'disconnect':
      return [
        'disconnect',
        `#${event.connection} code=${event.code} reason=${JSON.stringify(event.reason)} (console)`,
      ];
    case 'push-interval':
      return ['push', `interval set to ${event.ms} ms`];
    case 'network':
    case 'network-lifted':
      return ['network', networkLine(event)];
    case 'deflate':
      return [
        'deflate',
        `permessage-deflate ${event.on ? 'offered' : 'not offered'} to windows that connect from now on`,
      ];
    case 'upload':
      return uploadLine(event.connection, event.upload);
    case 'not-saving':
      return ['history', `NOT SAVING chat messages (${event.problem}): ${event.detail}`];
    case 'saving-again':
      return ['history', 'saving chat messages again'];
    case 'ping':
    case 'pong':
      return null;
  }
}

/** A network condition put on a connection, or taken off it. */
function networkLine(event: Extract<HubEvent, { kind: 'network' | 'network-lifted' }>): string {
  if (event.kind === 'network') {
    return `#${event.connection} under ${describeCondition(event.condition)} for ${event.seconds} s`;
  }
  const how = event.why === 'expired' ? 'condition ended by itself' : 'condition lifted';
  return `#${event.connection} ${how}; ${event.releasedBytes} held bytes sent`;
}

/** Progress is left out of the log: the console shows it. */
function uploadLine(connection: number, news: UploadNews): [string, string] | null {
  switch (news.state) {
    case 'accepted':
      return [
        'upload',
        `#${connection} ${JSON.stringify(news.name)} ${news.size} bytes` +
          (news.fromByte > 0 ? `, resumed at byte ${news.fromByte}` : ''),
      ];
    case 'progress':
      return null;
    case 'complete':
      return ['upload', `#${connection} ${JSON.stringify(news.id)} stored (${news.size} bytes)`];
    case 'failed':
      return ['upload', `#${connection} refused (${news.code}): ${news.message}`];
  }
}

/** A subscriber that writes each loggable event as one line. */
export function logSubscriber(sink: LogSink, verbose = false): (event: HubEvent) => void {
  return (event) => {
    const line = eventLogLine(event, verbose);
    if (line) logLine(sink, line[0], line[1]);
  };
}
