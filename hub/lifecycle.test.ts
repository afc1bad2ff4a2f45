import { once } from 'node:events';
import { afterEach, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { join, startTestHub, TEST_ORIGIN } from './test/test-client';

afterEach(() => {
  vi.useRealTimers();
});

it('leaves no timer running once stopped, with a client-table update still due', async () => {
  // Only timers are faked, so the sockets run for real and every timer the hub (and ws) sets
  // is counted.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  const { hub, token, consoleToken } = await startTestHub({ helloTimeoutMs: 60_000 });
  const url = hub.address?.url ?? '';
  const console = new WebSocket(url, [CONSOLE_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + consoleToken], {
    origin: TEST_ORIGIN,
  });
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
