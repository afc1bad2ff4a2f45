// Network conditions: what the hub sends a connection is delayed, paced or held, in order, and
// every condition ends by itself. First against a socket that records its writes (on a fake
// clock), then on a real hub driven from a console.

import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HubEventBody } from '../protocol/console';
import { parseConsoleCommand } from '../protocol/console-validate';
import { NetworkConditions, type ShapedConnection } from './network-conditions';
import { connectConsole } from './test/console-client';
import { download, sha256, someBytes, upload } from './test/file-transfer';
import { hubsAndWindows } from './test/hub-fixture';

function recordingSocket() {
  const written: string[] = [];
  const socket = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      callback();
    },
    read() {},
  });
  const ws = {
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    get isPaused() {
      return socket.isPaused();
    },
    get bufferedAmount() {
      return socket.writableLength;
    },
  };
  return { socket, written, connection: { number: 7, socket, ws } };
}

function conditions(maxHeldBytes = 1024 * 1024) {
  const events: HubEventBody[] = [];
  const network = new NetworkConditions<ShapedConnection>({
    emit: (body) => void events.push(body),
    maxHeldBytes,
  });
  return { network, events };
}

describe('network conditions on one socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delays every write by the latency and keeps their order', () => {
    const { socket, written, connection } = recordingSocket();
    const { network, events } = conditions();
    network.apply(connection, { kind: 'latency', ms: 100 }, 30);
    expect(events).toEqual([
      { kind: 'network', connection: 7, condition: { kind: 'latency', ms: 100 }, seconds: 30 },
    ]);
    socket.write('first');
    vi.advanceTimersByTime(50);
    socket.write('second');
    vi.advanceTimersByTime(49);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['first']);
    vi.advanceTimersByTime(50);
    expect(written).toEqual(['first', 'second']);
    expect(network.stateOf(connection)).toMatchObject({ heldBytes: 0 });
  });

  it('paces writes to the bandwidth cap, one after the other', () => {
    const { socket, written, connection } = recordingSocket();
    const { network } = conditions();
    network.apply(connection, { kind: 'bandwidth', bytesPerSecond: 1024 }, 30);
    socket.write('a'.repeat(512));
    socket.write('b'.repeat(512));
    socket.write('c');
    expect(network.stateOf(connection)?.heldBytes).toBe(1025);
    vi.advanceTimersByTime(499);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written.map((w) => w[0])).toEqual(['a']);
    vi.advanceTimersByTime(500);
    expect(written.map((w) => w[0])).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1);
    expect(written.map((w) => w[0])).toEqual(['a', 'b', 'c']);
  });

  it('holds everything during a pause, stops reading, and sends it all in order once lifted', () => {
    const { socket, written, connection } = recordingSocket();
    const { network, events } = conditions();
    network.apply(connection, { kind: 'pause' }, 60);
    expect(socket.isPaused()).toBe(true);
    socket.write('one');
    socket.write(Buffer.from('two'));
    // ws ends the socket after its closing handshake: not before the held bytes are out.
    socket.end();
    vi.advanceTimersByTime(59_000);
    expect(written).toEqual([]);
    expect(socket.writableEnded).toBe(false);
    expect(network.lift(connection)).toBe(true);
    expect(written).toEqual(['one', 'two']);
    expect(socket.isPaused()).toBe(false);
    expect(socket.writableEnded).toBe(true);
    expect(events.at(-1)).toEqual({
      kind: 'network-lifted',
      connection: 7,
      why: 'console',
      releasedBytes: 6,
    });
    expect(network.lift(connection)).toBe(false);
  });

  it('a pause and the upload rate limit each keep reading paused for as long as they want', () => {
    const { socket, connection } = recordingSocket();
    const { network } = conditions();
    network.apply(connection, { kind: 'pause' }, 60);
    // The rate limit's timer resuming reading does not end the pause...
    connection.ws.pause();
    connection.ws.resume();
    expect(socket.isPaused()).toBe(true);
    network.lift(connection);
    expect(socket.isPaused()).toBe(false);
    // ...nor does lifting a pause end the rate limit's.
    connection.ws.pause();
    network.apply(connection, { kind: 'pause' }, 60);
    network.lift(connection);
    expect(socket.isPaused()).toBe(true);
    connection.ws.resume();
    expect(socket.isPaused()).toBe(false);
  });

  it('ends by itself when its time is up, at most a minute, and the socket is as before', () => {
    const { socket, written, connection } = recordingSocket();
    const { network, events } = conditions();
    network.apply(connection, { kind: 'pause' }, 600);
    expect(events[0]).toMatchObject({ kind: 'network', seconds: 60 });
    expect(network.stateOf(connection)?.endsAt).toBe(Date.now() + 60_000);
    socket.write('held');
    vi.advanceTimersByTime(59_999);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['held']);
    expect(events.at(-1)).toMatchObject({ kind: 'network-lifted', why: 'expired' });
    expect(network.stateOf(connection)).toBeNull();
    expect(Object.hasOwn(socket, 'write')).toBe(false);
    socket.write('straight');
    expect(written).toEqual(['held', 'straight']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a connection that would make it hold more than its cap', () => {
    const { socket, connection } = recordingSocket();
    const { network, events } = conditions(10);
    network.apply(connection, { kind: 'pause' }, 30);
    socket.write('0123456789');
    expect(socket.destroyed).toBe(false);
    socket.write('!');
    expect(socket.destroyed).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'slow', connection: 7, bufferedAmount: 11 });
    expect(network.stateOf(connection)).toBeNull();
    // What ws or a download writes before the close arrives is not held, nor reported again.
    socket.write('after');
    socket.write('and after');
    expect(events.filter((event) => event.kind === 'slow')).toHaveLength(1);
    expect(Object.hasOwn(socket, 'write')).toBe(false);
    expect(Object.hasOwn(socket, 'end')).toBe(false);
  });

  it('a second condition replaces the first, which hands on what it held', () => {
    const { socket, written, connection } = recordingSocket();
    const { network } = conditions();
    network.apply(connection, { kind: 'pause' }, 30);
    socket.write('held');
    network.apply(connection, { kind: 'latency', ms: 10 }, 30);
    expect(written).toEqual(['held']);
    socket.write('later');
    vi.advanceTimersByTime(10);
    expect(written).toEqual(['held', 'later']);
  });
});

describe('console commands for network conditions', () => {
  it('are strict about the kind, the amount and the time', () => {
    const parse = (command: object) => parseConsoleCommand(JSON.stringify(command));
    const base = { type: 'set-network', connection: 2, seconds: 30 };
    expect(parse({ ...base, condition: 'latency', amount: 300 })).toEqual({
      ok: true,
      command: { ...base, condition: 'latency', amount: 300 },
    });
    expect(parse({ ...base, condition: 'pause', amount: 0 }).ok).toBe(true);
    expect(parse({ ...base, condition: 'pause', amount: 5 })).toMatchObject({
      error: 'set-network.amount must be an integer from 0 to 0',
    });
    expect(parse({ ...base, condition: 'bandwidth', amount: 10 })).toMatchObject({
      error: 'set-network.amount must be an integer from 1024 to 104857600',
    });
    expect(parse({ ...base, seconds: 61, condition: 'latency', amount: 1 })).toMatchObject({
      error: 'set-network.seconds must be an integer from 1 to 60',
    });
    expect(parse({ ...base, condition: 'loss', amount: 1 })).toMatchObject({
      error: 'set-network.condition must be latency, bandwidth or pause',
    });
  });
});

describe('hub: network conditions from the console', () => {
  const { startHub } = hubsAndWindows();

  it('pauses a window (its pong waits) and lifts it again; the table shows it meanwhile', async () => {
    const { hub, consoleToken, address, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const console = await connectConsole(address.url, consoleToken ?? '');
    try {
      const number = hub.connections().find((c) => c.peerId === ada.peerId)?.number ?? 0;
      console.send({
        type: 'set-network',
        connection: number,
        condition: 'pause',
        amount: 0,
        seconds: 60,
      });
      await console.waitForEvent((e) => e.kind === 'network' && e.connection === number);
      expect(hub.connections().find((c) => c.number === number)?.network).toMatchObject({
        condition: { kind: 'pause' },
      });
      ada.send({ type: 'ping', id: 'while-paused' });
      // Bob is not paused: his ping is answered while Ada's waits.
      bob.send({ type: 'ping', id: 'bob' });
      await bob.next('pong');
      expect(ada.received.some((m) => m.type === 'pong')).toBe(false);

      console.send({ type: 'lift-network', connection: number });
      const lifted = await console.waitForEvent((e) => e.kind === 'network-lifted');
      expect(lifted).toMatchObject({ why: 'console' });
      expect(await ada.next('pong')).toMatchObject({ id: 'while-paused' });
      expect(hub.connections().find((c) => c.number === number)?.network).toBeNull();

      console.send({ type: 'lift-network', connection: number });
      const refused = await console.waitFor(
        (m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error',
      );
      expect(refused.message).toContain(`#${number} is under no network condition`);
    } finally {
      await console.close();
    }
  });

  it('delays what the hub sends by the latency, in order', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const number = hub.connections().find((c) => c.peerId === ada.peerId)?.number ?? 0;
    expect(hub.setNetwork(number, { kind: 'latency', ms: 300 }, 10)).toBe(true);
    const sentAt = performance.now();
    for (const id of ['p1', 'p2', 'p3']) ada.send({ type: 'ping', id });
    const pongs = [await ada.next('pong'), await ada.next('pong'), await ada.next('pong')];
    // A lower bound only: the condition guarantees the wait, the machine may add to it.
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(290);
    expect(pongs.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(hub.liftNetwork(number)).toBe(true);
    expect(hub.setNetwork(9999, { kind: 'pause' }, 10)).toBe(false);
  });

  it('a download to a window under latency is paced by it, not ended for holding too much', async () => {
    // Six MiB is over the 4 MiB a condition may hold: without pacing, the window is cut off.
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    const bytes = someBytes(6 * 1024 * 1024, 3);
    const stored = await upload(ada, { id: 'big', name: 'big.bin', bytes });
    const number = hub.connections().find((c) => c.peerId === bob.peerId)?.number ?? 0;
    expect(hub.setNetwork(number, { kind: 'latency', ms: 20 }, 30)).toBe(true);
    expect(sha256(await download(bob, stored.sha256))).toBe(sha256(bytes));
    expect(hub.connections().some((c) => c.number === number)).toBe(true);
    expect(hub.recentEvents().some((e) => e.kind === 'slow')).toBe(false);
  });

  it('a pause long enough silences the window: the heartbeat ends it, as a dead peer', async () => {
    const { hub, joinAs } = await startHub({ heartbeatMs: 100 });
    const ada = await joinAs('Ada');
    const number = hub.connections().find((c) => c.peerId === ada.peerId)?.number ?? 0;
    const events: string[] = [];
    const hubClosed = new Promise<void>((resolve) =>
      hub.subscribe((e) => {
        if (!('connection' in e) || e.connection !== number) return;
        events.push(e.kind);
        if (e.kind === 'close') resolve();
      }),
    );
    hub.setNetwork(number, { kind: 'pause' }, 60);
    // The hub's pings wait in the pause and no pong is read: two missed, then terminated.
    expect(await ada.closed).toMatchObject({ code: 1006 });
    await hubClosed;
    expect(events).toContain('heartbeat-timeout');
    expect(hub.connections().some((c) => c.number === number)).toBe(false);
  });
});
