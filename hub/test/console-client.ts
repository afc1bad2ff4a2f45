// A server console for hub tests: connects with the console subprotocol and token, and lets a
// test await (bounded) the messages the hub sends it. Not part of the app.

import { once } from 'node:events';
import { WebSocket } from 'ws';
import {
  CONSOLE_SUBPROTOCOL,
  type ConsoleCommand,
  type ConsoleMessage,
  type HubEvent,
} from '../../protocol/console';
import { TOKEN_PROTOCOL_PREFIX } from '../../protocol/messages';
import { TEST_ORIGIN } from './test-client';

export interface ConsoleClient {
  ws: WebSocket;
  received: ConsoleMessage[];
  /** Sends a command, or any object to see how the hub refuses it. */
  send(command: ConsoleCommand | Record<string, unknown>): void;
  /** The first message matching `match` among all received from index `from` on. */
  waitFor<T extends ConsoleMessage>(
    match: (m: ConsoleMessage) => m is T,
    from?: number,
  ): Promise<T>;
  waitForEvent(match: (e: HubEvent) => boolean): Promise<HubEvent>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

const WAIT_MS = 10_000;

export async function connectConsole(url: string, token: string): Promise<ConsoleClient> {
  const ws = new WebSocket(url, [CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    origin: TEST_ORIGIN,
  });
  const received: ConsoleMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as ConsoleMessage);
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await once(ws, 'open');
  const waitFor = async (match: (m: ConsoleMessage) => boolean, from = 0) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = received.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('the console did not receive the expected message');
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  };
  return {
    ws,
    received,
    closed,
    send: (command) => ws.send(JSON.stringify(command)),
    waitFor: waitFor as ConsoleClient['waitFor'],
    async waitForEvent(match) {
      const isEvent = (m: ConsoleMessage): m is Extract<ConsoleMessage, { type: 'event' }> =>
        m.type === 'event' && match(m.event);
      return ((await waitFor(isEvent)) as Extract<ConsoleMessage, { type: 'event' }>).event;
    },
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) ws.close(1000);
      await closed;
    },
  };
}
