// `npm start` / `npm run web` / `npm run dev`. Runs the app in Electron where its binary can
// be had; otherwise says so in one line and starts browser mode with the same hub.

import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { alreadyRunningLines } from '../disk/folder-lock';
import { FolderInUse, startBrowserMode, stopOnSignals } from './browser-mode';
import { relayToChild } from './child-relay';
import { defaultBrowserDataDir } from './data-folder';
import { findElectronBinary } from './electron-binary';
import { explainElectronExit, userNamespacesRestricted } from './electron-exit';
import { ELECTRON_HINT, electronUnavailable } from './electron-download-failure';
import { electronLaunchArgs } from './launch-args';
import { REPRINT_HINT, reprintOnEnter } from './url-reprint';
import { startViteDevServer } from './vite-dev-server';

const outDir = dirname(fileURLToPath(import.meta.url));
const appDir = dirname(outDir);
const rendererDir = join(outDir, 'renderer');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      dev: { type: 'boolean', default: false },
      port: { type: 'string' },
      'push-ms': { type: 'string' },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  const pushIntervalMs = values['push-ms'] === undefined ? undefined : Number(values['push-ms']);
  const devServer = values.dev ? await startViteDevServer(appDir) : null;

  if (!values.browser) {
    const electron = findElectronBinary();
    if (electron.ok) {
      const env = { ...process.env, ...(devServer ? { VITE_DEV_SERVER_URL: devServer.url } : {}) };
      const args = electronLaunchArgs({ appDir, dataDir: values['data-dir'] });
      if (values.verbose) args.push('--verbose');
      // Ctrl+C reaches Electron (and the whole process group); the launcher waits for it.
      const code = await relayToChild(spawn(electron.path, args, { stdio: 'inherit', env }));
      const why = explainElectronExit(code, {
        platform: process.platform,
        userNamespacesRestricted: userNamespacesRestricted(),
        electronPath: electron.path,
      });
      if (why) console.error(why);
      await devServer?.close();
      process.exit(code);
    }
    console.log(`${electronUnavailable(electron.why)}; starting browser mode instead.`);
    console.log(`  ${ELECTRON_HINT}`);
  }

  // In dev mode the pages come from Vite (no build needed), so every printed link works.
  const { hub, printUrls } = await startBrowserMode({
    ...(devServer ? { devServerUrl: devServer.url } : { staticDir: rendererDir }),
    ...(port === undefined ? {} : { port }),
    ...(pushIntervalMs === undefined ? {} : { pushIntervalMs }),
    // The per-user folder by default, so a restart keeps the history and the open tabs.
    dataDir:
      values['data-dir'] ??
      defaultBrowserDataDir({ platform: process.platform, home: homedir(), env: process.env }),
    verbose: values.verbose,
  });
  if (reprintOnEnter(process.stdin, printUrls)) console.log(`  ${REPRINT_HINT}\n`);
  stopOnSignals(hub);
}

main().catch((err: unknown) => {
  if (err instanceof FolderInUse) {
    // Not an error: the user asked for Loopchat on this folder, and it is there.
    for (const line of alreadyRunningLines(err.dataDir, err.holder)) console.log(line);
    process.exit(0);
  }
  console.error(err);
  process.exit(1);
});
