// Raw TCP clients for hub tests: what a browser (or the ws client) would never send —
// hand-built requests, truncated handshakes, hand-built frames. 127.0.0.1 only; every wait is
// bounded. Not part of the app.

import { once } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../protocol/messages';
import { TEST_ORIGIN } from './test-client';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Map<string, string>;
  body: string;
}

/** Opens a TCP connection to the hub; `track` lets the test destroy it afterwards. */
export async function openSocket(port: number, track?: (socket: Socket) => void): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  track?.(socket);
  socket.on('error', () => undefined); // a refused or reset socket just closes
  await once(socket, 'connect');
  return socket;
}

export function parseResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, end < 0 ? raw.length : end).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: end < 0 ? '' : raw.slice(end + 4),
  };
}

/** Sends `request` as is and resolves with the response once the hub hangs up (bounded). */
export async function rawRequest(
  port: number,
  request: string,
  timeoutMs = 5000,
): Promise<RawResponse> {
  const socket = await openSocket(port);
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = once(socket, 'close');
  socket.write(request);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  await closed;
  clearTimeout(timer);
  return parseResponse(received);
}

/** An upgrade request as a window would send it, with any header replaced or added. */
export function upgradeRequest(
  port: number,
  token: string,
  headers: Record<string, string> = {},
): string {
  const all: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Origin: TEST_ORIGIN,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    ...headers,
  };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`);
  return `GET / HTTP/1.1\r\n${lines.join('')}\r\n`;
}

/** One masked client frame, as RFC 6455 requires of a client. */
export function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  let head: Buffer;
  if (payload.length < 126) head = Buffer.from([0, 0x80 | payload.length]);
  else if (payload.length < 65_536) {
    head = Buffer.from([0, 0x80 | 126, 0, 0]);
    head.writeUInt16BE(payload.length, 2);
  } else {
    head = Buffer.alloc(10);
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, mask, masked]);
}

/** The close code in the server's frames after the handshake, or 1006 if it sent none. */
export function closeCodeIn(received: Buffer): number {
  const afterHandshake = received.subarray(received.indexOf('\r\n\r\n') + 4);
  for (let i = 0; i < afterHandshake.length;) {
    const opcode = (afterHandshake[i] ?? 0) & 0x0f;
    let len = (afterHandshake[i + 1] ?? 0) & 0x7f;
    let start = i + 2;
    if (len === 126) {
      len = afterHandshake.readUInt16BE(i + 2);
      start = i + 4;
    } else if (len === 127) {
      len = Number(afterHandshake.readBigUInt64BE(i + 2));
      start = i + 10;
    }
    if (opcode === 8 && len >= 2) return afterHandshake.readUInt16BE(start);
    i = start + len;
  }
  return 1006;
}

export interface RawClient {
  /** The HTTP status of the upgrade response (101 when it became a WebSocket). */
  status: number;
  socket: Socket;
  /** Sends one masked client frame. */
  frame(opcode: number, payload: Buffer, fin?: boolean): void;
  /** Resolves with the close code the hub sent, once it hangs up. */
  closeCode(): Promise<number>;
}

/** Performs the upgrade by hand, then writes whatever frames a test builds. */
export async function rawClient(
  port: number,
  token: string,
  protocols = `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
  track?: (socket: Socket) => void,
): Promise<RawClient> {
  const socket = await openSocket(port, track);
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  const ended = once(socket, 'close');
  socket.write(upgradeRequest(port, token, { 'Sec-WebSocket-Protocol': protocols }));
  await new Promise<void>((resolve) => {
    const check = () =>
      received.includes('\r\n\r\n') || socket.destroyed ? resolve() : socket.once('data', check);
    check();
    socket.once('close', () => resolve());
  });
  const status = parseResponse(received.toString('latin1')).status;
  return {
    status,
    socket,
    frame: (opcode, payload, fin = true) => void socket.write(clientFrame(opcode, payload, fin)),
    async closeCode() {
      await ended;
      return closeCodeIn(received);
    },
  };
}
