import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHub, type Hub, type HubOptions } from './hub';
import { join, startTestHub, type TestClient } from './test/test-client';
import { createToken } from './token';

/** A default line: "[hub HH:MM:SS.mmm] label      details", details cut to 160 characters. */
const MAX_DEFAULT_LINE = 200;

const hubs: Hub[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

async function runWithOneWindow(overrides: Partial<HubOptions>) {
  const { hub, token, lines } = await startTestHub(overrides);
  hubs.push(hub);
  const client = await join(hub.address?.url ?? '', token, 'Ada');
  clients.push(client);
  hub.sendAnnouncement(`A long announcement: ${'blah '.repeat(300)}`);
  await client.next('announcement');
  return { lines, token };
}

describe('the terminal log', () => {
  it('prints one short line per event by default: no headers, no line over 200 characters', async () => {
    const { lines, token } = await runWithOneWindow({});
    const connection = lines.filter((l) => l.includes('] connection '));
    expect(connection).toHaveLength(1);
    expect(connection[0]).toMatch(/connection +#1 from 127\.0\.0\.1:\d+$/);
    expect(lines.join('\n')).not.toMatch(/sec-websocket-key|HTTP\/1\.1 101/i);
    expect(lines.some((l) => l.includes('] announce '))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_DEFAULT_LINE);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('prints every request header and the handshake response with verbose on, token redacted', async () => {
    const { lines, token } = await runWithOneWindow({ verboseLog: true });
    const connection = lines.find((l) => l.includes('] connection ')) ?? '';
    expect(connection).toMatch(/sec-websocket-key="/i);
    expect(connection).toContain('loopchat.token.<redacted>');
    expect(lines.some((l) => l.includes('HTTP/1.1 101 Switching Protocols'))).toBe(true);
    expect(lines.some((l) => l.length > MAX_DEFAULT_LINE)).toBe(true);
    expect(lines.join('\n')).not.toContain(token);
  });
});

describe('the default log sink', () => {
  it('logs to the console by default', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const hub = createHub({ token: createToken(), port: 0 });
    hubs.push(hub);
    try {
      const { url } = await hub.start();
      expect(log.mock.calls.some(([line]) => String(line).includes(url))).toBe(true);
    } finally {
      log.mockRestore();
    }
  });
});
