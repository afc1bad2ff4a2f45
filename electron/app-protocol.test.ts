import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from './app-protocol';

const INDEX = '<!doctype html><title>Loopchat</title><script type="module" src="./assets/app.js">';

let base: string;
let serve: (url: string, method?: string) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'loopchat-app-protocol-'));
  const renderer = join(base, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), INDEX);
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log("hi");');
  // Next to the renderer, like the rest of out/: must never be served.
  await writeFile(join(base, 'secret.txt'), 'main-process secrets');
  const handler = createAppProtocolHandler(renderer, 8123);
  serve = (url, method = 'GET') => handler(new Request(url, { method }));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('the app:// protocol', () => {
  it('serves index.html with a CSP that allows connecting to this hub only', async () => {
    const response = await serve('app://loopchat/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(INDEX);
    const csp = response.headers.get('content-security-policy') ?? '';
    const connectSrc = csp.split(';').find((d) => d.trim().startsWith('connect-src'));
    expect(connectSrc?.trim()).toBe('connect-src ws://127.0.0.1:8123');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves index.html for the bare origin and assets with their types', async () => {
    expect(await (await serve('app://loopchat/')).text()).toBe(INDEX);
    const script = await serve('app://loopchat/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD without a body', async () => {
    const response = await serve('app://loopchat/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses path traversal, plain or encoded', async () => {
    for (const url of [
      'app://loopchat/..%2Fsecret.txt',
      'app://loopchat/assets/..%2F..%2Fsecret.txt',
      'app://loopchat/%2e%2e%2fsecret.txt',
      'app://loopchat/assets%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    ]) {
      const response = await serve(url);
      expect(response.status, url).toBe(403);
      expect(await response.text(), url).not.toContain('secrets');
    }
    // The URL parser already resolves a literal ../ to a path inside the renderer.
    expect((await serve('app://loopchat/../secret.txt')).status).toBe(404);
  });

  it('answers 404 for missing files, directories and other hosts', async () => {
    expect((await serve('app://loopchat/nope.html')).status).toBe(404);
    expect((await serve('app://loopchat/assets')).status).toBe(404);
    expect((await serve('app://elsewhere/index.html')).status).toBe(404);
  });

  it('refuses malformed paths and methods other than GET/HEAD', async () => {
    expect((await serve('app://loopchat/%E0%A4%A')).status).toBe(400);
    expect((await serve('app://loopchat/index.html%00.js')).status).toBe(400);
    expect((await serve('app://loopchat/index.html', 'POST')).status).toBe(405);
  });
});
