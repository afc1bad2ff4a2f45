// `npm start` / `npm run web` / `npm run dev`. Runs the app in Electron where its binary can
// be had; otherwise says so in one line and starts browser mode with the same hub.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserMode, stopOnSignals } from './browser-mode';
import { relayToChild } from './child-relay';
import { findElectronBinary } from './electron-binary';
import { ELECTRON_HINT, electronUnavailable } from './electron-download-failure';
import { electronLaunchArgs } from './launch-args';

const outDir = dirname(fileURLToPath(import.meta.url));
const appDir = dirname(outDir);
const rendererDir = join(outDir, 'renderer');
const DEV_SERVER = 'http://127.0.0.1:5173';

async function startViteDevServer(): Promise<{ close(): Promise<void> }> {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile: join(appDir, 'vite.config.ts') });
  await server.listen();
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      dev: { type: 'boolean', default: false },
      port: { type: 'string' },
      'push-ms': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  const pushIntervalMs = values['push-ms'] === undefined ? undefined : Number(values['push-ms']);
  const devServer = values.dev ? await startViteDevServer() : null;

  if (!values.browser) {
    const electron = findElectronBinary();
    if (electron.ok) {
      const env = { ...process.env, ...(values.dev ? { VITE_DEV_SERVER_URL: DEV_SERVER } : {}) };
      const args = electronLaunchArgs({ appDir, dataDir: values['data-dir'] });
      // Ctrl+C reaches Electron (and the whole process group); the launcher waits for it.
      const code = await relayToChild(spawn(electron.path, args, { stdio: 'inherit', env }));
      await devServer?.close();
      process.exit(code);
    }
    console.log(`${electronUnavailable(electron.why)}; starting browser mode instead.`);
    console.log(`  ${ELECTRON_HINT}`);
  }

  const { hub, token } = await startBrowserMode({
    staticDir: rendererDir,
    ...(port === undefined ? {} : { port }),
    ...(pushIntervalMs === undefined ? {} : { pushIntervalMs }),
    ...(devServer ? { allowedOrigins: [DEV_SERVER] } : {}),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
  });
  if (devServer && hub.address) {
    console.log(`  Dev server (hot reload): ${DEV_SERVER}/?hub=${hub.address.url}#token=${token}`);
  }
  stopOnSignals(hub);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
