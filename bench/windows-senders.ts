// Chat senders for the windows benchmark: plain `ws` clients that join the hub the way a window
// does and send bursts of chats. The hub allows each connection a burst of 200 frames (then
// 100/s), so a flood is spread over short-lived senders: each joins, sends its burst and closes,
// and never parses what the hub sends back (that would cost this process more than the hub).

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

export interface HubTarget {
  url: string;
  token: string;
  origin: string;
}

/** Within the hub's per-connection burst allowance. */
export const PER_SENDER = 200;

export interface Sender {
  send(id: string, text: string): void;
  /** Resolves with the clock (ms since epoch) when a chat with exactly `text` comes back. */
  watch(text: string): Promise<number>;
  close(): Promise<void>;
}

/** A sender that stays connected (no "left" note), for markers and paced sends. */
export async function openSender(hub: HubTarget, name: string): Promise<Sender> {
  const ws = new WebSocket(hub.url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + hub.token], {
    origin: hub.origin,
  });
  await once(ws, 'open');
  const welcomed = once(ws, 'message');
  ws.send(
    JSON.stringify({ type: 'hello', secret: randomBytes(24).toString('hex'), name, resume: null }),
  );
  await welcomed;
  const watched = new Map<string, (at: number) => void>();
  ws.on('message', (data: Buffer) => {
    if (watched.size === 0) return; // parses nothing it was not asked to look for
    const message = JSON.parse(data.toString()) as { type: string; text?: string };
    const done = message.type === 'chat' ? watched.get(message.text ?? '') : undefined;
    if (done) done(clock());
  });
  return {
    send: (id, text) => ws.send(JSON.stringify({ type: 'chat', id, text })),
    watch: (text) => new Promise((resolve) => watched.set(text, resolve)),
    close: async () => {
      const closed = once(ws, 'close');
      ws.close(1000);
      await closed;
    },
  };
}

/** Ids stay unique across runs: the hub only acknowledges a sender's repeated id. */
let pacedIds = 0;

/** The pages' clock: ms since the epoch, to the microsecond. */
export const clock = (): number => performance.timeOrigin + performance.now();

/**
 * Sends `rate` chats a second for `seconds` through `senders` in turn, each text stamped with
 * when it was due (`lat <ms since epoch>`), as the pages' own sender does.
 */
export async function sendPaced(
  senders: readonly Sender[],
  rate: number,
  seconds: number,
): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = clock();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((clock() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      const sender = senders[sent % senders.length];
      sender?.send(`paced-${pacedIds++}`, `lat ${(start + ((sent + 1) * 1000) / rate).toFixed(3)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return sent;
}

async function sendBurst(hub: HubTarget, name: string, texts: readonly string[]): Promise<void> {
  const ws = new WebSocket(hub.url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + hub.token], {
    origin: hub.origin,
  });
  await once(ws, 'open');
  const welcomed = once(ws, 'message'); // the hub answers hello with welcome first
  ws.send(
    JSON.stringify({ type: 'hello', secret: randomBytes(24).toString('hex'), name, resume: null }),
  );
  await welcomed;
  texts.forEach((text, i) => ws.send(JSON.stringify({ type: 'chat', id: `${name}-${i}`, text })));
  const closed = once(ws, 'close');
  ws.close(1000); // after the chats: the hub sequences them all before it sees the close
  await closed;
}

/**
 * Sends `count` chats, `parallel` senders at a time; `text(i)` makes the i-th text.
 * Resolves once every sender has closed (the hub has sequenced everything by then).
 */
export async function flood(
  hub: HubTarget,
  count: number,
  text: (i: number) => string,
  parallel = 50,
  /** Paces the senders to about this many messages a second (default: as fast as they go). */
  perSecond = Number.POSITIVE_INFINITY,
): Promise<void> {
  let next = 0;
  let sender = 0;
  const start = Date.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + PER_SENDER);
      const wait = start + (from / perSecond) * 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const texts = Array.from({ length: next - from }, (_, k) => text(from + k));
      await sendBurst(hub, `bench-sender-${sender++}`, texts);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
