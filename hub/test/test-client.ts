// A real `ws` client for hub tests and e2e specs: connects the way a window does and lets a
// test await the next message of a given type. Not part of the app.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { createHub, type Hub, type HubOptions } from '../hub';
import { createToken } from '../token';
import {
  SUBPROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  type ClientMessage,
  type ServerMessage,
} from '../../protocol/messages';

export const TEST_ORIGIN = 'app://loopchat';

export interface TestClient {
  ws: WebSocket;
  received: ServerMessage[];
  /** Binary frames received, in order. */
  binary: Buffer[];
  send(message: ClientMessage): void;
  next<T extends ServerMessage['type']>(
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<ServerMessage, { type: T }>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connect(
  url: string,
  token: string,
  options: { origin?: string; protocols?: string[] } = {},
): Promise<TestClient> {
  const ws = new WebSocket(url, options.protocols ?? [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    origin: options.origin ?? TEST_ORIGIN,
  });
  const received: ServerMessage[] = [];
  const binary: Buffer[] = [];
  const taken = new Set<number>();
  let wake: (() => void) | null = null;
  ws.on('message', (data, isBinary) => {
    if (isBinary) binary.push(data as Buffer);
    else received.push(JSON.parse(String(data)) as ServerMessage);
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wake?.();
    }),
  );
  await once(ws, 'open');
  return {
    ws,
    received,
    binary,
    closed,
    send: (message) => ws.send(JSON.stringify(message)),
    // The oldest message of `type` not yet returned; other types stay available.
    async next(type, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = received.findIndex((m, i) => m.type === type && !taken.has(i));
        if (index >= 0) {
          taken.add(index);
          return received[index] as Extract<ServerMessage, { type: typeof type }>;
        }
        const left = deadline - Date.now();
        if (left <= 0 || ws.readyState === WebSocket.CLOSED) {
          throw new Error(`no "${type}" message within ${timeoutMs} ms`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close(1000);
      await closed;
    },
  };
}

/** A window's private resume secret, as a window makes one. */
export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

/**
 * Connects and says hello; resolves once the hub has welcomed the client. `peerId` is the
 * public id the hub derived from `secret` (welcome.you.id).
 */
export async function join(
  url: string,
  token: string,
  name: string,
  resume: { historyId: string; lastSeq: number } | null = null,
  secret = newSecret(),
  origin = TEST_ORIGIN,
): Promise<TestClient & { peerId: string; secret: string }> {
  const client = await connect(url, token, { origin });
  client.send({ type: 'hello', secret, name, resume });
  const welcome = await client.next('welcome');
  return Object.assign(client, { peerId: welcome.you.id, secret });
}

/**
 * A started hub on a free port that only this test's windows (chat token) and consoles (console
 * token) may reach; log lines kept.
 */
export async function startTestHub(overrides: Partial<HubOptions> = {}) {
  const token = createToken();
  const consoleToken = createToken();
  const lines: string[] = [];
  const hub = createHub({
    token,
    consoleToken,
    allowedOrigins: [TEST_ORIGIN],
    port: 0,
    log: (line) => lines.push(line),
    ...overrides,
  });
  await hub.start();
  return { hub, token, consoleToken, lines };
}

/**
 * For a test file: starts hubs on free ports and stops them (and closes the windows handed to
 * `track`) after each test.
 */
export function hubsStoppedAfterEach() {
  const hubs: Hub[] = [];
  const windows: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.close()));
    await Promise.all(hubs.splice(0).map((h) => h.stop()));
  });
  return {
    async start(overrides: Partial<HubOptions> = {}) {
      const started = await startTestHub(overrides);
      hubs.push(started.hub);
      const { url } = started.hub.address ?? (await started.hub.start());
      return { ...started, url };
    },
    track<T extends TestClient>(window: T): T {
      windows.push(window);
      return window;
    },
  };
}
