// permessage-deflate for windows (RFC 7692): off by default, turned on from the console for
// windows that connect afterwards, bytes on the wire per connection, and maxPayload enforced on
// the inflated size.

import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol/messages';
import { deflateMessage } from './deflate-lab';
import { hubsAndWindows } from './test/hub-fixture';
import { connectConsole } from './test/console-client';
import {
  clientFrame,
  closeCodeIn,
  openSocket,
  parseResponse,
  upgradeRequest,
} from './test/raw-socket';

const { startHub, clients } = hubsAndWindows();
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

type Counts = { bytesIn: number; bytesOut: number };
type Counted = { connections(): { peerId: string | null; wire: Counts; payload: Counts }[] };
const NONE: Counts = { bytesIn: 0, bytesOut: 0 };
const rowOf = (hub: Counted, peerId: string) => hub.connections().find((c) => c.peerId === peerId);
const wireOf = (hub: Counted, peerId: string) => rowOf(hub, peerId)?.wire ?? NONE;
const payloadOf = (hub: Counted, peerId: string) => rowOf(hub, peerId)?.payload ?? NONE;

describe('hub: permessage-deflate for windows', () => {
  it('is off by default: a window that offers it gets no extension', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    expect(ada.ws.extensions).toBe('');
    expect(hub.serverInfo()?.deflateForWindows).toBe(false);
    expect(hub.connections().map((c) => c.extensions)).toEqual(['']);
  });

  it('once turned on, new windows negotiate it and send fewer bytes; open ones keep theirs', async () => {
    const { hub, joinAs } = await startHub();
    const before = await joinAs('Before');
    hub.setDeflate(true);
    const after = await joinAs('After');
    expect(after.ws.extensions).toBe('permessage-deflate');
    expect(before.ws.extensions).toBe('');
    const byPeer = new Map(hub.connections().map((c) => [c.peerId, c.extensions]));
    expect(byPeer.get(after.peerId)).toBe('permessage-deflate');
    expect(byPeer.get(before.peerId)).toBe('');

    // 3,000 characters of repetitive text from the compressing window, relayed to both.
    const sentBefore = wireOf(hub, after.peerId).bytesIn;
    const receivedBefore = wireOf(hub, before.peerId).bytesOut;
    const payloadBefore = payloadOf(hub, after.peerId).bytesIn;
    after.send({ type: 'chat', id: 'long-1', text: 'la '.repeat(1000) });
    await after.next('chat');
    expect((await before.next('chat')).text).toHaveLength(3000);
    const inflatedIn = wireOf(hub, after.peerId).bytesIn - sentBefore;
    const plainOut = wireOf(hub, before.peerId).bytesOut - receivedBefore;
    // On the wire: the compressed frame is a small fraction of the plain one.
    expect(plainOut).toBeGreaterThan(3000);
    expect(inflatedIn).toBeLessThan(300);
    // The console's payload column counts the message as the hub read it: inflated.
    expect(payloadOf(hub, after.peerId).bytesIn - payloadBefore).toBeGreaterThan(3000);

    hub.setDeflate(false);
    const later = await joinAs('Later');
    expect(later.ws.extensions).toBe('');
    expect(clients).toHaveLength(3);
  });

  it('is turned on and off from the console, which is told about it', async () => {
    const { hub, consoleToken, address, joinAs } = await startHub();
    const console = await connectConsole(address.url, consoleToken ?? '');
    try {
      console.send({ type: 'set-deflate', on: true });
      const server = await console.waitFor(
        (m): m is Extract<typeof m, { type: 'server' }> =>
          m.type === 'server' && m.server.deflateForWindows,
      );
      expect(server.server.deflateForWindows).toBe(true);
      await console.waitForEvent((e) => e.kind === 'deflate' && e.on);
      const ada = await joinAs('Ada');
      const opened = await console.waitForEvent(
        (e) => e.kind === 'connection' && e.role === 'chat',
      );
      expect(opened).toMatchObject({ extensions: 'permessage-deflate' });
      expect(ada.ws.extensions).toBe('permessage-deflate');
      console.send({ type: 'set-deflate', on: 'yes' });
      const refused = await console.waitFor(
        (m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error',
      );
      expect(refused.message).toBe('set-deflate.on must be true or false');
      expect(hub.serverInfo()?.deflateForWindows).toBe(true);
    } finally {
      await console.close();
    }
  });

  it.each([
    ['text', 0x1],
    ['binary', 0x2],
  ])(
    'closes with 1009 a compressed %s frame of ~100 bytes that inflates past maxPayload',
    async (_kind, opcode) => {
      const { hub, token, address } = await startHub({ deflateForWindows: true });
      const socket = await openSocket(address.port, (s) => sockets.push(s));
      let received = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
      const closed = once(socket, 'close');
      socket.write(
        upgradeRequest(address.port, token, { 'Sec-WebSocket-Extensions': 'permessage-deflate' }),
      );
      await new Promise<void>((resolve) => {
        const check = () =>
          received.includes('\r\n\r\n') ? resolve() : socket.once('data', check);
        check();
      });
      const head = parseResponse(received.toString('latin1'));
      expect(head.status).toBe(101);
      expect(head.headers.get('sec-websocket-extensions')).toMatch(/^permessage-deflate/);

      const inflated = new Uint8Array(LIMITS.maxFrameBytes + 1).fill(0x20);
      const compressed = Buffer.from(deflateMessage(inflated));
      expect(compressed.length).toBeLessThan(200);
      const frame = clientFrame(opcode, compressed);
      frame[0] = (frame[0] ?? 0) | 0x40; // RSV1: this message is compressed
      socket.write(frame);
      await closed;
      expect(closeCodeIn(received)).toBe(1009);
      expect(hub.connections().every((c) => c.readyState !== 1)).toBe(true);
    },
  );
});
