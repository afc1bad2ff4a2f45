// Shared by the hub's behaviour tests: fixed window secrets, a started hub whose windows are
// closed (and the hub stopped) after each test, and a few ways to look at what a window got.
// Not part of the app.

import { once } from 'node:events';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach } from 'vitest';
import type { ServerMessage } from '../../protocol/messages';
import type { Hub, HubOptions } from '../hub';
import { peerIdFor } from '../peer-id';
import { join, startTestHub, type TestClient } from './test-client';

/** Fixed secrets, so a test can say hello again as the same window. */
export const ADA_SECRET = 'ada-window'.padEnd(32, '_');
export const W_SECRET = 'w'.padEnd(32, '_');
export const BOB_SECRET = 'b0b'.repeat(12);
export const adaId = peerIdFor(ADA_SECRET);

/**
 * For a test file: `startHub` starts a hub on a free port with `joinAs` for its windows; after
 * each test every window (and any client pushed to `clients`) is closed and the hub stopped.
 */
export function hubsAndWindows() {
  const hubs: Hub[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(hubs.splice(0).map((h) => h.stop()));
  });
  async function startHub(overrides: Partial<HubOptions> = {}) {
    const { hub, token, consoleToken, lines } = await startTestHub(overrides);
    hubs.push(hub);
    const address = hub.address ?? (await hub.start());
    const joinAs = async (
      name: string,
      resume: Parameters<typeof join>[3] = null,
      secret?: string,
    ) => {
      const client = await join(address.url, token, name, resume, secret);
      clients.push(client);
      return client;
    };
    return { hub, token, consoleToken, address, lines, joinAs };
  }
  return { startHub, clients };
}

/** A raw HTTP upgrade request, as a hostile page or tool would send it. */
export async function rawUpgrade(port: number, headers: Record<string, string>): Promise<number> {
  const req = request({
    host: '127.0.0.1',
    port,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
    },
  });
  req.end();
  const [res, socket] = (await Promise.race([once(req, 'response'), once(req, 'upgrade')])) as [
    { statusCode: number },
    Socket | undefined,
  ];
  socket?.destroy();
  req.destroy();
  return res.statusCode;
}

export function welcomeOf(client: TestClient): Extract<ServerMessage, { type: 'welcome' }> {
  const welcome = client.received[0];
  if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
  return welcome;
}

/** The seqs of every chat received, once a ping's pong shows the hub has sent all before it. */
export async function chatSeqs(client: TestClient): Promise<number[]> {
  client.send({ type: 'ping', id: 'sync' });
  await client.next('pong');
  return client.received.flatMap((m) => (m.type === 'chat' ? [m.seq] : []));
}
