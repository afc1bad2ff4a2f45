// `npm run dev`: Vite's dev server for the renderer, with hot reload. Its pages talk to the
// hub through `?hub=ws://…` (see renderer/src/config.ts), so they need no build.

import { join } from 'node:path';

export interface ViteDevServer {
  /** Where it listens, e.g. http://127.0.0.1:5173 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/** Starts Vite with the app's config; `port` overrides its 5173 (0 = any free port). */
export async function startViteDevServer(appDir: string, port?: number): Promise<ViteDevServer> {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: join(appDir, 'vite.config.ts'),
    root: join(appDir, 'renderer'),
    logLevel: 'warn',
    ...(port === undefined ? {} : { server: { port } }),
  });
  await server.listen();
  const local = server.resolvedUrls?.local[0];
  if (local === undefined) {
    await server.close();
    throw new Error('the Vite dev server started but reports no local URL');
  }
  return { url: local.replace(/\/$/, ''), close: () => server.close() };
}
