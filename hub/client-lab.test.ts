// The client lab against a real hub on 127.0.0.1, driven as the console drives it: a console
// connection sends lab-run and collects the lab-event frames until lab-done.

import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { ConsoleCommand, ConsoleMessage, HubEvent } from '../protocol/console';
import type { LabEvent, LabResult, LabScenario } from '../protocol/lab';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import packageJson from '../package.json' with { type: 'json' };
import type { Hub } from './hub';
import { connectConsole } from './test/console-client';
import { LAB_HEADER } from './client-lab';
import { rawRequest, upgradeRequest } from './test/raw-socket';
import { connect, join, startTestHub, TEST_ORIGIN } from './test/test-client';

const hubs: Hub[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
});

interface LabConsole {
  received: ConsoleMessage[];
  send(command: ConsoleCommand | Record<string, unknown>): void;
  /** The first message from index `from` on that `match` accepts (waits at most 10 s). */
  waitFor(match: (m: ConsoleMessage) => boolean, from?: number): Promise<ConsoleMessage>;
  /** Runs `scenario` and resolves with its events and result. */
  run(scenario: LabScenario): Promise<{ events: LabEvent[]; result: LabResult }>;
}

async function setup(): Promise<{ hub: Hub; token: string; lab: LabConsole; events: HubEvent[] }> {
  const { hub, token, consoleToken } = await startTestHub({
    labHeartbeatMs: 200,
    labTimeoutMs: 8000,
  });
  hubs.push(hub);
  return { hub, token, ...(await consoleOn(hub, consoleToken)) };
}

/** A console connection to `hub` that drives the lab, and every hub event from now on. */
async function consoleOn(
  hub: Hub,
  token: string,
): Promise<{ lab: LabConsole; events: HubEvent[] }> {
  const events: HubEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const console = await connectConsole(hub.address?.url ?? '', token);
  sockets.push(console.ws);
  const { received, send, waitFor } = console;
  const lab: LabConsole = {
    received,
    send,
    waitFor,
    async run(scenario) {
      const from = received.length;
      send({ type: 'lab-run', scenario });
      const done = await waitFor((m) => m.type === 'lab-done', from);
      if (done.type !== 'lab-done') throw new Error('unreachable');
      const events = received.slice(from).flatMap((m) => (m.type === 'lab-event' ? [m.event] : []));
      return { events, result: done.result };
    },
  };
  return { lab, events };
}

const names = (events: LabEvent[]) => events.map((e) => e.name);

describe('client lab', () => {
  it('connects properly: upgrade, open, hello and chat out, echo in, ping, pong, close 1000', async () => {
    const { hub, token, lab } = await setup();
    const window = await join(hub.address?.url ?? '', token, 'Ada');
    const { events, result } = await lab.run('connect');
    expect(result).toMatchObject({ scenario: 'connect', outcome: 'expected' });
    const seq = names(events);
    expect(seq.slice(0, 3)).toEqual(['upgrade', 'open', 'send']);
    expect(seq.indexOf('ping')).toBeLessThan(seq.indexOf('pong-sent'));
    expect(seq.at(-1)).toBe('close');
    const upgrade = events[0];
    expect(upgrade?.name === 'upgrade' && upgrade.statusLine).toContain('101');
    const sent = events.filter((e) => e.name === 'send').map((e) => JSON.parse(e.data).type);
    expect(sent).toEqual(['hello', 'chat']);
    const echo = events.find((e) => e.name === 'message' && e.data.includes('from the client lab'));
    expect(echo).toBeDefined();
    expect(events.at(-1)).toMatchObject({ name: 'close', code: 1000 });
    // The lab's message is a real chat message: the window gets it too.
    const chat = await window.next('chat');
    expect(chat.text).toBe('Hello from the client lab');
    await window.close();
  });

  it.each([
    ['no-token', 401, 'Missing or wrong token'],
    ['wrong-token', 401, 'Missing or wrong token'],
    ['foreign-origin', 403, 'Origin not allowed'],
    ['unknown-subprotocol', 400, 'Subprotocol loopchat.v1'],
    ['server-stopped', 503, 'Server stopped from the console'],
  ] as const)(
    '%s: unexpected-response %i with its body, then error and close 1006',
    async (scenario, status, body) => {
      const { hub, token, lab } = await setup();
      const { events, result } = await lab.run(scenario);
      expect(result.outcome).toBe('expected');
      expect(names(events)).toEqual(['unexpected-response', 'error', 'close']);
      expect(events[0]).toMatchObject({ name: 'unexpected-response', status });
      expect(events[0]?.name === 'unexpected-response' && events[0].body).toContain(body);
      expect(events[2]).toMatchObject({ name: 'close', code: 1006 });
      // The lab's stop applied to the lab only: windows still get in afterwards.
      const window = await join(hub.address?.url ?? '', token, 'Ada');
      await window.close();
    },
  );

  it('redirect: GET /lab/redirect answers 302 and the client follows it', async () => {
    const { hub, lab } = await setup();
    const { events, result } = await lab.run('redirect');
    expect(result.outcome).toBe('expected');
    expect(names(events).slice(0, 3)).toEqual(['redirect', 'upgrade', 'open']);
    expect(events[0]).toMatchObject({ name: 'redirect', url: `${hub.address?.url}/` });
  });

  it('redirects only requests whose Host is this hub', async () => {
    const { hub } = await setup();
    const port = hub.address?.port ?? 0;
    const good = await fetch(`http://127.0.0.1:${port}/lab/redirect`, { redirect: 'manual' });
    expect(good.status).toBe(302);
    expect(good.headers.get('location')).toBe(`ws://127.0.0.1:${port}/`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/lab/redirect', headers: { Host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).not.toBe(302);
  });

  it("server-header: the hub's headers event adds X-Loopchat-Hub, seen in upgrade", async () => {
    const { lab } = await setup();
    const { events, result } = await lab.run('server-header');
    expect(result).toMatchObject({
      outcome: 'expected',
      detail: `X-Loopchat-Hub: ${packageJson.version}`,
    });
    const upgrade = events.find((e) => e.name === 'upgrade');
    expect(upgrade?.name === 'upgrade' && upgrade.headers).toContainEqual([
      'X-Loopchat-Hub',
      packageJson.version,
    ]);
  });

  it('malformed-handshake: a bad Sec-WebSocket-Key gets 400 and the hub emits wsClientError', async () => {
    const { lab, events: hubEvents } = await setup();
    const { events, result } = await lab.run('malformed-handshake');
    expect(result.outcome).toBe('expected');
    expect(names(events)).toEqual(['raw-request', 'raw-response']);
    const [sent, got] = events;
    expect(sent?.name === 'raw-request' && sent.text).toContain(
      'Sec-WebSocket-Key: not-a-valid-key',
    );
    expect(sent?.name === 'raw-request' && sent.text).toContain('loopchat.token.<redacted>');
    expect(got?.name === 'raw-response' && got.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(hubEvents.some((e) => e.kind === 'wsClientError')).toBe(true);
  });

  it('no-pong: unanswered pings, then the hub terminates the lab client (1006)', async () => {
    const { lab, events: hubEvents } = await setup();
    const { events, result } = await lab.run('no-pong');
    expect(result.outcome).toBe('expected');
    expect(names(events)).not.toContain('pong-sent');
    expect(events.filter((e) => e.name === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ name: 'close', code: 1006 });
    expect(hubEvents.some((e) => e.kind === 'heartbeat-timeout')).toBe(true);
  });

  it('frame-anatomy: masked client frames, unmasked hub frames, every length form, 1009', async () => {
    const { lab } = await setup();
    const { events, result } = await lab.run('frame-anatomy');
    expect(result).toMatchObject({ outcome: 'expected' });
    const frames = events.flatMap((e) => (e.name === 'frame' ? [e] : []));
    const client = frames.filter((f) => f.from === 'client');
    const server = frames.filter((f) => f.from === 'server');
    // RFC 6455 §5.1: every client frame masked, with a key; no server frame masked.
    expect(client.every((f) => f.masked && f.maskKey?.length === 11)).toBe(true);
    expect(server.every((f) => !f.masked && f.maskKey === null)).toBe(true);
    expect(new Set(client.map((f) => f.lengthForm))).toEqual(new Set([7, 16, 64]));
    // The fragmented message: FIN 0 text, then FIN 1 continuation, and the hub echoed it whole.
    const opcodes = client.map((f) => `${f.fin ? 1 : 0}:${f.opcodeName}`);
    expect(opcodes.slice(0, 4)).toEqual(['1:ping', '1:text', '0:text', '1:continuation']);
    expect(server.some((f) => f.text.includes('one message, two frames'))).toBe(true);
    expect(server.find((f) => f.opcodeName === 'pong')?.text).toBe('lab');
    // The XOR: unmasked bytes are the masked ones XOR the key, byte by byte.
    const hello = client[1];
    const bytes = (hex: string | null | undefined) =>
      (hex ?? '').split(' ').map((h) => parseInt(h, 16));
    const key = bytes(hello?.maskKey);
    const unmasked = bytes(hello?.maskedStart).map((b, i) => b ^ (key[i % 4] ?? 0));
    expect(unmasked).toEqual(bytes(hello?.unmaskedStart));
    const close = server.find((f) => f.opcodeName === 'close');
    expect(close).toMatchObject({ closeCode: 1009, opcode: 8, fin: true });
    expect(events.at(-1)).toMatchObject({ name: 'close', code: 1009 });
  });

  it('permessage-deflate: offered and accepted, ws.extensions on the hub side, RSV1, 1009', async () => {
    const { lab } = await setup();
    const { events, result } = await lab.run('permessage-deflate');
    expect(result).toMatchObject({ outcome: 'expected' });
    const response = events.find((e) => e.name === 'raw-response');
    expect(response?.name === 'raw-response' && response.text).toMatch(
      /Sec-WebSocket-Extensions: permessage-deflate/i,
    );
    expect(events.find((e) => e.name === 'hub-extensions')).toMatchObject({
      extensions: 'permessage-deflate',
    });
    const server = events.flatMap((e) => (e.name === 'frame' && e.from === 'server' ? [e] : []));
    const long = server.find((f) => f.text.includes('"id":"deflate-1"'));
    // The repetitive text: compressed (RSV1), far smaller on the wire than inflated.
    expect(long?.rsv[0]).toBe(true);
    expect((long?.inflated ?? 0) > 5 * (long?.length ?? Infinity)).toBe(true);
    // Under ws's 1 KiB threshold the hub sends it as it is.
    expect(server.find((f) => f.text.includes('"id":"deflate-2"'))).toMatchObject({
      rsv: [false, false, false],
      inflated: null,
    });
    expect(server.find((f) => f.opcodeName === 'close')).toMatchObject({ closeCode: 1009 });
  });

  it('marks its connections in the client table and runs one scenario at a time', async () => {
    const { lab } = await setup();
    const running = lab.run('no-pong');
    const from = lab.received.length;
    lab.send({ type: 'lab-run', scenario: 'connect' });
    const refused = await lab.waitFor((m) => m.type === 'error', from);
    expect(refused).toMatchObject({
      code: 'failed',
      message: 'lab scenario no-pong is still running',
    });
    await lab.waitFor((m) => m.type === 'lab-event' && m.event.name === 'open');
    const asked = lab.received.length;
    lab.send({ type: 'list-connections' });
    const table = await lab.waitFor((m) => m.type === 'connections', asked);
    expect(table.type === 'connections' && table.connections.filter((c) => c.lab)).toHaveLength(1);
    expect((await running).result.outcome).toBe('expected');
  });

  it('ends a scenario that runs out of time and closes its socket', async () => {
    const { hub, consoleToken } = await startTestHub({
      labHeartbeatMs: 60_000,
      labTimeoutMs: 500,
    });
    hubs.push(hub);
    const { lab } = await consoleOn(hub, consoleToken);
    // With pings a minute apart, no-pong cannot finish within 500 ms.
    const { events, result } = await lab.run('no-pong');
    expect(result).toMatchObject({ outcome: 'unexpected', detail: 'the scenario ran out of time' });
    expect(names(events)).toContain('open');
    // The hub sees the terminated socket close a moment later: ask until it has (bounded).
    let labConnections = -1;
    for (let i = 0; i < 50 && labConnections !== 0; i += 1) {
      const from = lab.received.length;
      lab.send({ type: 'list-connections' });
      const table = await lab.waitFor((m) => m.type === 'connections', from);
      labConnections =
        table.type === 'connections' ? table.connections.filter((c) => c.lab).length : -1;
    }
    expect(labConnections).toBe(0);
  });

  it('refuses an unknown scenario with a clear error', async () => {
    const { lab } = await setup();
    const from = lab.received.length;
    lab.send({ type: 'lab-run', scenario: 'reboot' });
    const error = await lab.waitFor((m) => m.type === 'error', from);
    expect(error).toMatchObject({ code: 'bad-command' });
    expect(error.type === 'error' && error.message).toContain('lab-run.scenario must be one of');
  });
});

describe("the client lab's part of the network path", () => {
  it('redirects a page request and an upgrade to /lab/redirect for a Host in capitals', async () => {
    const { hub, token } = await setup();
    const port = hub.address?.port ?? 0;
    const page = `GET /lab/redirect HTTP/1.1\r\nHost: LOCALHOST:${port}\r\nConnection: close\r\n\r\n`;
    const redirect = await rawRequest(port, page);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`ws://127.0.0.1:${port}/`);
    const upgrade = upgradeRequest(port, token, { Host: `LOCALHOST:${port}` }).replace(
      'GET / ',
      'GET /lab/redirect ',
    );
    const response = await rawRequest(port, upgrade);
    expect(response.status).toBe(302);
  });

  it('pings windows on the heartbeat only, not on the lab heartbeat, even with a wrong lab key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { hub, token } = await startTestHub({ heartbeatMs: 1000, labHeartbeatMs: 100 });
    hubs.push(hub);
    const events: HubEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const url = hub.address?.url ?? '';
    const plain = await connect(url, token);
    const wrongKey = new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
      origin: TEST_ORIGIN,
      headers: { [LAB_HEADER]: 'not-the-key' },
    });
    sockets.push(wrongKey, plain.ws);
    await once(wrongKey, 'open');
    await vi.advanceTimersByTimeAsync(450);
    expect(events.filter((e) => e.kind === 'ping')).toEqual([]);
    await vi.advanceTimersByTimeAsync(600);
    expect(events.filter((e) => e.kind === 'ping')).toHaveLength(2);
    vi.useRealTimers();
    wrongKey.close();
    await once(wrongKey, 'close');
    await plain.close();
  });
});
