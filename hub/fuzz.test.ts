// Fuzzing the running hub on 127.0.0.1: several hostile connections send random and mutated
// frames, random handshakes and random close codes while two honest windows chat. Afterwards
// the hub is up, each honest window saw every message exactly once and in order, and the hub
// is back where it started. Bounded in count and time. The run is seeded: a failure names
// its seed, and LOOPCHAT_FUZZ_SEED=<seed> replays it. A second, property-based run sends the
// binary path's bad input (hub/test/hostile-binary.ts) between the chunks of a real upload and
// checks each frame's answer.

import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ATTACHMENT_LIMITS, chunkCount } from '../protocol/attachment-limits';
import { CLOSE_CODES as CLOSE } from '../protocol/close-codes';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { LIMITS, SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, type ChatMessage } from '../protocol/messages';
import type { Hub } from './hub';
import { clientFrame, openSocket, rawClient, rawRequest, upgradeRequest } from './test/raw-socket';
import { join, startTestHub, TEST_ORIGIN, type TestClient } from './test/test-client';
import { fuzzSeed, prng, replayHint } from './test/fuzz-seed';
import { chunkFrame, download, nextFrame, opened, sha256, someBytes } from './test/file-transfer';
import {
  connectionEnding,
  ENDINGS,
  expectedCode,
  hostileFrame,
  junkFrame,
  type Ending,
  type HostileFrame,
  type JunkChunk,
} from './test/hostile-binary';

const WORKERS = 6;
const ACTIONS_PER_WORKER = 14;
const HONEST_MESSAGES = 30;

/** A forced GC, if this V8 lets us have one (the flag can be set at run time). */
function forcedGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : null;
  } catch {
    return null;
  }
}

const sockets = new Set<Socket>();
const hubs: Hub[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});
const track = (socket: Socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
};

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const int = (random: Random, max: number) => Math.floor(random() * max);

const VALID_FRAMES = [
  { type: 'hello', peerId: 'fuzz', name: 'Fuzz', resume: null },
  { type: 'hello', peerId: 'fuzz', name: 'Fuzz', resume: { historyId: 'h', lastSeq: 3 } },
  { type: 'chat', id: 'x', text: 'hi' },
  { type: 'rename', name: 'Z' },
  { type: 'ping', id: 'p' },
  { type: 'typing', typing: true },
];

function randomText(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(int(random, 0x10000));
  return text;
}

/** A frame payload: mutations of valid frames, random JSON, garbage, oversized. */
function randomPayload(random: Random): Buffer {
  const valid = JSON.stringify(pick(random, VALID_FRAMES));
  switch (int(random, 7)) {
    case 0: {
      // Flip, drop or insert a few characters of a valid frame.
      const chars = [...valid];
      for (let i = 0; i < 1 + int(random, 4); i += 1) {
        const at = int(random, chars.length);
        const how = int(random, 3);
        if (how === 0) chars.splice(at, 1);
        else if (how === 1)
          chars.splice(at, 0, pick(random, ['{', '"', ':', ',', '}', '[', '\\', '0']));
        else chars[at] = String.fromCharCode(int(random, 128));
      }
      return Buffer.from(chars.join(''));
    }
    case 1:
      return Buffer.from(
        valid.replace('}', `,"${pick(random, ['__proto__', 'constructor', 'x'])}":{"a":1}}`),
      );
    case 2:
      return Buffer.from('['.repeat(1 + int(random, 9000)));
    case 3:
      return Buffer.from(randomText(random, int(random, 200)));
    case 4:
      return Buffer.from(Array.from({ length: int(random, 200) }, () => int(random, 256)));
    case 5:
      return Buffer.alloc(64 * 1024 + 1 + int(random, 4096), 'a'); // over maxPayload
    default:
      return Buffer.from(valid);
  }
}

const CLOSE_CODES = [
  1000, 1001, 1002, 1003, 1005, 1006, 1008, 1011, 1015, 999, 0, 2000, 3000, 4000, 4999, 5000, 65535,
];

function closeFrame(random: Random): Buffer {
  const payload = Buffer.alloc(2 + int(random, 20), 'r');
  payload.writeUInt16BE(pick(random, CLOSE_CODES), 0);
  return clientFrame(0x8, payload.subarray(0, int(random, 5) === 0 ? 1 : payload.length));
}

/** One hostile WebSocket: random frames, fragments, opcodes, then a random ending. */
async function frameAttack(random: Random, port: number, token: string): Promise<void> {
  const raw = await rawClient(port, token, undefined, track);
  if (raw.status !== 101) return void raw.socket.destroy();
  const closed = once(raw.socket, 'close');
  for (let i = 0, n = 1 + int(random, 12); i < n && !raw.socket.destroyed; i += 1) {
    const payload = randomPayload(random);
    switch (int(random, 6)) {
      case 0: // a message in fragments, maybe never finished
        raw.frame(0x1, payload.subarray(0, payload.length >> 1), false);
        if (random() < 0.7) raw.frame(0x0, payload.subarray(payload.length >> 1), true);
        break;
      case 1:
        raw.frame(0x2, payload); // binary
        break;
      case 2:
        raw.frame(pick(random, [0x3, 0x7, 0xb, 0xf]), payload.subarray(0, 100)); // reserved opcodes
        break;
      case 3:
        raw.frame(0x9, payload.subarray(0, 125)); // ping
        break;
      default:
        raw.frame(0x1, payload);
    }
  }
  const ending = int(random, 3);
  if (ending === 0) raw.socket.write(closeFrame(random));
  else if (ending === 1) raw.socket.destroy();
  else raw.socket.write(Buffer.from([0x81, 0xff, 0, 0])); // a truncated frame header
  raw.socket.setTimeout(3000, () => raw.socket.destroy());
  await closed;
}

/** A random handshake: bad token, Origin, Host, subprotocol, truncated or garbage requests. */
async function handshakeAttack(random: Random, port: number, token: string): Promise<void> {
  const headers: Record<string, string>[] = [
    { 'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${'ab'.repeat(32)}` },
    { 'Sec-WebSocket-Protocol': `${CONSOLE_SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}` },
    { 'Sec-WebSocket-Protocol': `${TOKEN_PROTOCOL_PREFIX}${token}` },
    { 'Sec-WebSocket-Protocol': randomText(random, 20) },
    { Origin: 'https://evil.example' },
    { Host: `evil.example:${port}` },
    { 'Sec-WebSocket-Key': 'x' },
    { 'Sec-WebSocket-Version': '8' },
  ];
  const full = upgradeRequest(port, token, pick(random, headers));
  const request =
    int(random, 3) === 0
      ? full.slice(0, int(random, full.length))
      : int(random, 4) === 0
        ? randomText(random, 80)
        : full;
  await rawRequest(port, request, 3000);
}

/** A well-formed window that leaves with a random close code (or vanishes). */
async function rudeWindow(random: Random, url: string, token: string): Promise<void> {
  const ws = new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    origin: TEST_ORIGIN,
  });
  ws.on('error', () => undefined);
  const closed = once(ws, 'close');
  await Promise.race([once(ws, 'open'), closed]);
  if (ws.readyState === WebSocket.OPEN) {
    if (random() < 0.7)
      ws.send(
        JSON.stringify({
          type: 'hello',
          peerId: `rude-${int(random, 1e6)}`,
          name: 'Rude',
          resume: null,
        }),
      );
    if (random() < 0.5) ws.terminate();
    else
      ws.close(pick(random, [1000, 1001, 4000, 4321, 4999]), randomText(random, 10).slice(0, 10));
  }
  await closed;
}

async function worker(random: Random, port: number, url: string, token: string): Promise<void> {
  for (let i = 0; i < ACTIONS_PER_WORKER; i += 1) {
    const action = int(random, 4);
    if (action === 0) await handshakeAttack(random, port, token);
    else if (action === 1) await rudeWindow(random, url, token);
    else if (action === 2)
      (await openSocket(port, track)).destroy(); // connect and vanish
    else await frameAttack(random, port, token);
  }
}

/** Resolves once `done()` holds, re-checked on every hub event; gives up after `limitMs`. */
async function untilHub(hub: Hub, done: () => boolean, limitMs: number): Promise<void> {
  let unsubscribe = (): void => undefined;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
    unsubscribe = hub.subscribe(() => {
      if (done()) resolve();
    });
    if (done()) resolve();
  });
  clearTimeout(timer);
  unsubscribe();
}

/** The honest windows' chat messages as each one saw them, in order. */
const chatIds = (client: TestClient) =>
  client.received.filter((m): m is ChatMessage => m.type === 'chat').map((m) => m.id);

it('stays up and exactly-once for honest windows while hostile clients fuzz it', async () => {
  const seed = fuzzSeed();
  try {
    const gc = forcedGc();
    const { hub, token } = await startTestHub({ headersTimeoutMs: 500, helloTimeoutMs: 1000 });
    hubs.push(hub);
    const { port, url } = hub.address ?? (await hub.start());
    const seen = new Map<string, number>();
    hub.subscribe((e) => seen.set(e.kind, (seen.get(e.kind) ?? 0) + 1));
    const ada = await join(url, token, 'Ada');
    const bob = await join(url, token, 'Bob');
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;

    const honest = (async () => {
      for (let i = 0; i < HONEST_MESSAGES; i += 1) {
        const [from, to] = i % 2 === 0 ? [ada, bob] : [bob, ada];
        from.send({ type: 'chat', id: `honest-${i}`, text: `message ${i}` });
        await from.next('chat');
        await to.next('chat');
      }
    })();
    const workers = Array.from({ length: WORKERS }, (_, w) =>
      worker(prng(seed + w + 1), port, url, token),
    );
    await Promise.all([honest, ...workers]);

    // The fuzz reached the hub: refusals, broken requests and hostile connections closing.
    for (const kind of ['rejected', 'clientError', 'close'])
      expect(seen.get(kind) ?? 0).toBeGreaterThan(0);

    // Every honest message exactly once, in the order sent, in both windows.
    const sent = Array.from({ length: HONEST_MESSAGES }, (_, i) => `honest-${i}`);
    expect(chatIds(ada)).toEqual(sent);
    expect(chatIds(bob)).toEqual(sent);

    // The hub is up and back where it started: only the honest windows in its table.
    await untilHub(hub, () => hub.connections().length === 2, 5000);
    expect(
      hub
        .connections()
        .map((c) => c.peerId)
        .sort(),
    ).toEqual([ada.peerId, bob.peerId].sort());
    const carol = await join(url, token, 'Carol');
    carol.send({ type: 'chat', id: 'after', text: 'still up' });
    expect((await ada.next('chat')).id).toBe('after');
    await carol.close();

    gc?.();
    const grownMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    expect(grownMiB).toBeLessThan(gc ? 16 : 64);
    await Promise.all([ada.close(), bob.close()]);
  } catch (err) {
    throw new Error(replayHint('fuzz run', seed), {
      cause: err,
    });
  }
}, 40_000);

/** Waits, frame by frame, until `done()` holds; fails naming `what` after 10 s. */
async function until(client: TestClient, done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline || client.ws.readyState !== WebSocket.OPEN)
      throw new Error(`${what} did not come`);
    await nextFrame(client, deadline - Date.now()).catch(() => undefined);
  }
}

/** The hostile frames in the order sent: each goes after `after % (chunks + 1)` real chunks. */
function interleave(frames: [HostileFrame, number][], chunks: number): (HostileFrame | number)[] {
  const order: (HostileFrame | number)[] = [];
  const placed = frames.map(([frame, after]) => ({ frame, after: after % (chunks + 1) }));
  for (let sent = 0; sent <= chunks; sent += 1) {
    for (const { frame, after } of placed) if (after === sent) order.push(frame);
    if (sent < chunks) order.push(sent);
  }
  return order;
}

const JUNK_EXAMPLES: JunkChunk[] = [
  { kind: 'magic', byte: 0x4d },
  { kind: 'version', byte: 2 },
  { kind: 'flags', byte: 0x03 },
  { kind: 'reserved', byte: 1 },
  { kind: 'transfer-zero' },
  { kind: 'cut', length: 11 },
  { kind: 'cut', length: 100 },
  { kind: 'long', extra: 1 },
  { kind: 'unknown-upload', offset: 1, index: 0, payload: 1 },
];

const ENDING_FRAMES: Record<Exclude<Ending, 'close'>, () => string | Uint8Array> = {
  'oversize-binary': () => new Uint8Array(LIMITS.maxFrameBytes + 1),
  'oversize-text': () => 'x'.repeat(LIMITS.maxFrameBytes + 1),
};

it('answers every bad binary frame, between chunks and text, with its error or close code', async () => {
  const seed = fuzzSeed();
  const { hub, token } = await startTestHub();
  hubs.push(hub);
  const { url } = hub.address ?? (await hub.start());
  const ada = await join(url, token, 'Ada');
  const bob = await join(url, token, 'Bob');
  const adaSaw: string[] = [];
  let run = 0;

  const property = fc.asyncProperty(
    fc.integer({ min: 1, max: 3 * ATTACHMENT_LIMITS.chunkBytes }),
    fc.array(fc.tuple(hostileFrame, fc.nat()), { maxLength: 16 }),
    connectionEnding,
    async (size, frames, end) => {
      run += 1;
      const window = await join(url, token, `Hostile ${run}`);
      try {
        const bytes = someBytes(size, 1000 + run);
        const upload = await opened(window, `u${run}`, bytes);
        const codes: string[] = [];
        const chats: string[] = [];
        let garbage = 0;
        for (const step of interleave(frames, chunkCount(size))) {
          if (typeof step === 'number') window.ws.send(chunkFrame(bytes, upload, step));
          else if (step.kind === 'binary') {
            codes.push(expectedCode(step.junk));
            window.ws.send(junkFrame(step.junk, upload));
          } else if (step.kind === 'chat') {
            const id = `c${run}-${chats.length}`;
            chats.push(id);
            window.send({ type: 'chat', id, text: id });
          } else {
            garbage += 1;
            window.ws.send(step.text);
          }
        }
        const of = <T extends TestClient['received'][number]['type']>(type: T) =>
          window.received.filter(
            (m): m is Extract<TestClient['received'][number], { type: T }> => m.type === type,
          );
        const mine = () => of('chat').filter((m) => m.from.id === window.peerId);
        await until(
          window,
          () =>
            of('upload-error').length >= codes.length &&
            of('upload-complete').length > 0 &&
            mine().length >= chats.length &&
            of('error').length >= garbage,
          'every answer',
        );
        // A round trip after the answers, so an answer too many would show.
        window.send({ type: 'ping', id: 'after' });
        await window.next('pong');

        // Each bad frame got its own refusal, naming no upload; the upload interleaved with
        // them completed with exactly its bytes; each text frame got its usual answer.
        expect(of('upload-error').map((m) => [m.id, m.code])).toEqual(
          codes.map((code) => [null, code]),
        );
        expect(of('upload-complete').map((m) => m.attachment.sha256)).toEqual([sha256(bytes)]);
        expect(mine().map((m) => m.id)).toEqual(chats);
        expect(of('error').map((m) => m.code)).toEqual(Array(garbage).fill('bad-json'));
        expect(sha256(await download(bob, sha256(bytes)))).toBe(sha256(bytes));

        if (end !== 'close') {
          window.ws.send(ENDING_FRAMES[end]());
          expect((await window.closed).code).toBe(CLOSE.tooBig.code);
        }
        // The honest windows carry on: each saw every chat once, in order.
        adaSaw.push(...chats, `b${run}`);
        bob.send({ type: 'chat', id: `b${run}`, text: 'still here' });
        await until(ada, () => chatIds(ada).length >= adaSaw.length, 'the marker');
        expect(chatIds(ada)).toEqual(adaSaw);
      } finally {
        window.ws.terminate();
      }
    },
  );
  // Each ending once, with every kind of bad chunk, before the random runs: coverage must not
  // depend on luck.
  const everyJunk: [HostileFrame, number][] = JUNK_EXAMPLES.map((junk, i) => [
    { kind: 'binary', junk },
    i,
  ]);
  const examples = ENDINGS.map((end): [number, [HostileFrame, number][], Ending] => [
    2 * ATTACHMENT_LIMITS.chunkBytes + 5,
    [...everyJunk, [{ kind: 'chat' }, 1], [{ kind: 'garbage', text: 'not json' }, 2]],
    end,
  ]);
  try {
    await fc.assert(property, { seed, numRuns: 12 + examples.length, examples });
  } catch (err) {
    throw new Error(replayHint('binary fuzz run', seed), { cause: err });
  }
  await untilHub(hub, () => hub.connections().length === 2, 5000);
  expect(hub.connections().length).toBe(2);
  await Promise.all([ada.close(), bob.close()]);
}, 60_000);
