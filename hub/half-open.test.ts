// Connections that never finish their request head: closed at the header deadline (not up to
// 30 s later, when Node's own check comes round), and never more than a bound at once, while
// honest windows still get in.

import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub, HubOptions } from './hub';
import { openSocket, parseResponse } from './test/raw-socket';
import { join, startTestHub } from './test/test-client';

const hubs: Hub[] = [];
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) thing.close();
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

async function startHub(overrides: Partial<HubOptions>) {
  const started = await startTestHub(overrides);
  hubs.push(started.hub);
  const address = started.hub.address;
  if (!address) throw new Error('hub not listening');
  return { ...started, ...address };
}

interface Watched {
  socket: Socket;
  received: () => string;
  /** Resolves with how long the socket stayed open, or null if still open after `limitMs`. */
  closedWithin(limitMs: number): Promise<number | null>;
}

async function halfOpenSocket(port: number, partial: string): Promise<Watched> {
  const startedAt = Date.now();
  const socket = await openSocket(port, (s) => open.push({ close: () => s.destroy() }));
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(Date.now() - startedAt)),
  );
  if (partial) socket.write(partial);
  return {
    socket,
    received: () => received,
    closedWithin: (limitMs) => {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<null>(
        (resolve) => (timer = setTimeout(() => resolve(null), limitMs)),
      );
      return Promise.race([closed, limit]).finally(() => clearTimeout(timer));
    },
  };
}

describe('half-open connections', () => {
  it('closes a connection that never finishes its request head at the deadline, with 408', async () => {
    const timeoutMs = 400;
    const { port } = await startHub({ headersTimeoutMs: timeoutMs });
    const partial = await halfOpenSocket(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const silent = await halfOpenSocket(port, '');
    // Margin for a loaded 2-core machine; Node's own check would take up to 30 s more.
    const margin = 1600;
    const [partialMs, silentMs] = await Promise.all([
      partial.closedWithin(timeoutMs + margin),
      silent.closedWithin(timeoutMs + margin),
    ]);
    expect(partialMs).not.toBeNull();
    expect(silentMs).not.toBeNull();
    expect(partialMs).toBeGreaterThanOrEqual(timeoutMs - 50);
    const response = parseResponse(partial.received());
    expect(response.status).toBe(408);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('holds at most the bound of half-open connections, closing the oldest, while a window joins', async () => {
    const max = 4;
    const extra = 6;
    const { port, url, token } = await startHub({ maxHalfOpen: max, headersTimeoutMs: 20_000 });
    const attackers: Watched[] = [];
    for (let i = 0; i < max + extra; i += 1) {
      attackers.push(await halfOpenSocket(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
    }
    // The oldest ones are closed (503) to make room; well before the 20 s deadline.
    const oldest = await Promise.all(attackers.slice(0, extra).map((a) => a.closedWithin(5000)));
    expect(oldest.every((ms) => ms !== null)).toBe(true);
    expect(parseResponse(attackers[0]?.received() ?? '').status).toBe(503);
    expect(attackers.slice(extra).filter((a) => !a.socket.destroyed)).toHaveLength(max);

    // An honest window still gets in (its connection pushes out one more of the oldest).
    const window = await join(url, token, 'Ada');
    open.push({ close: () => window.close() });
    window.send({ type: 'chat', id: 'm1', text: 'still here' });
    expect((await window.next('chat')).text).toBe('still here');
    expect(attackers.filter((a) => !a.socket.destroyed).length).toBeLessThanOrEqual(max);
  });
});
