// The console feed alone, against a fake admin and lab: the snapshot, the live events, the
// throttled client table and the lab's run, and each command carried out or refused; then the
// table as a console of a running hub sees it.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import {
  CONSOLE_SUBPROTOCOL,
  type ConnectionInfo,
  type ConsoleMessage,
  type HubEvent,
  type HubEventBody,
} from '../protocol/console';
import { TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { LabEvent } from '../protocol/lab';
import type { AdminOperations } from './admin';
import { createConsoleFeed } from './console-feed';
import { hubsStoppedAfterEach, join, TEST_ORIGIN } from './test/test-client';

const hubs = hubsStoppedAfterEach();

function fakeTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

const SERVER = {
  running: true,
  url: 'ws://127.0.0.1:8005',
  port: 8005,
  startedAt: 1,
  now: 2,
  pushIntervalMs: 3000,
  deflateForWindows: false,
};

let seq = 0;
const event = (body: HubEventBody): HubEvent => ({ ...body, seq: ++seq, at: seq });

function feed(options: { listening?: boolean; withLab?: boolean } = {}) {
  const calls: string[] = [];
  let tableSize = 1;
  const admin: AdminOperations = {
    serverInfo: () => (options.listening === false ? null : SERVER),
    connections: () =>
      Array.from({ length: tableSize }, (_, i) => ({
        number: i + 1,
        role: 'chat' as const,
        peerId: null,
        name: null,
        address: '127.0.0.1:1',
        connectedAt: 0,
        binary: { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 },
        uploads: [],
        extensions: '',
        payload: { bytesIn: 0, bytesOut: 0 },
        wire: { bytesIn: 0, bytesOut: 0 },
        network: null,
        messagesIn: 0,
        messagesOut: 0,
        bufferedAmount: 0,
        readyState: 1,
      })),
    recentEvents: () => [event({ kind: 'announcement', text: 'old' })],
    sendAnnouncement: (text) => calls.push(`announce ${text}`),
    disconnect: (number, code, reason) => {
      calls.push(`disconnect #${number} ${code} ${reason}`);
      return number === 1;
    },
    stopServer: () => calls.push('stop'),
    startServer: () => calls.push('start'),
    setPushInterval: (ms) => calls.push(`push ${ms}`),
    setDeflate: (on) => calls.push(`deflate ${on}`),
    setNetwork: (number, condition, seconds) => {
      calls.push(`network #${number} ${condition.kind} ${seconds}`);
      return number === 1;
    },
    liftNetwork: (number) => number === 1,
  };
  const sent = new Map<string, ConsoleMessage[]>();
  const consoles = createConsoleFeed<string>({
    admin,
    send: (console, data) => {
      const list = sent.get(console) ?? [];
      list.push(JSON.parse(data.toString()) as ConsoleMessage);
      sent.set(console, list);
    },
    ...(options.withLab === false
      ? {}
      : {
          lab: {
            run: (scenario) => {
              if (scenario === 'no-pong') throw new Error('lab scenario connect is still running');
              calls.push(`lab ${scenario}`);
            },
          },
        }),
    statsIntervalMs: 250,
  });
  const of = (console: string) => sent.get(console) ?? [];
  const grow = () => (tableSize += 1);
  return { consoles, calls, of, sent, grow };
}

describe('console feed: what a console is sent', () => {
  fakeTimers();

  it('sends a console the snapshot when it connects, and nothing while the hub does not listen', () => {
    const { consoles, of } = feed();
    consoles.add('a');
    expect(of('a')).toMatchObject([
      { type: 'snapshot', server: SERVER, connections: [{ number: 1 }], events: [{ text: 'old' }] },
    ]);
    const quiet = feed({ listening: false });
    quiet.consoles.add('b');
    expect(quiet.of('b')).toEqual([]);
  });

  it('sends every event to every console, and the server state with the events that change it', () => {
    const { consoles, of } = feed();
    consoles.add('a');
    consoles.add('b');
    consoles.remove('b');
    consoles.onEvent(event({ kind: 'announcement', text: 'hi' }));
    for (const body of [
      { kind: 'listening', url: SERVER.url, port: SERVER.port },
      { kind: 'service', running: false },
      { kind: 'push-interval', ms: 500 },
    ] as const) {
      consoles.onEvent(event(body));
    }
    expect(of('a').map((m) => m.type)).toEqual([
      'snapshot',
      'event',
      'event',
      'server',
      'event',
      'server',
      'event',
      'server',
    ]);
    expect(of('b').map((m) => m.type)).toEqual(['snapshot']);
  });

  it('refreshes the client table at most once per interval, on news from the connections', () => {
    const { consoles, of, grow } = feed();
    consoles.onSignal({ kind: 'counters-changed' }); // nobody to tell: no timer
    expect(vi.getTimerCount()).toBe(0);
    consoles.add('a');
    consoles.onSignal({ kind: 'counters-changed' });
    consoles.onSignal({ kind: 'counters-changed' });
    grow();
    vi.advanceTimersByTime(249);
    expect(of('a').filter((m) => m.type === 'connections')).toEqual([]);
    vi.advanceTimersByTime(1);
    const tables = of('a').filter((m) => m.type === 'connections');
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ connections: [{ number: 1 }, { number: 2 }] });
  });

  it('refreshes the table when a window connects or any connection closes, not for a console', () => {
    const { consoles, of } = feed();
    consoles.add('a');
    const tables = () => of('a').filter((m) => m.type === 'connections').length;
    const connection = { connection: 2, address: 'x', origin: '', headers: [], extensions: '' };
    consoles.onEvent(event({ kind: 'connection', role: 'console', ...connection }));
    vi.advanceTimersByTime(250);
    expect(tables()).toBe(0);
    consoles.onEvent(event({ kind: 'connection', role: 'chat', ...connection }));
    vi.advanceTimersByTime(250);
    expect(tables()).toBe(1);
    consoles.onEvent(
      event({ kind: 'close', connection: 2, code: 1000, reason: '', wasClean: true }),
    );
    vi.advanceTimersByTime(250);
    expect(tables()).toBe(2);
  });

  it("relays the lab's run to every console as it happens", () => {
    const { consoles, of } = feed();
    consoles.add('a');
    const step = { name: 'open', protocol: 'p', scenario: 'connect', step: 1, elapsedMs: 3 };
    consoles.onSignal({ kind: 'lab-event', event: step as LabEvent });
    const result = { scenario: 'connect', outcome: 'expected', detail: 'ok' } as const;
    consoles.onSignal({ kind: 'lab-done', result });
    expect(of('a').slice(1)).toEqual([
      { type: 'lab-event', event: step },
      { type: 'lab-done', result },
    ]);
  });

  it('forgets every console and a table update still due when disposed', () => {
    const { consoles, of } = feed();
    consoles.add('a');
    consoles.onSignal({ kind: 'counters-changed' });
    consoles.dispose();
    expect(vi.getTimerCount()).toBe(0);
    consoles.onEvent(event({ kind: 'announcement', text: 'late' }));
    expect(of('a')).toHaveLength(1);
  });
});

describe('console feed: commands', () => {
  fakeTimers();

  const command = (consoles: ReturnType<typeof feed>['consoles'], value: unknown) =>
    consoles.onFrame('a', JSON.stringify(value));

  it('carries out each command and says what was done', () => {
    const { consoles, calls, of } = feed();
    consoles.add('a');
    command(consoles, { type: 'broadcast', text: 'hello' });
    command(consoles, { type: 'disconnect', connection: 1, code: 4001, reason: 'bye' });
    command(consoles, { type: 'start-server' });
    command(consoles, { type: 'set-push-interval', ms: 500 });
    command(consoles, { type: 'lab-run', scenario: 'connect' });
    command(consoles, { type: 'list-connections' });
    expect(calls).toEqual([
      'announce hello',
      'disconnect #1 4001 bye',
      'start',
      'push 500',
      'lab connect',
    ]);
    expect(of('a').slice(1)).toEqual([
      { type: 'done', command: 'broadcast', detail: 'announcement sent to every window' },
      { type: 'done', command: 'disconnect', detail: '#1 closed with 4001' },
      { type: 'done', command: 'start-server', detail: 'server started' },
      { type: 'done', command: 'set-push-interval', detail: 'push interval is 500 ms' },
      { type: 'done', command: 'lab-run', detail: 'lab scenario connect started' },
      { type: 'connections', connections: [expect.objectContaining({ number: 1 })] },
      { type: 'done', command: 'list-connections', detail: '1 connections' },
    ]);
  });

  it('stops the server only after it told the console so', () => {
    const { consoles, calls, of } = feed();
    consoles.add('a');
    consoles.onFrame('a', JSON.stringify({ type: 'stop-server' }));
    expect(of('a').at(-1)).toEqual({
      type: 'done',
      command: 'stop-server',
      detail: 'server stopping: every connection closes with 1001',
    });
    expect(calls).toEqual(['stop']);
  });

  it('answers a bad frame, a command that fails and a missing lab with an error', () => {
    const { consoles, of } = feed({ withLab: false });
    consoles.add('a');
    consoles.onFrame('a', '{');
    command(consoles, { type: 'nope' });
    command(consoles, { type: 'disconnect', connection: 7, code: 4001, reason: '' });
    command(consoles, { type: 'lab-run', scenario: 'connect' });
    expect(of('a').slice(1)).toEqual([
      { type: 'error', code: 'bad-json', message: 'frame is not valid JSON' },
      { type: 'error', code: 'bad-command', message: 'unknown command "nope"' },
      { type: 'error', code: 'failed', message: 'no connection #7' },
      { type: 'error', code: 'failed', message: 'the client lab is not available' },
    ]);
    const busy = feed();
    busy.consoles.add('a');
    command(busy.consoles, { type: 'lab-run', scenario: 'no-pong' });
    expect(busy.of('a').at(-1)).toEqual({
      type: 'error',
      code: 'failed',
      message: 'lab scenario connect is still running',
    });
  });
});

describe('console feed: the client table in a running hub', () => {
  it('is refreshed when a window is sent a frame it did not ask for', async () => {
    const { token, consoleToken, url } = await hubs.start({ pushIntervalMs: 60_000 });
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
