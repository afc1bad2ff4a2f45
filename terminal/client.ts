// The terminal client: joins the chat as a window does, through the same platform-free
// connection client (renderer/src/connection: hello, resume, acks, outbox), on a `ws` socket.
// Prints chat, pushes and notes to stdout, sends each stdin line, and with --once exits when
// the piped lines are acknowledged. A refused handshake ends it with the HTTP status.

import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createConnectionClient } from '../renderer/src/connection/client';
import type {
  ClientPlatform,
  SocketLike,
  TimelineEntry,
} from '../renderer/src/connection/client-types';
import { MemoryStore } from '../renderer/src/connection/storage';
import { parseTerminalArgs, USAGE } from './args';
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
    /** Set by finish(): called when the last socket has closed. */
    let closed: (() => void) | null = null;
    const opener = wsSocketOpener({
      origin: options.origin,
      onEvent: (event) => {
        if (options.events) io.err(formatSocketEvent(event));
        if (event.name === 'close') closed?.();
      },
      onRefused: (status, statusText, body) => {
        io.err(
          `loopchat client: the hub refused the handshake: HTTP ${status} ${statusText}` +
            (body ? ` (${body})` : ''),
        );
        finish(EXIT.refused);
      },
    });
    const platform: ClientPlatform = {
      openSocket: (url, protocols, handlers) => (socket = opener(url, protocols, handlers)),
      schedule: (run, ms) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      now: Date.now,
      random: Math.random,
      randomId: randomUUID,
      randomSecret: () => randomBytes(24).toString('base64url'),
      session: new MemoryStore(),
      local: new MemoryStore(),
    };
    const client = createConnectionClient(
      {
        hubUrl: options.hubUrl,
        token: options.token,
        windowKey: `terminal-${randomUUID()}`,
        defaultName: options.name,
      },
      platform,
    );

    const queue: string[] = [];
    let pending = 0;
    let welcomed = false;
    let stdinEnded = false;
    let rejected = 0;

    let pumping = false;

    /** Sends queued lines while the outbox has room; the rest wait for acknowledgements. */
    function pump(): void {
      // client.send() reports 'pending' synchronously, which calls pump() again.
      if (pumping) return;
      pumping = true;
      try {
        for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
          const result = client.send(line);
          if (result.ok) continue;
          if (result.reason === 'outbox-full') {
            queue.unshift(line);
            break;
          }
          rejected += 1;
          io.err(`loopchat client: line not sent (${result.reason})`);
        }
      } finally {
        pumping = false;
      }
      maybeDone();
    }

    function maybeDone(): void {
      if (options.once && stdinEnded && welcomed && queue.length === 0 && pending === 0) {
        finish(rejected > 0 ? EXIT.timeout : EXIT.ok);
      }
    }

    const unsubscribe = client.subscribe((event) => {
      switch (event.type) {
        case 'timeline-add':
          return io.out(entryLine(event.entry));
        case 'pending':
          pending = event.items.length;
          return pump();
        case 'connection':
          if (event.state.welcomed && !welcomed) {
            welcomed = true;
            io.err(`loopchat client: joined ${options.hubUrl} as ${options.name}`);
            pump();
          }
          return;
        default:
          return;
      }
    });

    const lines = createInterface({ input: io.stdin, terminal: false });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      queue.push(line);
      pump();
    });
    lines.on('close', () => {
      stdinEnded = true;
      maybeDone();
    });

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
      // Let the closing handshake (1000) finish, so the hub sees a clean close; 1 s at most.
      const last = socket;
      if (!last || last.readyState === CLOSED_STATE) return resolve(code);
      const giveUp = setTimeout(() => resolve(code), 1000);
      closed = () => {
        clearTimeout(giveUp);
        resolve(code);
      };
    }

    client.start();
  });
}
