// The file row of `npm run bench`: one file from one window to N others. Through the hub it
// goes the way a window sends it (offer, chunk frames paced by bufferedAmount, completion, the
// chat naming it), and each receiver downloads it (attachment-get, the chunks back). Through
// the bare relay the sender sends the same chunk frames, with the same pacing, and the relay
// forwards each to every client. The clients run in this process; the server in its own, which
// samples its RSS every 5 ms for the peak. Every receiver's copy is checked byte for byte after
// the clock stops.

import { createHash, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { ATTACHMENT_LIMITS, CHUNK_HEADER_BYTES, chunkCount } from '../protocol/attachment-limits';
import { encodeChunk } from '../protocol/chunk-frame';
import { detectKind, SNIFF_BYTES } from '../protocol/file-kind';
import { Child } from './children';
import type { BenchConfig } from './config';
import type { FromServer, Target, ToServer } from './ipc';
import { hello, openSocket, sendMessage } from './load-client';

export type FileVariant = 'bare' | 'hub';

export interface FileRun {
  variant: FileVariant;
  repetition: number;
  fileBytes: number;
  receivers: number;
  /** From the sender's first frame to the last receiver holding the last byte. */
  elapsedMs: number;
  /** fileBytes × receivers over elapsedMs: the bytes delivered, in MiB/s. */
  mibPerSec: number;
  /** The hub only: until the upload was stored whole (the receivers fetch it after). */
  uploadMs: number | null;
  /** The server process's RSS after a GC before the transfer, and the most sampled during it. */
  baselineRssBytes: number;
  peakRssBytes: number;
  /** Every receiver holds exactly the file's bytes. */
  verified: boolean;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Sends every chunk in order, waiting whenever bufferedAmount is over the window's threshold. */
async function sendChunks(ws: WebSocket, file: Uint8Array, transfer: number): Promise<void> {
  const count = chunkCount(file.length);
  for (let index = 0; index < count; index++) {
    const start = index * ATTACHMENT_LIMITS.chunkBytes;
    const payload = file.subarray(start, start + ATTACHMENT_LIMITS.chunkBytes);
    const frame = encodeChunk({ transfer, index, final: index === count - 1, payload });
    if (ws.bufferedAmount < ATTACHMENT_LIMITS.sendBufferBytes) {
      ws.send(frame);
      continue;
    }
    // Over the threshold: wait until this frame is handed to the socket.
    await new Promise<void>((resolve, reject) =>
      ws.send(frame, (err) => (err ? reject(err) : resolve())),
    );
  }
}

/** A receiver: keeps the payload of every chunk frame; resolves once it has `size` bytes. */
function receive(ws: WebSocket, size: number): { parts: Buffer[]; whole: Promise<void> } {
  const parts: Buffer[] = [];
  let received = 0;
  const whole = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      parts.push(data.subarray(CHUNK_HEADER_BYTES));
      received += data.length - CHUNK_HEADER_BYTES;
      if (received >= size) resolve();
    });
  });
  return { parts, whole };
}

/** The next text frame on `ws` that `pick` takes, parsed. */
function nextMessage<T>(ws: WebSocket, pick: (message: { type?: string } & T) => boolean) {
  return new Promise<T>((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (isBinary) return;
      const message = JSON.parse(data.toString('utf8')) as { type?: string } & T;
      if (!pick(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

/** The hub: upload, then the chat naming the file, then every receiver downloads it. */
async function throughHub(sender: WebSocket, receivers: WebSocket[], file: Uint8Array) {
  const hash = sha256(file);
  const copies = receivers.map((ws) => {
    const copy = receive(ws, file.length);
    void nextMessage<{ attachments?: unknown[] }>(
      ws,
      (m) => m.type === 'chat' && Array.isArray(m.attachments),
    ).then(() => sendMessage(ws, { type: 'attachment-get', sha256: hash, fromChunk: 0 }));
    return copy;
  });
  const startedAt = performance.now();
  const accepted = nextMessage<{ upload: number }>(sender, (m) => m.type === 'upload-accept');
  const complete = nextMessage(sender, (m) => m.type === 'upload-complete');
  sendMessage(sender, {
    type: 'upload-offer',
    id: 'bench-file',
    name: 'bench.bin',
    size: file.length,
    kind: detectKind(file.subarray(0, SNIFF_BYTES)),
    sha256: hash,
  });
  await sendChunks(sender, file, (await accepted).upload);
  await complete;
  const uploadMs = performance.now() - startedAt;
  sendMessage(sender, {
    type: 'chat',
    id: 'bench-file-message',
    text: '',
    attachments: [{ sha256: hash, name: 'bench.bin' }],
  });
  await Promise.all(copies.map((c) => c.whole));
  return { startedAt, uploadMs, copies };
}

/** The bare relay: the same chunk frames, forwarded by the relay to every client as they come. */
async function throughBare(sender: WebSocket, receivers: WebSocket[], file: Uint8Array) {
  const copies = receivers.map((ws) => receive(ws, file.length));
  const startedAt = performance.now();
  await sendChunks(sender, file, 1);
  await Promise.all(copies.map((c) => c.whole));
  return { startedAt, uploadMs: null, copies };
}

export async function fileFanoutRun(
  config: BenchConfig,
  variant: FileVariant,
  repetition: number,
): Promise<FileRun> {
  const { fileBytes, receivers: count, timeoutMs } = config.files;
  const server = new Child<ToServer, FromServer>('./server-process.js', [variant], {
    core: 0,
    pin: config.pinCores,
    execArgv: ['--expose-gc'],
  });
  const sockets: WebSocket[] = [];
  try {
    const { target } = await server.next('ready', 10_000);
    const open = async (name: string): Promise<WebSocket> => {
      const ws = await openSocket(target satisfies Target);
      sockets.push(ws);
      if (variant === 'hub') await hello(ws, name, 10_000);
      return ws;
    };
    const sender = await open('Sender');
    const receivers: WebSocket[] = [];
    for (let i = 0; i < count; i++) receivers.push(await open(`Receiver ${i + 1}`));
    const file = randomBytes(fileBytes);
    const baseline = await server.request({ type: 'memory' }, 'memory', 10_000);
    await server.request({ type: 'watch-memory' }, 'watching-memory', 10_000);

    const transfer = variant === 'hub' ? throughHub : throughBare;
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`file run over ${timeoutMs} ms`)), timeoutMs).unref(),
    );
    const { startedAt, uploadMs, copies } = await Promise.race([
      transfer(sender, receivers, file),
      timeout,
    ]);
    const elapsedMs = performance.now() - startedAt;
    const peak = await server.request({ type: 'peak-memory' }, 'peak-memory', 10_000);
    const hash = sha256(file);
    const verified = copies.every((c) => sha256(Buffer.concat(c.parts)) === hash);
    return {
      variant,
      repetition,
      fileBytes,
      receivers: count,
      elapsedMs,
      mibPerSec: (fileBytes * count) / 2 ** 20 / (elapsedMs / 1000),
      uploadMs,
      baselineRssBytes: baseline.rssBytes,
      peakRssBytes: peak.maxRssBytes,
      verified,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}
