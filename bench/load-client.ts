// The benchmark's clients: lean `ws` clients that connect the way a window does but do the
// least work per received frame, so the client process is not what limits a run.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { ClientMessage } from '../protocol/messages';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { APP_ORIGIN } from '../electron/origins';
import { compresses, sendsLongText, speaksLoopchat, type ServerKind, type Target } from './ipc';

/** Text of a chat frame is `<sender clock ms> <sender index> <padding>`, ~100 bytes in all. */
export const SHORT_PADDING = 'x'.repeat(44);

/**
 * ~2 KiB of words drawn from a small vocabulary by a fixed generator: text that compresses
 * about as well as chat prose, not a repeated string that zlib shrinks to nothing.
 */
export const LONG_PADDING = ((): string => {
  const words = [
    'the a hub frame sends window message reads bytes slow fast close open wire socket each',
    'time chat text when it no yes then we you can see lunch meeting tomorrow morning about',
    'project release build test broken fixed works great thanks sorry later today call me',
    'please review change branch server client network latency buffer pause flood ping pong',
  ]
    .join(' ')
    .split(' ');
  let seed = 7;
  const out: string[] = [];
  for (let length = 0; length < 2000;) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const word = words[Math.floor(seed / 65_536) % words.length] ?? 'x';
    out.push(word);
    length += word.length + 1;
  }
  return out.join(' ');
})();

export const paddingFor = (kind: ServerKind): string =>
  sendsLongText(kind) ? LONG_PADDING : SHORT_PADDING;

export function openSocket(target: Target): Promise<WebSocket> {
  const ws = speaksLoopchat(target.kind)
    ? new WebSocket(target.url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + target.token], {
        origin: APP_ORIGIN,
        // ws's defaults when compressing: what a client that offers the extension asks for.
        perMessageDeflate: compresses(target.kind),
      })
    : new WebSocket(target.url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

export function sendMessage(ws: WebSocket, message: ClientMessage): void {
  ws.send(JSON.stringify(message));
}

/** Resolves with the next frame on `ws` (as latin1 text; frames here are ASCII). */
export async function nextFrame(ws: WebSocket, timeoutMs: number): Promise<string> {
  const [data] = (await once(ws, 'message', {
    signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs))),
  })) as [Buffer];
  return data.toString('latin1');
}

/**
 * Says hello as `name` (with a fresh private secret: a new window each time) and waits for
 * the welcome; the hub sends nothing else to a client before it.
 */
export async function hello(ws: WebSocket, name: string, timeoutMs: number): Promise<void> {
  const welcome = nextFrame(ws, timeoutMs);
  const secret = randomBytes(24).toString('hex');
  sendMessage(ws, { type: 'hello', secret, name, resume: null });
  const frame = await welcome;
  if (!frame.startsWith('{"type":"welcome"')) throw new Error(`expected welcome, got ${frame}`);
}

export function chatFrame(id: string, sender: number, padding = SHORT_PADDING): string {
  const text = `${performance.now().toFixed(3)} ${sender} ${padding}`;
  return JSON.stringify({ type: 'chat', id, text } satisfies ClientMessage);
}

export type Frame =
  { kind: 'chat'; sentAt: number; sender: number } | { kind: 'error' } | { kind: 'other' };

/**
 * Reads just enough of a received frame: the bare relay forwards the sender's frame as is, the
 * hub wraps the text in its own chat message; both start with `{"type":"chat"` and carry it.
 */
export function readFrame(data: Buffer): Frame {
  const s = data.toString('latin1');
  if (!s.startsWith('{"type":"chat"')) {
    return s.startsWith('{"type":"error"') ? { kind: 'error' } : { kind: 'other' };
  }
  const start = s.indexOf('"text":"') + 8;
  const space = s.indexOf(' ', start);
  return { kind: 'chat', sentAt: Number(s.slice(start, space)), sender: digitsAt(s, space + 1) };
}

/** The decimal number starting at `at` (up to the first non-digit), without slicing `s`. */
function digitsAt(s: string, at: number): number {
  let value = 0;
  // charCodeAt past the end is NaN, which fails the test and ends the loop.
  for (let i = at, c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) {
    value = value * 10 + (c - 48);
  }
  return value;
}
