// createHub's lifecycle as a caller sees it: start() and stop() in any order and overlap, the
// hello deadline, and the default log sink.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import {
  CONSOLE_SUBPROTOCOL,
  type ConnectionInfo,
  type ConsoleMessage,
  type HubEventBody,
} from '../protocol/console';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { createHub, type Hub, type HubOptions } from './hub';
import { connect, join, TEST_ORIGIN } from './test/test-client';
import { createToken } from './token';

const hubs: Hub[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

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

describe('hello deadline', () => {
  it('closes a window that never says hello with 1008, and only that one', async () => {
    const { hub, token } = newHub({ helloTimeoutMs: 300 });
    const { url } = await hub.start();
    const greeted = await join(url, token, 'Ada');
    const silent = await connect(url, token);
    expect(await silent.closed).toEqual({ code: 1008, reason: 'No hello received' });
    // The greeted window's own deadline came first; it is still in the chat.
    greeted.send({ type: 'chat', id: 'm1', text: 'still here' });
    expect((await greeted.next('chat')).text).toBe('still here');
    await greeted.close();
  });
});

describe('console client table', () => {
  it('is refreshed when a window is sent a frame it did not ask for', async () => {
    const consoleToken = createToken();
    const { hub, token } = newHub({ consoleToken, pushIntervalMs: 60_000 });
    const { url } = await hub.start();
    const admin = new WebSocket(url, [CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + consoleToken], {
      origin: TEST_ORIGIN,
    });
    const tables: ConnectionInfo[][] = [];
    admin.on('message', (data) => {
      const message = JSON.parse(String(data)) as ConsoleMessage;
      if (message.type === 'connections') tables.push(message.connections);
    });
    await once(admin, 'open');
    const sentToAda = (table: ConnectionInfo[]) =>
      table.find((c) => c.name === 'Ada')?.messagesOut ?? -1;
    const waitForTable = async (match: (table: ConnectionInfo[]) => boolean) => {
      const deadline = Date.now() + 3000;
      while (!tables.some(match) && Date.now() < deadline) {
        await Promise.race([once(admin, 'message'), new Promise((r) => setTimeout(r, 100))]);
      }
      return tables.find(match);
    };
    const window = await join(url, token, 'Ada');
    const joined = await waitForTable((t) => sentToAda(t) >= 1);
    const before = sentToAda(joined ?? []);
    // The announcement goes from the console to the window: the window sends nothing.
    admin.send(JSON.stringify({ type: 'broadcast', text: 'hello all' }));
    await window.next('announcement');
    expect(await waitForTable((t) => sentToAda(t) > before)).toBeDefined();
    admin.close();
    await window.close();
  });
});

describe('log', () => {
  it('logs to the console by default', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const hub = createHub({ token: createToken(), port: 0 });
    hubs.push(hub);
    const { url } = await hub.start();
    expect(log.mock.calls.some(([line]) => String(line).includes(url))).toBe(true);
  });
});
