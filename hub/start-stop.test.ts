// createHub's lifecycle as a caller sees it: start() and stop() in any order and overlap, every
// connection closed with 1001 on stop, the port it binds and falls back from, and no timer
// left behind.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_SUBPROTOCOL, type HubEventBody } from '../protocol/console';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { createHub, DEFAULT_PORT, type Hub, type HubOptions } from './hub';
import { hubsAndWindows } from './test/hub-fixture';
import { join, startTestHub, TEST_ORIGIN } from './test/test-client';
import { createToken } from './token';

const hubs: Hub[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});
const { startHub } = hubsAndWindows();

/** A hub not started yet, its events (without seq and time) collected. */
function newHub(overrides: Partial<HubOptions> = {}) {
  const token = createToken();
  const hub = createHub({
    token,
    allowedOrigins: [TEST_ORIGIN],
    port: 0,
    log: () => undefined,
    ...overrides,
  });
  hubs.push(hub);
  const events: HubEventBody[] = [];
  hub.subscribe(({ at: _at, seq: _seq, ...body }) => events.push(body as HubEventBody));
  const kinds = (kind: HubEventBody['kind']) => events.filter((e) => e.kind === kind);
  return { hub, token, events, kinds };
}

async function chatWorks(hub: Hub, token: string): Promise<void> {
  const url = hub.address?.url;
  if (!url) throw new Error('hub not listening');
  const window = await join(url, token, 'Ada');
  window.send({ type: 'chat', id: 'm1', text: 'hi' });
  expect((await window.next('chat')).text).toBe('hi');
  await window.close();
}

describe('start and stop', () => {
  it('starts and stops again, any number of times, on the same port', async () => {
    const { hub, token, kinds } = newHub();
    const first = await hub.start();
    await hub.stop();
    expect(hub.address).toBeNull();
    const second = await hub.start();
    expect(second.port).toBe(first.port);
    expect(hub.address).toEqual(second);
    await chatWorks(hub, token);
    await hub.stop();
    expect(hub.address).toBeNull();
    expect(kinds('listening')).toHaveLength(2);
    expect(kinds('stopped')).toHaveLength(2);
  });

  it('stop() on a hub never started does nothing', async () => {
    const { hub, events } = newHub();
    await hub.stop();
    expect(hub.address).toBeNull();
    expect(events).toEqual([]);
  });

  it('stop() while start() runs waits for it, then stops', async () => {
    const { hub, kinds } = newHub();
    const starting = hub.start();
    await hub.stop();
    await starting;
    expect(hub.address).toBeNull();
    expect(kinds('stopped')).toHaveLength(1);
  });

  it('start() while stop() runs waits for it, then starts again', async () => {
    const { hub, token, kinds } = newHub();
    await hub.start();
    const stopping = hub.stop();
    const address = await hub.start();
    await stopping;
    expect(hub.address).toEqual(address);
    await chatWorks(hub, token);
    expect(kinds('listening')).toHaveLength(2);
  });

  it('two overlapping start() calls start once', async () => {
    const { hub, kinds } = newHub();
    const [a, b] = await Promise.all([hub.start(), hub.start()]);
    expect(a).toEqual(b);
    expect(kinds('listening')).toHaveLength(1);
  });
});

describe('hub: start and stop', () => {
  it('closes every client with 1001 on stop, frees the port, and comes back on it', async () => {
    const { joinAs, hub, address } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    await Promise.all([hub.stop(), hub.stop()]);
    expect((await ada.closed).code).toBe(1001);
    expect((await bob.closed).code).toBe(1001);
    expect(hub.address).toBeNull();
    const again = await hub.start();
    expect(again.port).toBe(address.port);
    expect(await hub.start()).toBe(again);
  });

  it('binds 127.0.0.1 only', async () => {
    const { address } = await startHub();
    // Had the hub bound every interface, another loopback address could not take the port.
    const probe = createServer().listen(address.port, '127.0.0.2');
    await once(probe, 'listening');
    probe.close();
  });

  it('asks for 8005 by default, and falls back when it is taken (as when the app runs)', async () => {
    expect(DEFAULT_PORT).toBe(8005);
    // Hold 8005 unless something (the running app) already does: either way it is taken.
    const blocker = createServer();
    const held = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(8005, '127.0.0.1', () => resolve(true));
    });
    try {
      const { address, hub } = await startHub({ port: undefined });
      const fellBack = hub
        .recentEvents()
        .some((e) => e.kind === 'port-fallback' && e.wanted === 8005);
      // Only if whoever held 8005 let it go in between can the hub have got it.
      expect(fellBack || address.port === 8005).toBe(true);
      if (held) expect([fellBack, address.port === 8005]).toEqual([true, false]);
    } finally {
      if (held) blocker.close();
    }
  });

  it('falls back to a free port when the preferred one is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const { address, lines, joinAs } = await startHub({ port: taken });
      expect(address.port).not.toBe(taken);
      expect(lines.some((l) => l.includes(`${taken} is taken`))).toBe(true);
      await joinAs('Ada');
    } finally {
      blocker.close();
    }
  });
});

describe('hub: stop and start overlapping', () => {
  it('can be stopped before it ever started, and started while stopping', async () => {
    const { hub, address } = await startHub();
    const stopping = hub.stop();
    const restarted = hub.start();
    await stopping;
    expect((await restarted).port).toBe(address.port);
    expect(hub.recentEvents().map((e) => e.kind)).toEqual(
      expect.arrayContaining(['stopped', 'listening']),
    );
  });
});

describe('hub: timers', () => {
  it('leaves no timer running once stopped, with a client-table update still due', async () => {
    // Only timers are faked, so the sockets run for real and every timer the hub (and ws) sets
    // is counted.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { hub, token, consoleToken } = await startTestHub({ helloTimeoutMs: 60_000 });
    const url = hub.address?.url ?? '';
    const console = new WebSocket(
      url,
      [CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + consoleToken],
      {
        origin: TEST_ORIGIN,
      },
    );
    await once(console, 'message'); // the snapshot
    const window = await join(url, token, 'alice');
    window.send({ type: 'chat', id: 'm1', text: 'hi' });
    await window.next('chat');
    // The chat changed the console's client table; its update waits on a timer.
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await hub.stop();
    await window.closed;
    expect(vi.getTimerCount()).toBe(0);
  });
});
