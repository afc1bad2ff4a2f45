// `npm run dev` on a fresh clone: the renderer was never built, and every link printed must
// still answer. Starts the real Vite dev server and hub, on free ports.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from './browser-mode';
import { startViteDevServer, type ViteDevServer } from './vite-dev-server';

const appDir = resolve(import.meta.dirname, '..');
let vite: ViteDevServer | null = null;
let mode: BrowserMode | null = null;
const folders: string[] = [];

afterEach(async () => {
  await mode?.hub.stop();
  await vite?.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

it('prints only links that answer 200, with no renderer build', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-dev-'));
  folders.push(dataDir);
  vite = await startViteDevServer(appDir, 0);
  const lines: string[] = [];
  mode = await startBrowserMode({
    devServerUrl: vite.url,
    port: 0,
    dataDir,
    print: (line) => lines.push(line),
  });
  const urls = lines.flatMap((line) => line.match(/https?:\/\/\S+/g) ?? []);
  expect(urls.length).toBeGreaterThanOrEqual(2);
  for (const url of urls) {
    const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    expect({ url, status: response.status }).toEqual({ url, status: 200 });
  }
  expect(urls.every((url) => url.startsWith(`${vite?.url}/`))).toBe(true);
});
