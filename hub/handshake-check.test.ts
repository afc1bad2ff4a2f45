import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { HANDSHAKE_CHECK_HEADER, HANDSHAKE_CHECK_PATH } from '../protocol/handshake-check';
import type { Hub } from './hub';
import { startTestHub } from './test/test-client';
import { createToken } from './token';

const hubs: Hub[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('tells a browser tab whether its token is this run’s, never revealing it', async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'loopchat-static-'));
  folders.push(staticDir);
  const { hub, token } = await startTestHub({ staticDir });
  hubs.push(hub);
  const url = `${hub.address?.pageUrl.replace(/\/$/, '')}${HANDSHAKE_CHECK_PATH}`;
  const ask = async (headers: Record<string, string>) => {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).not.toContain(token);
    return JSON.parse(body) as unknown;
  };
  expect(await ask({ [HANDSHAKE_CHECK_HEADER]: token })).toEqual({ verdict: 'ok' });
  expect(await ask({ [HANDSHAKE_CHECK_HEADER]: createToken() })).toEqual({
    verdict: 'wrong-token',
  });
  expect(await ask({})).toEqual({ verdict: 'wrong-token' });
});
