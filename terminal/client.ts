// The terminal client: joins the chat as a window does, through the same platform-free
// connection client (renderer/src/connection: hello, resume, acks, outbox), on a `ws` socket.
// Prints chat, pushes and notes to stdout, sends each stdin line, and with --once exits when
// the piped lines are acknowledged. A refused handshake ends it with the HTTP status.

import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createConnectionClient } from '../client/client';
import type { SocketLike, TimelineEntry } from '../client/client-types';
import { parseTerminalArgs, USAGE } from './args';
import { LineSender } from './line-sender';
import { nodePlatform } from './node-platform';
import { formatSocketEvent, wsSocketOpener } from './ws-socket';

export interface TerminalIo {
  stdin: Readable;
  /** Chat lines (what a script reads). */
  out(line: string): void;
  /** Status, errors and --events lines. */
  err(line: string): void;
}

/** Exit statuses: 0 done, 1 gave up (--once timed out), 2 bad arguments, 3 handshake refused. */
export const EXIT = { ok: 0, timeout: 1, usage: 2, refused: 3 } as const;

const CLOSED_STATE = 3;

const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);

function entryLine(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'chat':
      return `[${clock(entry.message.at)}] ${entry.own ? 'you' : entry.message.from.name}: ${entry.message.text}`;
    case 'push': {
      const { push } = entry;
      return `[${clock(push.at)}] push: ${push.online} online, ${push.messages} messages`;
    }
    case 'system':
      return `[${clock(entry.at)}] * ${entry.text}`;
  }
}

/** Resolves once `socket` has closed (a clean 1000 for the hub to see), or after 1 s at most. */
function afterClose(
  socket: SocketLike | null,
  whenClosed: (done: () => void) => void,
): Promise<void> {
  if (!socket || socket.readyState === CLOSED_STATE) return Promise.resolve();
  return new Promise((resolve) => {
    const giveUp = setTimeout(resolve, 1000);
    whenClosed(() => {
      clearTimeout(giveUp);
      resolve();
    });
  });
}

/** Runs until --once is done, the handshake is refused, or `signal` aborts; returns the exit status. */
export function runTerminalClient(
  argv: readonly string[],
  io: TerminalIo,
  signal?: AbortSignal,
): Promise<number> {
  const parsed = parseTerminalArgs(argv);
  if (!parsed.ok) {
    io.err(`loopchat client: ${parsed.error}\n${USAGE}`);
    return Promise.resolve(EXIT.usage);
  }
  const options = parsed.options;
  return new Promise<number>((resolve) => {
    let finished = false;
    let socket: SocketLike | null = null;
    /** Set while finishing: called when the last socket has closed. */
    let onClosed: (() => void) | null = null;
    const opener = wsSocketOpener({
      origin: options.origin,
      onEvent: (event) => {
        if (options.events) io.err(formatSocketEvent(event));
        if (event.name === 'close') onClosed?.();
      },
      onRefused: (status, statusText, body) => {
        io.err(
          `loopchat client: the hub refused the handshake: HTTP ${status} ${statusText}` +
            (body ? ` (${body})` : ''),
        );
        finish(EXIT.refused);
      },
    });
    const client = createConnectionClient(
      {
        hubUrl: options.hubUrl,
        token: options.token,
        windowKey: `terminal-${randomUUID()}`,
        defaultName: options.name,
      },
      nodePlatform((url, protocols, handlers) => (socket = opener(url, protocols, handlers))),
    );
    const sender = new LineSender(
      client,
      (line) => io.err(line),
      options.once ? (rejected) => finish(rejected > 0 ? EXIT.timeout : EXIT.ok) : null,
    );
    let joined = false;
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'timeline-add') io.out(entryLine(event.entry));
      else if (event.type === 'pending') sender.setPending(event.items.length);
      else if (event.type === 'connection' && event.state.welcomed && !joined) {
        joined = true;
        io.err(`loopchat client: joined ${options.hubUrl} as ${options.name}`);
        sender.welcomed();
      }
    });
    const lines = createInterface({ input: io.stdin, terminal: false });
    lines.on('line', (line) => sender.add(line));
    lines.on('close', () => sender.endOfInput());

    const timer = options.once
      ? setTimeout(() => {
          io.err(`loopchat client: not all lines were acknowledged within ${options.timeoutMs} ms`);
          finish(EXIT.timeout);
        }, options.timeoutMs)
      : undefined;
    const onAbort = () => finish(EXIT.ok);
    signal?.addEventListener('abort', onAbort, { once: true });

    function finish(code: number): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      lines.close();
      unsubscribe();
      client.stop();
      void afterClose(socket, (done) => (onClosed = done)).then(() => resolve(code));
    }

    client.start();
  });
}
