// The terminal chat: joins the chat as a window does, through the same platform-free chat
// client (client/: hello, resume, acks, outbox, uploads, downloads), on a `ws` socket. Prints
// chat, pushes and notes to stdout, sends each stdin line (/send PATH a file), saves others'
// files with --save-dir, and with --once exits when the piped lines are acknowledged and the
// files saved. A refused handshake ends it with the HTTP status.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createChatClient } from '../client/client';
import type { ChatClient, SocketLike } from '../client/client-types';
import { CLOSED } from '../client/ready-state';
import { parseTerminalArgs, USAGE, type TerminalOptions } from './args';
import { AttachmentSaver } from './attachment-saver';
import { LineSender, type FileReader } from './line-sender';
import { nodePlatform } from './node-platform';
import { entryLine } from './words';
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

/** Resolves once `socket` has closed (a clean 1000 for the hub to see), or after 1 s at most. */
function afterClose(
  socket: SocketLike | null,
  whenClosed: (done: () => void) => void,
): Promise<void> {
  if (!socket || socket.readyState === CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const giveUp = setTimeout(resolve, 1000);
    whenClosed(() => {
      clearTimeout(giveUp);
      resolve();
    });
  });
}

/** The chat client on a `ws` socket; `finish` ends the run (a refused handshake does). */
function connect(options: TerminalOptions, io: TerminalIo, finish: (code: number) => void) {
  const socket: { current: SocketLike | null; onClosed: (() => void) | null } = {
    current: null,
    onClosed: null,
  };
  const opener = wsSocketOpener({
    origin: options.origin,
    onEvent: (event) => {
      if (options.events) io.err(formatSocketEvent(event));
      if (event.name === 'close') socket.onClosed?.();
    },
    onRefused: (status, statusText, body) => {
      io.err(
        `loopchat client: the hub refused the handshake: HTTP ${status} ${statusText}` +
          (body ? ` (${body})` : ''),
      );
      finish(EXIT.refused);
    },
  });
  const client = createChatClient(
    {
      hubUrl: options.hubUrl,
      token: options.token,
      windowKey: `terminal-${randomUUID()}`,
      defaultName: options.name,
    },
    nodePlatform((url, protocols, handlers) => (socket.current = opener(url, protocols, handlers))),
  );
  /** Resolves once the last socket has closed. */
  const closed = () => afterClose(socket.current, (done) => (socket.onClosed = done));
  return { client, closed };
}

const diskFiles: FileReader = {
  size: async (path) => (await stat(path)).size,
  read: async (path) => new Uint8Array(await readFile(path)),
};

/**
 * Prints the chat, feeds the line sender what it waits for (the welcome, acks, uploads) and
 * the saver the attachments. `caughtUp` is called at the first pong: the hub answers the ping
 * sent at the welcome after the history it sent with it, so every earlier message is here.
 */
function follow(
  client: ChatClient,
  parts: { sender: LineSender; saver: AttachmentSaver | null },
  options: TerminalOptions,
  io: TerminalIo,
  caughtUp: () => void,
) {
  const { sender, saver } = parts;
  let joined = false;
  let pongs: number | null = null;
  return client.subscribe((event) => {
    if (event.type === 'timeline-add') {
      io.out(entryLine(event.entry));
      saver?.onEntry(event.entry);
    } else if (event.type === 'pending') sender.setPending(event.items.length);
    else if (event.type === 'uploads') sender.setUploads(event.uploads);
    else if (event.type === 'attachment') saver?.onDownload(event.sha256, event.state);
    else if (event.type === 'connection' && event.state.welcomed) {
      if (!joined) {
        joined = true;
        pongs = event.state.roundTrip.samples;
        io.err(`loopchat client: joined ${options.hubUrl} as ${options.name}`);
        sender.welcomed();
      } else if (pongs !== null && event.state.roundTrip.samples > pongs) {
        pongs = null;
        caughtUp();
      }
    }
  });
}

/** Runs until --once is done, the handshake is refused, or `signal` aborts; returns the exit status. */
export function runTerminalChat(
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
  if (options.saveDir !== null) {
    try {
      mkdirSync(options.saveDir, { recursive: true });
    } catch (err) {
      io.err(`loopchat client: cannot use --save-dir ${options.saveDir}: ${String(err)}`);
      return Promise.resolve(EXIT.usage);
    }
  }
  return new Promise<number>((resolve) => {
    let finished = false;
    const { client, closed } = connect(options, io, (code) => finish(code));
    // --once: done when the lines are in, and (saving) the history is here and saved.
    let linesDone: number | null = null;
    let historyHere = options.saveDir === null;
    const maybeDone = (): void => {
      if (linesDone === null || !historyHere || (saver !== null && !saver.idle)) return;
      finish(linesDone > 0 ? EXIT.timeout : EXIT.ok);
    };
    const sender = new LineSender(
      client,
      (line) => io.err(line),
      options.once
        ? (rejected) => {
            linesDone = rejected;
            maybeDone();
          }
        : null,
      diskFiles,
    );
    const saver =
      options.saveDir === null
        ? null
        : new AttachmentSaver(options.saveDir, client, (line) => io.err(line), maybeDone);
    const unsubscribe = follow(client, { sender, saver }, options, io, () => {
      historyHere = true;
      maybeDone();
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
      void closed().then(() => resolve(code));
    }

    client.start();
  });
}
