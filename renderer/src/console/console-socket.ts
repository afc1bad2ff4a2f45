// The console's own WebSocket to the hub, reconnecting like a window does: "Stop server"
// closes it too (1001), and it comes back to show the stopped server and start it again.

import {
  CONSOLE_SUBPROTOCOL,
  type ConsoleCommand,
  type ConsoleMessage,
} from '../../../protocol/console';
import { parseConsoleMessage } from '../../../protocol/console-validate';
import { TOKEN_PROTOCOL_PREFIX } from '../../../protocol/messages';
import { backoffDelay, type BackoffPolicy } from '../../../client/backoff';
import { CLOSED, CONNECTING, OPEN, type ReadyState } from '../../../client/ready-state';

/** Quicker than a window's: a console wants to see a stopped server at once. */
const CONSOLE_BACKOFF: BackoffPolicy = { baseMs: 300, factor: 2, capMs: 3000 };

export interface LinkState {
  readyState: ReadyState;
  lastClose: { code: number; reason: string; wasClean: boolean } | null;
  /** When the next attempt is due (ms since epoch), while waiting to reconnect. */
  retryAt: number | null;
}

export interface ConsoleSocketHandlers {
  message(message: ConsoleMessage): void;
  state(state: LinkState): void;
}

export interface ConsoleSocket {
  /** False when the link is not open (the command is not queued: it may be stale later). */
  send(command: ConsoleCommand): boolean;
}

export function connectConsoleSocket(
  config: { hubUrl: string; token: string },
  handlers: ConsoleSocketHandlers,
): ConsoleSocket {
  let ws: WebSocket | null = null;
  let attempt = 0;
  const state: LinkState = { readyState: CONNECTING, lastClose: null, retryAt: null };
  const report = () => handlers.state({ ...state });

  function open(): void {
    state.retryAt = null;
    state.readyState = CONNECTING;
    report();
    const socket = new WebSocket(config.hubUrl, [
      CONSOLE_SUBPROTOCOL,
      TOKEN_PROTOCOL_PREFIX + config.token,
    ]);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      state.readyState = OPEN;
      report();
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseConsoleMessage(event.data);
      if (parsed.ok) handlers.message(parsed.message);
    };
    socket.onclose = (event) => {
      ws = null;
      state.readyState = CLOSED;
      state.lastClose = { code: event.code, reason: event.reason, wasClean: event.wasClean };
      const delay = backoffDelay(attempt, Math.random, CONSOLE_BACKOFF);
      attempt += 1;
      state.retryAt = Date.now() + delay;
      report();
      window.setTimeout(open, delay);
    };
  }

  open();
  return {
    send(command) {
      if (!ws || ws.readyState !== OPEN) return false;
      ws.send(JSON.stringify(command));
      return true;
    },
  };
}
