// Hub events in words, for the console's event list. Close codes carry their RFC 6455
// meaning, so "1001" on screen says what it is.

import type { HubEvent } from '../../../protocol/console';
import { CLOSE_CODES, describeCloseCode } from '../../../protocol/close-codes';

export interface EventText {
  title: string;
  /** A second line (reason, origin, explanation); empty when there is none. */
  detail: string;
  /** Lines shown when the entry is expanded (headers). */
  more: string[];
}

const text = (title: string, detail = '', more: string[] = []): EventText => ({
  title,
  detail,
  more,
});

/** "1001 Going Away". */
export function closeCodeText(code: number): string {
  return `${code} ${describeCloseCode(code)}`;
}

export function describeEvent(event: HubEvent): EventText {
  switch (event.kind) {
    case 'listening':
      return text(`Listening on ${event.url}`);
    case 'stopped':
      return text(`Hub stopped (${event.url})`);
    case 'port-fallback':
      return text(`Port ${event.wanted} is taken; listening on a free port instead`);
    case 'service':
      return event.running
        ? text('Server started', 'Windows may connect again.')
        : text(
            'Server stopped',
            `Every connection was closed with ${closeCodeText(CLOSE_CODES.goingAway.code)}; windows are refused (503) until it starts.`,
          );
    case 'connection':
      return text(
        `#${event.client} ${event.role === 'console' ? 'console' : 'window'} connected from ${event.address}`,
        `Origin ${event.origin || '(none)'}`,
        event.headers.map(([name, value]) => `${name}: ${value}`),
      );
    case 'headers':
      return text(
        `#${event.client} handshake response`,
        event.lines[0] ?? '',
        event.lines.slice(1),
      );
    case 'hello':
      return text(
        `#${event.client} is ${JSON.stringify(event.name)}`,
        event.history === 'resume'
          ? `Resumed; ${event.replayed} missed message(s) replayed`
          : `New history view; ${event.replayed} recent message(s) sent`,
      );
    case 'close':
      return text(
        `#${event.client} closed: ${closeCodeText(event.code)}`,
        `${event.reason ? `Reason ${JSON.stringify(event.reason)}. ` : 'No reason. '}` +
          (event.wasClean ? 'Clean close (close frames exchanged).' : 'Not clean: no close frame.'),
      );
    case 'error':
      return text(event.client === null ? 'Server error' : `#${event.client} error`, event.message);
    case 'wsClientError':
      return text(`Bad WebSocket handshake from ${event.address}`, event.message);
    case 'clientError':
      return text('Bad HTTP request', event.message);
    case 'rejected':
      return text(`Refused ${event.address}: HTTP ${event.status}`, event.reason);
    case 'ping':
      return text(`Heartbeat ping → #${event.client}`, 'Browsers answer pings by themselves.');
    case 'pong':
      return text(`Heartbeat pong ← #${event.client}`, 'The connection is alive.');
    case 'heartbeat-timeout':
      return text(
        `#${event.client} missed ${event.missed} pongs`,
        'Terminated: a dead connection never fires close on its own.',
      );
    case 'slow':
      return text(
        `#${event.client} is not reading`,
        `${event.bufferedAmount} bytes unsent; terminated to protect the hub's memory.`,
      );
    case 'announcement':
      return text('Broadcast to every window', event.text);
    case 'disconnect':
      return text(
        `Console closes #${event.client} with ${closeCodeText(event.code)}`,
        event.reason ? `Reason ${JSON.stringify(event.reason)}` : 'No reason',
      );
    case 'push-interval':
      return text(`Push interval set to ${event.ms} ms`);
  }
}
