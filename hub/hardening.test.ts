// Hostile and faulty clients against the real hub on 127.0.0.1. Frame-level cases use
// hand-built frames on a raw socket, since a browser (and the ws client) would refuse to
// send them, and a browser only ever reports 1006 for a failed handshake.

import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { History } from './history';
import { HistoryFile } from './history-file';
import { readHistoryFile } from './history-reader';
import type { Hub, HubOptions } from './hub';
import { rawClient as rawClientOn } from './test/raw-socket';
import { connect, join, newSecret, startTestHub, TEST_ORIGIN } from './test/test-client';

const hubs: Hub[] = [];
const open: { close(): unknown }[] = [];

afterEach(async () => {
  for (const thing of open.splice(0)) thing.close();
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

async function startHub(overrides: Partial<HubOptions> = {}) {
  const { hub, token, lines } = await startTestHub(overrides);
  hubs.push(hub);
  const { port, url } = hub.address ?? (await hub.start());
  const joinAs = async (name: string, options?: { autoPong?: boolean }) => {
    const client = await join(url, token, name);
    if (options?.autoPong === false) client.ws.removeAllListeners('ping');
    open.push(client);
    return client;
  };
  return { hub, token, port, url, lines, joinAs };
}

/** A raw client, destroyed after the test. */
const rawClient = (port: number, token: string, protocols?: string) =>
  rawClientOn(port, token, protocols, (socket) => open.push({ close: () => socket.destroy() }));

const TEXT = 0x1;
const CONTINUATION = 0x0;

describe('handshake limits', () => {
  it('refuses an unknown subprotocol (400) and connections over the cap (503)', async () => {
    const { port, token, joinAs } = await startHub({ maxClients: 2 });
    expect((await rawClient(port, token, `chat.v9, ${TOKEN_PROTOCOL_PREFIX}${token}`)).status).toBe(
      400,
    );
    await joinAs('Ada');
    await joinAs('Bob');
    expect((await rawClient(port, token)).status).toBe(503);
  });
});

describe('bad frames', () => {
  it('closes with 1007 on invalid UTF-8, and other windows carry on', async () => {
    const { port, token, joinAs } = await startHub();
    const bob = await joinAs('Bob');
    const raw = await rawClient(port, token);
    raw.frame(TEXT, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(await raw.closeCode()).toBe(1007);
    const ada = await joinAs('Ada');
    ada.send({ type: 'chat', id: 'x', text: 'still fine' });
    expect((await bob.next('chat')).text).toBe('still fine');
  });

  it('closes with 1008 on a flood of tiny fragments', async () => {
    const { port, token } = await startHub();
    const raw = await rawClient(port, token);
    raw.frame(TEXT, Buffer.from('{'), false);
    for (let i = 0; i < 1000 && !raw.socket.destroyed; i++)
      raw.frame(CONTINUATION, Buffer.from(' '), false);
    expect(await raw.closeCode()).toBe(1008);
  });

  it('answers a flood with rate-limit errors, then closes with 1008', async () => {
    const { joinAs } = await startHub();
    const flooder = await joinAs('Flood');
    const bystander = await joinAs('Calm');
    for (let i = 0; i < 400; i++) flooder.send({ type: 'chat', id: `f${i}`, text: 'spam' });
    expect(await flooder.next('error')).toMatchObject({
      code: 'rate-limited',
      message: 'Too many messages; slow down',
    });
    expect(await flooder.closed).toEqual({ code: 1008, reason: 'Rate limit exceeded' });
    bystander.send({ type: 'chat', id: 'calm', text: 'hello?' });
    const seen = await bystander.next('chat');
    expect(seen.id).toMatch(/^f\d+$|^calm$/);
  });

  it('answers a deeply nested frame with an error and stays up for everyone', async () => {
    const { joinAs, url, token } = await startHub();
    const bob = await joinAs('Bob');
    // No hello needed: a 12 KB frame of nested brackets used to overflow the validator's stack
    // outside any try, which ended the hub's process.
    const attacker = await connect(url, token);
    open.push(attacker);
    attacker.ws.send('['.repeat(6000) + ']'.repeat(6000));
    expect(await attacker.next('error')).toMatchObject({ code: 'bad-message' });
    attacker.send({ type: 'ping', id: 'still-open' });
    expect(await attacker.next('error')).toMatchObject({ code: 'not-ready' });
    const ada = await joinAs('Ada');
    ada.send({ type: 'chat', id: 'x', text: 'still fine' });
    expect((await bob.next('chat')).text).toBe('still fine');
  });

  it('answers with an internal error, and keeps going, when handling a message throws', async () => {
    class Broken extends History {
      override appendEncoded(): never {
        throw new Error('sequence lost');
      }
    }
    const { joinAs, lines } = await startHub({ history: new Broken() });
    const ada = await joinAs('Ada');
    ada.send({ type: 'chat', id: 'x', text: 'hi' });
    expect(await ada.next('error')).toMatchObject({
      code: 'internal',
      message: 'The hub could not handle that message',
    });
    expect(lines.join('\n')).toContain('sequence lost');
    ada.send({ type: 'ping', id: 'p' });
    expect(await ada.next('pong')).toMatchObject({ id: 'p' });
  });

  it('has every message on file before any window receives it, bursts included', async () => {
    const path = joinPath(mkdtempSync(joinPath(tmpdir(), 'loopchat-burst-')), 'history.jsonl');
    const { joinAs } = await startHub({ history: HistoryFile.open(path) });
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    for (let i = 0; i < 50; i++) ada.send({ type: 'chat', id: `b${i}`, text: `burst ${i}` });
    for (let seq = 1; seq <= 50; seq++) {
      const message = await bob.next('chat');
      expect(message.seq).toBe(seq);
      expect(readHistoryFile(path)?.messages.at(-1)?.seq).toBeGreaterThanOrEqual(seq);
    }
  });

  it('closes a connection that never says hello (1008)', async () => {
    const { url, token } = await startHub({ helloTimeoutMs: 100 });
    const ws = new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
      origin: TEST_ORIGIN,
    });
    open.push(ws);
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(1008);
  });
});

describe('liveness and backpressure', () => {
  it('terminates a client that misses two pongs, and keeps one that answers', async () => {
    const { hub, joinAs, lines } = await startHub({ heartbeatMs: 40 });
    const silent = await joinAs('Silent', { autoPong: false });
    // ws clients answer pings automatically; this one is made deaf by dropping its pong.
    (silent.ws as unknown as { pong: () => void }).pong = () => undefined;
    const alive = await joinAs('Alive');
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    expect(lines.some((l) => l.includes('missed 2 pongs'))).toBe(true);
    // Terminated without a closing handshake: the console shows it as not clean.
    await expect
      .poll(() => hub.recentEvents().find((e) => e.kind === 'close'), { timeout: 5000 })
      .toMatchObject({ code: 1006, wasClean: false });
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps a client whose pongs are late but whose own frames keep coming', async () => {
    // A window busy reading a long backlog sees the hub's ping only after it, but its own pings
    // still reach the hub at once: any frame from the peer proves it alive.
    const { hub, joinAs, lines } = await startHub({ heartbeatMs: 40 });
    const busy = await joinAs('Busy', { autoPong: false });
    (busy.ws as unknown as { pong: () => void }).pong = () => undefined;
    let pongs = 0;
    busy.ws.on('message', (data) => {
      if (String(data).includes('"type":"pong"')) pongs += 1;
    });
    // Ten heartbeats' worth (five would have terminated it), one app-level ping per 20 ms.
    for (let i = 0; i < 20; i++) {
      busy.send({ type: 'ping', id: `p${i}` });
      await new Promise((done) => setTimeout(done, 20));
    }
    expect(busy.ws.readyState).toBe(WebSocket.OPEN);
    expect(lines.some((l) => l.includes('missed 2 pongs'))).toBe(false);
    // It really was pinged, and really answered none of it at the WebSocket level.
    expect(hub.recentEvents().filter((e) => e.kind === 'ping').length).toBeGreaterThan(2);
    expect(pongs).toBeGreaterThan(10);
  });

  it('cuts off a client that stops reading, and the others keep receiving', async () => {
    // 8 MiB of history: more than the kernel's socket buffers (~4 MiB here) plus the bound.
    const history = new History(2000);
    for (let i = 0; i < 2000; i++)
      history.append(`h${i}`, { id: 'w', name: 'Old' }, 'y'.repeat(3900));
    const { joinAs, lines, url, token } = await startHub({
      history,
      maxBufferedBytes: 1024 * 1024,
    });
    const stuck = await connect(url, token);
    open.push(stuck);
    // Stop reading from the socket, then ask for all of it: the hub's buffer can only grow.
    (stuck.ws as unknown as { _socket: Socket })._socket.pause();
    stuck.send({
      type: 'hello',
      secret: newSecret(),
      name: 'Stuck',
      resume: { historyId: history.id, lastSeq: 0 },
    });
    await expect
      .poll(() => lines.some((l) => l.includes('unsent: terminating')), { timeout: 10_000 })
      .toBe(true);
    const reader = await joinAs('Reader');
    const sender = await joinAs('Sender');
    sender.send({ type: 'chat', id: 'after', text: 'still flowing' });
    let message = await reader.next('chat');
    while (message.id !== 'after') message = await reader.next('chat');
    expect(message.seq).toBe(2001);
  });
});
