// Child process that plays the clients: N connections (2 or all of them also send, by shape)
// for the fan-out phases, or thousands of idle connections for the scale test. It runs on its
// own core, apart from the server under test, and measures latency with one clock (senders and
// receivers share it).

import type { WebSocket } from 'ws';
import {
  compresses,
  speaksLoopchat,
  type FromDriver,
  type PhaseResult,
  type Shape,
  type Target,
  type ToDriver,
} from './ipc';
import {
  chatFrame,
  hello,
  openSocket,
  paddingFor,
  readFrame,
  sendMessage,
  SHORT_PADDING,
} from './load-client';
import { LatencyHistogram } from './stats';

type FrameHandler = (client: number, data: Buffer) => void;

const sockets: WebSocket[] = [];
const idle: WebSocket[] = [];
let onFrame: FrameHandler = () => undefined;
/** Chat ids must never repeat within one hub: a repeated id is only acked, not relayed. */
let nextId = 0;
/** The chat texts' padding for the server being measured (see paddingFor). */
let padding = SHORT_PADDING;

function reply(message: FromDriver): void {
  process.send?.(message);
}

async function open(target: Target, clients: number): Promise<void> {
  padding = paddingFor(target.kind);
  for (let i = 0; i < clients; i++) {
    const ws = await openSocket(target);
    // A run meant to price compression must not quietly measure without it.
    if (compresses(target.kind) && !ws.extensions.includes('permessage-deflate')) {
      throw new Error(`${target.kind}: permessage-deflate was not negotiated`);
    }
    if (speaksLoopchat(target.kind)) await hello(ws, `client-${i}`, 10_000);
    ws.on('message', (data: Buffer) => onFrame(i, data));
    sockets.push(ws);
  }
  if (speaksLoopchat(target.kind)) {
    // Every join sent presence to the others; a pong per client means all of it has arrived.
    let waiting = sockets.length;
    const settled = new Promise<void>((resolve) => {
      onFrame = (_client, data) => {
        if (!data.toString('latin1', 0, 16).startsWith('{"type":"pong"')) return;
        waiting -= 1;
        if (waiting > 0) return;
        onFrame = () => undefined;
        resolve();
      };
    });
    for (const ws of sockets) sendMessage(ws, { type: 'ping', id: 'settle' });
    await settled;
  }
}

/** Runs one measured phase: `start` sends, `onChat` reacts to each delivery. */
function phase(
  expected: number,
  timeoutMs: number,
  start: () => void,
  onChat: (client: number, sender: number) => void,
): Promise<Omit<PhaseResult, 'sent'>> {
  return new Promise((resolve) => {
    const histogram = new LatencyHistogram();
    let deliveries = 0;
    let errorFrames = 0;
    const startedAt = performance.now();
    let lastAt = startedAt;
    const finish = () => {
      clearTimeout(timer);
      onFrame = () => undefined;
      resolve({
        deliveries,
        expected,
        errorFrames,
        elapsedMs: lastAt - startedAt,
        ...histogram.summary(),
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    onFrame = (client, data) => {
      const frame = readFrame(data);
      if (frame.kind === 'error') errorFrames += 1;
      if (frame.kind !== 'chat') return;
      lastAt = performance.now();
      histogram.record(lastAt - frame.sentAt);
      deliveries += 1;
      if (deliveries === expected) return finish();
      onChat(client, frame.sender);
    };
    start();
  });
}

/** One sending client in the saturation phase. */
interface Sender {
  ws: WebSocket;
  index: number;
  quota: number;
  sent: number;
  echoed: number;
}

/** The shape's senders, sharing `count` messages evenly (the first ones take the remainder). */
function sendersFor(shape: Shape, count: number): Sender[] {
  const chosen = shape === 'two-senders' ? sockets.slice(0, 2) : sockets;
  const share = Math.floor(count / chosen.length);
  const extra = count % chosen.length;
  return chosen.map((ws, index) => ({
    ws,
    index,
    quota: share + (index < extra ? 1 : 0),
    sent: 0,
    echoed: 0,
  }));
}

function pump(sender: Sender, window: number): void {
  while (sender.sent < sender.quota && sender.sent - sender.echoed < window) {
    sender.ws.send(chatFrame(`s${sender.index}-${nextId++}`, sender.index, padding));
    sender.sent += 1;
  }
}

async function saturate(request: Extract<ToDriver, { type: 'saturate' }>): Promise<PhaseResult> {
  const { count, window, timeoutMs } = request;
  const senders = sendersFor(request.shape, count);
  const result = await phase(
    count * sockets.length,
    timeoutMs,
    () => {
      for (const sender of senders) pump(sender, window);
    },
    (client, index) => {
      // A sender's own echo is its acknowledgement: it frees a slot in its window.
      const sender = client === index ? senders[index] : undefined;
      if (!sender) return;
      sender.echoed += 1;
      pump(sender, window);
    },
  );
  return { ...result, sent: senders.reduce((sum, sender) => sum + sender.sent, 0) };
}

async function light(count: number, timeoutMs: number): Promise<PhaseResult> {
  let sent = 0;
  let arrived = 0;
  const sendOne = () => {
    const sender = sent % 2;
    sockets[sender]?.send(chatFrame(`s${sender}-${nextId++}`, sender, padding));
    sent += 1;
  };
  const result = await phase(count * sockets.length, timeoutMs, sendOne, () => {
    // The next message leaves only when every client has the previous one.
    arrived += 1;
    if (arrived % sockets.length === 0 && sent < count) sendOne();
  });
  return { ...result, sent };
}

async function connectIdle(
  request: Extract<ToDriver, { type: 'connect-idle' }>,
): Promise<FromDriver> {
  const startedAt = performance.now();
  const deadline = startedAt + request.timeoutMs;
  let failures = 0;
  let firstError: string | null = null;
  let started = idle.length;
  const fail = (why: string) => {
    failures += 1;
    firstError ??= why;
  };
  const worker = async () => {
    while (started < request.total && firstError === null && performance.now() < deadline) {
      const number = started++;
      try {
        const ws = await openSocket(request.target);
        if (request.join) await hello(ws, `idle-${number}`, deadline - performance.now());
        ws.on('close', (code) => {
          if (!closingAll) fail(`client ${number} closed by the server with ${code}`);
        });
        idle.push(ws);
      } catch (err) {
        fail(`client ${number}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return {
    type: 'idle-connected',
    open: idle.filter((ws) => ws.readyState === ws.OPEN).length,
    elapsedMs: performance.now() - startedAt,
    firstError,
    failures,
  };
}

let closingAll = false;

process.on('message', (message: ToDriver) => {
  const handle = async (): Promise<FromDriver> => {
    switch (message.type) {
      case 'open':
        await open(message.target, message.clients);
        return { type: 'opened', clients: sockets.length };
      case 'light':
        return { type: 'phase', result: await light(message.count, message.timeoutMs) };
      case 'saturate':
        return { type: 'phase', result: await saturate(message) };
      case 'connect-idle':
        return connectIdle(message);
      case 'close-all':
        closingAll = true;
        for (const ws of [...sockets, ...idle]) ws.terminate();
        return { type: 'closed' };
    }
  };
  handle().then(reply, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
