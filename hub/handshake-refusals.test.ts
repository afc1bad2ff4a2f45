// A running hub refusing upgrades and odd requests: the status, the body, and the log.

import { once } from 'node:events';

import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';

import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

import { TEST_ORIGIN } from './test/test-client';
import { hubsAndWindows, rawUpgrade } from './test/hub-fixture';
import { createToken } from './token';

const { startHub } = hubsAndWindows();

describe('hub: handshake', () => {
  it('refuses a missing or wrong token (401), a foreign Origin or Host (403)', async () => {
    const { address, token } = await startHub();
    const host = `127.0.0.1:${address.port}`;
    const good = {
      Host: host,
      Origin: TEST_ORIGIN,
      'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    };
    expect(await rawUpgrade(address.port, good)).toBe(101);
    expect(await rawUpgrade(address.port, { ...good, 'Sec-WebSocket-Protocol': SUBPROTOCOL })).toBe(
      401,
    );
    expect(
      await rawUpgrade(address.port, {
        ...good,
        'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${createToken()}`,
      }),
    ).toBe(401);
    expect(await rawUpgrade(address.port, { ...good, Origin: 'https://evil.example' })).toBe(403);
    expect(await rawUpgrade(address.port, { ...good, Host: `evil.example:${address.port}` })).toBe(
      403,
    );
  });

  it('refuses an upgrade without Sec-WebSocket-Protocol (400: no role offered)', async () => {
    const { address, hub } = await startHub();
    const status = await rawUpgrade(address.port, {
      Host: `127.0.0.1:${address.port}`,
      Origin: TEST_ORIGIN,
    });
    expect(status).toBe(400);
    expect(hub.recentEvents()).toContainEqual(
      expect.objectContaining({ kind: 'rejected', status: 400 }),
    );
    expect(hub.connections()).toEqual([]);
  });

  it('never writes the token to the log', async () => {
    const { joinAs, lines, token } = await startHub();
    await joinAs('Ada');
    expect(lines.some((l) => l.includes('connection'))).toBe(true);
    expect(lines.join('\n')).not.toContain(token);
  });
});

/** Writes `text` on a raw TCP connection and returns everything the hub answers until it hangs up. */
async function rawHttp(port: number, text: string): Promise<string> {
  const socket = tcpConnect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write(text);
  // Bounded: a hub that never hangs up fails the test instead of hanging it.
  const timer = setTimeout(() => socket.destroy(), 5000);
  await once(socket, 'close');
  clearTimeout(timer);
  return answer;
}

function upgradeRequest(port: number, protocols: string | null, extra = ''): string {
  return (
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${TEST_ORIGIN}\r\n` +
    'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
    (protocols === null ? '' : `Sec-WebSocket-Protocol: ${protocols}\r\n`) +
    `${extra}\r\n`
  );
}

/** A refusal as plain HTTP: the status line, and a body whose length is declared. */
function expectRefusal(answer: string, statusLine: string, body: string): void {
  expect(answer.split('\r\n')[0]).toBe(statusLine);
  expect(answer).toContain('\r\nConnection: close\r\n');
  expect(answer).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`);
  expect(answer.endsWith(`\r\n\r\n${body}`)).toBe(true);
}

describe('hub: what a refused or odd request gets back', () => {
  it('names the refusal in the status line and the body', async () => {
    const { address, token } = await startHub();
    const port = address.port;
    const tokenEntry = `${TOKEN_PROTOCOL_PREFIX}${token}`;
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, null)),
      'HTTP/1.1 400 Bad Request',
      'Subprotocol loopchat.v1 (or loopchat.console.v1) required',
    );
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, SUBPROTOCOL)),
      'HTTP/1.1 401 Unauthorized',
      'Missing or wrong token',
    );
    expectRefusal(
      await rawHttp(port, upgradeRequest(port, `chat.v9, ${tokenEntry}`)),
      'HTTP/1.1 400 Bad Request',
      'Subprotocol loopchat.v1 (or loopchat.console.v1) required',
    );
    expectRefusal(
      await rawHttp(
        port,
        upgradeRequest(port, `${SUBPROTOCOL}, ${tokenEntry}`).replace(
          TEST_ORIGIN,
          'https://evil.example',
        ),
      ),
      'HTTP/1.1 403 Forbidden',
      'Origin not allowed',
    );
  });

  it('refuses chat windows with 503 while stopped from the console', async () => {
    const { address, token, hub } = await startHub();
    hub.stopServer();
    const request = upgradeRequest(
      address.port,
      `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    );
    expectRefusal(
      await rawHttp(address.port, request),
      'HTTP/1.1 503 Service Unavailable',
      'Server stopped from the console',
    );
  });

  it('answers a handshake ws itself rejects with 400 and its reason', async () => {
    const { address, token, hub } = await startHub();
    const request = upgradeRequest(
      address.port,
      `${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
    ).replace('dGhlIHNhbXBsZSBub25jZQ==', 'too-short');
    const answer = await rawHttp(address.port, request);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('Sec-WebSocket-Key');
    expect(hub.recentEvents()).toContainEqual(
      expect.objectContaining({
        kind: 'wsClientError',
        address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      }),
    );
  });

  it('answers garbage with 400 and a plain request with 426', async () => {
    const { address, hub } = await startHub();
    const garbage = await rawHttp(address.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(hub.recentEvents().some((e) => e.kind === 'clientError')).toBe(true);
    const plain = await rawHttp(
      address.port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${address.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(plain.split('\r\n')[0]).toBe('HTTP/1.1 426 Upgrade Required');
    expect(plain).toContain('\r\nLoopchat hub: WebSocket only\r\n');
  });

  it('refuses new connections with 503 while it is stopping', async () => {
    const { address, token, hub } = await startHub();
    const tokenEntry = `${TOKEN_PROTOCOL_PREFIX}${token}`;
    // A connection that never answers the closing handshake keeps the hub stopping for ~2 s.
    const deaf = tcpConnect(address.port, '127.0.0.1');
    deaf.on('error', () => undefined);
    await once(deaf, 'connect');
    deaf.write(upgradeRequest(address.port, `${SUBPROTOCOL}, ${tokenEntry}`));
    await once(deaf, 'data');
    const stopped = hub.stop();
    expectRefusal(
      await rawHttp(address.port, upgradeRequest(address.port, `${SUBPROTOCOL}, ${tokenEntry}`)),
      'HTTP/1.1 503 Service Unavailable',
      'Hub is stopping',
    );
    await stopped;
    deaf.destroy();
    expect(hub.address).toBeNull();
    expect(hub.serverInfo()).toBeNull();
  });
});
