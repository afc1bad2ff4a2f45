// The terminal chat's command line: the hub's address (the browser-mode page URL with its
// #token, or a ws:// URL plus --token) and a few switches. Bad input gets a clear error.

import { parseArgs } from 'node:util';

export interface TerminalOptions {
  /** ws:// URL of the hub. */
  hubUrl: string;
  token: string;
  /** Origin header to send: the hub's own http origin, which it allows in browser mode. */
  origin: string;
  name: string;
  /** Print every socket event (to stderr). */
  events: boolean;
  /** Exit once stdin has ended and every line from it is acknowledged. */
  once: boolean;
  /** With --once: give up (exit 1) when the lines are not acknowledged within this time. */
  timeoutMs: number;
  /** Save every attachment others send, once whole, into this folder (null: do not save). */
  saveDir: string | null;
}

export const USAGE = `usage: npm run client -- <hub URL> [options]

  <hub URL>         the page URL browser mode prints (http://127.0.0.1:PORT/#token=…),
                    or the hub's ws://127.0.0.1:PORT with --token
  --token TOKEN     the per-launch token (when the URL has none)
  --origin ORIGIN   Origin header to send (default: http://HOST:PORT, allowed in browser mode)
  --name NAME       your chat name (default: Terminal)
  --events          print every socket event (upgrade, open, message, ping, pong, close, …)
  --once            exit when stdin ends and each piped line is acknowledged
                    (and, with --save-dir, each attachment so far is saved)
  --timeout MS      with --once: fail when not done in time (default 15000)
  --save-dir DIR    save every file others send into DIR once it is whole
                    (a plain name in DIR; never overwrites: "a (2).png")

  Type or pipe a line to send it. /send PATH [text] sends the file at PATH
  (quote a path with spaces: /send "my cat.png" look), with the text if any.`;

export type ParsedArgs = { ok: true; options: TerminalOptions } | { ok: false; error: string };

export function parseTerminalArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        origin: { type: 'string' },
        name: { type: 'string' },
        events: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'save-dir': { type: 'string' },
      },
    });
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    return { ok: false, error: 'give exactly one hub URL' };
  }
  let url: URL;
  try {
    url = new URL(positionals[0] ?? '');
  } catch {
    return { ok: false, error: `not a URL: ${positionals[0]}` };
  }
  if (!['http:', 'ws:'].includes(url.protocol)) {
    return {
      ok: false,
      error: `the hub URL must start with http:// or ws://, not ${url.protocol}`,
    };
  }
  const fromHash = new URLSearchParams(url.hash.slice(1)).get('token');
  const token = values.token ?? fromHash;
  if (!token) {
    return { ok: false, error: 'no token: use the URL with #token=… or pass --token' };
  }
  const timeoutMs = values.timeout === undefined ? 15_000 : Number(values.timeout);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    return { ok: false, error: '--timeout must be a positive number of milliseconds' };
  }
  const name = values.name ?? 'Terminal';
  if (name.trim() === '') return { ok: false, error: '--name must not be empty' };
  const saveDir = values['save-dir'] ?? null;
  if (saveDir !== null && saveDir.trim() === '') {
    return { ok: false, error: '--save-dir must name a folder' };
  }
  return {
    ok: true,
    options: {
      hubUrl: `ws://${url.host}`,
      token,
      origin: values.origin ?? `http://${url.host}`,
      name,
      events: values.events,
      once: values.once,
      timeoutMs,
      saveDir,
    },
  };
}
