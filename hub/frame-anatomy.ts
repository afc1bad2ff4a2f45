// The client lab's frame-anatomy scenario: a WebSocket spoken by hand over the lab's own raw
// TCP socket, so every frame can be shown byte by byte. The lab's frames are masked (a client
// must mask, RFC 6455 §5.1), the hub's are not; the frames cover the 7-, 16- and 64-bit length
// forms, one message in two fragments, ping and pong, and the hub's close (1009 for the frame
// over its maxPayload) with its two-byte status code.

import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { bytesToHex } from '../protocol/byte-text';
import type { FrameAnatomy, LabEventBody } from '../protocol/lab';
import { LIMITS, SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import {
  closeCodeOf,
  decodeFrame,
  encodeFrame,
  OPCODES,
  type DecodedFrame,
} from '../protocol/ws-frame';
import { clip, isEvent, type Run } from './lab-run';
import { redact } from './log';

/** Bytes of a frame shown in hex: the header, the key and the start of the payload. */
const SHOWN_BYTES = 32;

export interface AnatomyTarget {
  port: number;
  token: string;
  origin: string;
  /** The header and key by which the lab's connections are known. */
  labHeader: [string, string];
}

const hexStart = (bytes: Uint8Array): string => {
  const shown = bytesToHex(bytes.subarray(0, SHOWN_BYTES));
  return bytes.length > SHOWN_BYTES ? `${shown} … (${bytes.length} bytes)` : shown;
};

/**
 * `inflated`: a compressed frame's payload after inflating (permessage-deflate), which is what
 * its text is read from.
 */
export function anatomyOf(
  from: FrameAnatomy['from'],
  bytes: Uint8Array,
  frame: DecodedFrame,
  inflated?: Uint8Array,
): FrameAnatomy {
  const isClose = frame.opcode === OPCODES.close;
  const payload = inflated ?? frame.payload;
  const textBytes = isClose ? payload.subarray(2) : payload;
  return {
    from,
    hex: hexStart(bytes.subarray(0, frame.size)),
    size: frame.size,
    fin: frame.fin,
    rsv: [frame.rsv1, frame.rsv2, frame.rsv3],
    opcode: frame.opcode,
    opcodeName: frame.opcodeName,
    masked: frame.masked,
    lengthForm: frame.lengthForm,
    length: frame.length,
    maskKey: frame.maskKey ? bytesToHex(frame.maskKey) : null,
    maskedStart: frame.maskKey ? bytesToHex(frame.wirePayload.subarray(0, 8)) : null,
    unmaskedStart: bytesToHex(frame.payload.subarray(0, 8)),
    text: clip(Buffer.from(textBytes.subarray(0, 700)).toString('utf8')),
    closeCode: isClose ? closeCodeOf(frame.payload) : null,
    inflated: inflated ? inflated.length : null,
  };
}

/** The lab's upgrade request, with `extra` header lines (each ending in CRLF). */
export function upgradeRequest(
  { port, token, origin, labHeader }: AnatomyTarget,
  extra = '',
): string {
  return (
    'GET / HTTP/1.1\r\n' +
    `Host: 127.0.0.1:${port}\r\n` +
    `Origin: ${origin}\r\n` +
    'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}\r\n` +
    `${labHeader[0]}: ${labHeader[1]}\r\n${extra}\r\n`
  );
}

export type SendFrame = (frame: Omit<Parameters<typeof encodeFrame>[0], 'maskKey'>) => void;

/**
 * Reads the response head, then every frame the hub writes; answers the hub's pings.
 * `inflate` reads a compressed (RSV1) frame's payload.
 */
export function readHub(
  run: Run,
  socket: Socket,
  send: SendFrame,
  inflate?: (payload: Uint8Array) => Uint8Array,
): void {
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let closeCode: number | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      run.event({ name: 'raw-response', text: clip(buffer.subarray(0, end).toString('utf8')) });
      buffer = buffer.subarray(end + 4);
      upgraded = true;
    }
    for (let frame = decodeFrame(buffer); frame; frame = decodeFrame(buffer)) {
      const inflated = frame.rsv1 && inflate ? inflate(frame.payload) : undefined;
      run.event({ name: 'frame', ...anatomyOf('server', buffer, frame, inflated) });
      buffer = buffer.subarray(frame.size);
      if (frame.opcode === OPCODES.ping)
        send({ fin: true, opcode: OPCODES.pong, payload: frame.payload });
      if (frame.opcode === OPCODES.close) {
        closeCode = closeCodeOf(frame.payload);
        // The closing handshake: echo the status code back (RFC 6455 §5.5.1).
        send({ fin: true, opcode: OPCODES.close, payload: frame.payload.subarray(0, 2) });
      }
    }
  });
  socket.on('error', (err) => run.event({ name: 'error', message: err.message }));
  socket.on('close', () => run.event({ name: 'close', code: closeCode ?? 1006, reason: '' }));
}

type FrameEvent = Extract<LabEventBody, { name: 'frame' }>;

const serverFrame =
  (check: (frame: FrameAnatomy) => boolean) =>
  (e: LabEventBody): e is FrameEvent =>
    e.name === 'frame' && e.from === 'server' && check(e);

export async function frameAnatomy(run: Run, target: AnatomyTarget) {
  const socket = connectTcp(target.port, '127.0.0.1');
  run.cleanups.push(() => socket.destroy());
  const send = (parts: Omit<Parameters<typeof encodeFrame>[0], 'maskKey'>): void => {
    if (socket.destroyed) return;
    const bytes = encodeFrame({ ...parts, maskKey: randomBytes(4) });
    const frame = decodeFrame(bytes);
    if (frame) run.event({ name: 'frame', ...anatomyOf('client', bytes, frame) });
    socket.write(bytes);
  };
  readHub(run, socket, send);
  const request = upgradeRequest(target);
  socket.write(request);
  run.event({
    name: 'raw-request',
    text: redact(request.replace(target.labHeader[1], '<lab key>')),
  });
  const head = await run.waitFor(isEvent('raw-response'));
  if (!head.text.startsWith('HTTP/1.1 101')) {
    return { outcome: 'unexpected' as const, detail: head.text.split('\r\n')[0] ?? '' };
  }
  const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));
  // 7-bit length: a ping the hub answers with a pong carrying the same payload.
  send({ fin: true, opcode: OPCODES.ping, payload: text('lab') });
  await run.waitFor(serverFrame((f) => f.opcodeName === 'pong'));
  // 16-bit length: the hello (its secret alone is 32 characters).
  const secret = randomBytes(48).toString('base64url');
  const hello = JSON.stringify({ type: 'hello', secret, name: 'Frame anatomy', resume: null });
  send({ fin: true, opcode: OPCODES.text, payload: text(hello.padEnd(130, ' ')) });
  await run.waitFor(serverFrame((f) => f.text.includes('"type":"welcome"')));
  // One message in two fragments: FIN 0 + text, then FIN 1 + continuation.
  const chat = text(
    JSON.stringify({ type: 'chat', id: 'anatomy-1', text: 'one message, two frames' }),
  );
  send({ fin: false, opcode: OPCODES.text, payload: chat.subarray(0, 20) });
  send({ fin: true, opcode: OPCODES.continuation, payload: chat.subarray(20) });
  await run.waitFor(serverFrame((f) => f.text.includes('"id":"anatomy-1"')));
  // 64-bit length: over the hub's maxPayload, which ws refuses from the header alone (1009).
  send({ fin: true, opcode: OPCODES.text, payload: new Uint8Array(LIMITS.maxFrameBytes + 1) });
  const close = await run.waitFor(serverFrame((f) => f.opcodeName === 'close'));
  await run.waitFor(isEvent('close'));
  const detail = `close frame ${close.closeCode} “${close.text}” after the 64-bit length form`;
  return close.closeCode === 1009
    ? { outcome: 'expected' as const, detail }
    : { outcome: 'unexpected' as const, detail };
}
