// `npm start` / `npm run web` / `npm run dev`. Runs the app in Electron where its binary can
// be had; otherwise says so in one line and starts browser mode with the same hub.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserMode, stopOnSignals } from './browser-mode';

const outDir = dirname(fileURLToPath(import.meta.url));
const appDir = dirname(outDir);
const rendererDir = join(outDir, 'renderer');
const DEV_SERVER = 'http://127.0.0.1:5173';

type ElectronBinary = { ok: true; path: string } | { ok: false; why: string };

/**
 * The Electron package downloads its binary lazily. Look for it without letting that
 * download spill its stack trace over the terminal: run its installer quietly once.
 */
function findElectron(): ElectronBinary {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const binaryPath = () => {
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const file = readFileSync(pathFile, 'utf8');
    const full = override ? join(override, file) : join(pkgDir, 'dist', file);
    return existsSync(full) ? full : null;
  };
  const found = binaryPath();
  if (found) return { ok: true, path: found };
  console.log('Fetching the Electron binary (first run only)…');
  const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const installed = binaryPath();
  if (installed) return { ok: true, path: installed };
  const lines = `${install.stderr ?? ''}${install.error?.message ?? ''}`.trim().split('\n');
  const firstLine = lines.find((l) => /error|fail/i.test(l)) ?? lines[0] ?? 'unknown error';
  return { ok: false, why: `download failed: ${firstLine.trim()}` };
}

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
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  const pushIntervalMs = values['push-ms'] === undefined ? undefined : Number(values['push-ms']);
  const devServer = values.dev ? await startViteDevServer() : null;

  if (!values.browser) {
    const electron = findElectron();
    if (electron.ok) {
      const env = { ...process.env, ...(values.dev ? { VITE_DEV_SERVER_URL: DEV_SERVER } : {}) };
      const child = spawn(electron.path, [appDir], { stdio: 'inherit', env });
      child.on('exit', (code) => {
        void devServer?.close();
        process.exit(code ?? 0);
      });
      return;
    }
    console.log(`Electron is not available (${electron.why}); starting browser mode instead.`);
  }

  const { hub, token } = await startBrowserMode({
    staticDir: rendererDir,
    ...(port === undefined ? {} : { port }),
    ...(pushIntervalMs === undefined ? {} : { pushIntervalMs }),
    ...(devServer ? { allowedOrigins: [DEV_SERVER] } : {}),
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
