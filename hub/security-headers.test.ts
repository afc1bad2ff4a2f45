// Every HTTP response the hub writes carries the headers its pages carry: an error page is a
// page too (it could be framed, sniffed, or embedded by another site otherwise).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import type { Hub, HubOptions } from './hub';
import { rawRequest, upgradeRequest, type RawResponse } from './test/raw-socket';
import { join, startTestHub } from './test/test-client';

const hubs: Hub[] = [];
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

/** What the browser-mode page itself is served with. */
const PAGE_SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
];

async function startHub(overrides: Partial<HubOptions> = {}) {
  const started = await startTestHub(overrides);
  hubs.push(started.hub);
  const port = started.hub.address?.port ?? 0;
  return { ...started, port };
}

function rendererDir(): string {
  const dir = mkdtempSync(joinPath(tmpdir(), 'loopchat-renderer-'));
  writeFileSync(joinPath(dir, 'index.html'), '<!doctype html><title>Loopchat</title>');
  return dir;
}

const get = (port: number, path: string, host = `127.0.0.1:${port}`, method = 'GET') =>
  `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

function expectSameSecurityHeaders(response: RawResponse, page: RawResponse): void {
  for (const name of PAGE_SECURITY_HEADERS) {
    expect({ status: response.status, [name]: response.headers.get(name) }).toEqual({
      status: response.status,
      [name]: page.headers.get(name),
    });
  }
}

describe('security headers on every response', () => {
  it('sends the page headers with every browser-mode refusal, upgrade refusals included', async () => {
    const { port, token, consoleToken } = await startHub({
      staticDir: rendererDir(),
      maxClients: 1,
    });
    const page = await rawRequest(port, get(port, '/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');

    const up = (headers: Record<string, string>) => upgradeRequest(port, token, headers);
    const cases: [number, string][] = [
      [404, get(port, '/missing.js')],
      [405, get(port, '/', undefined, 'POST')],
      [403, get(port, '/', `evil.example:${port}`)],
      [400, get(port, '/%E0%A4%A')],
      [400, 'NOT HTTP AT ALL\r\n\r\n'],
      [401, up({ 'Sec-WebSocket-Protocol': SUBPROTOCOL })],
      [
        401,
        up({
          'Sec-WebSocket-Protocol': `${CONSOLE_SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
        }),
      ],
      [403, up({ Origin: 'https://evil.example' })],
      [400, up({ 'Sec-WebSocket-Protocol': `chat.v9, ${TOKEN_PROTOCOL_PREFIX}${token}` })],
      [400, up({ 'Sec-WebSocket-Key': 'not-a-key' })],
    ];
    for (const [status, request] of cases) {
      const response = await rawRequest(port, request);
      expect(response.status).toBe(status);
      expectSameSecurityHeaders(response, page);
    }
    // Over the connection cap (one window is in).
    const url = `ws://127.0.0.1:${port}`;
    open.push(await join(url, token, 'Ada', null, undefined, `http://127.0.0.1:${port}`));
    const full = await rawRequest(
      port,
      up({
        'Sec-WebSocket-Protocol': `${CONSOLE_SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${consoleToken}`,
      }),
    );
    expect(full.status).toBe(503);
    expectSameSecurityHeaders(full, page);
  });

  it('sends them with the 426 of a hub that serves no pages (Electron)', async () => {
    const { port } = await startHub();
    const response = await rawRequest(port, get(port, '/'));
    expect(response.status).toBe(426);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
