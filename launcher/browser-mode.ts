// Browser mode: the hub alone, under plain Node, serving the built renderer over HTTP on
// 127.0.0.1. Each browser tab opened at the printed URL is a Loopchat window.

import { join } from 'node:path';
import { HistoryFile } from '../hub/history-file';
import { createHub, type Hub } from '../hub/hub';
import { createToken } from '../hub/token';

export interface BrowserModeOptions {
  staticDir: string;
  port?: number;
  pushIntervalMs?: number;
  /** Extra allowed Origins, e.g. the Vite dev server in `npm run dev`. */
  allowedOrigins?: string[];
  /** Keep chat history in this folder across restarts (otherwise it lives in memory). */
  dataDir?: string;
  print?: (line: string) => void;
}

export interface BrowserMode {
  hub: Hub;
  /** The page to open, with the per-launch token in the fragment (never sent to a server). */
  openUrl: string;
  /** The server console page, with the console's own token (never in openUrl). */
  consoleUrl: string;
  token: string;
  consoleToken: string;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const print = options.print ?? ((line: string) => console.log(line));
  const token = createToken();
  // The console can stop the hub and disconnect windows: its own secret, only in consoleUrl.
  const consoleToken = createToken();
  const hub = createHub({
    token,
    consoleToken,
    staticDir: options.staticDir,
    allowedOrigins: options.allowedOrigins ?? [],
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.pushIntervalMs === undefined ? {} : { pushIntervalMs: options.pushIntervalMs }),
    log: print,
    ...(options.dataDir === undefined
      ? {}
      : { history: HistoryFile.open(join(options.dataDir, 'history.jsonl'), undefined, print) }),
  });
  const address = await hub.start();
  const openUrl = `${address.pageUrl}#token=${token}`;
  const consoleUrl = `${address.pageUrl}console.html#token=${consoleToken}`;
  print('');
  print(`  Loopchat is running in browser mode. Open this in your browser (one tab per window):`);
  print(`  ${openUrl}`);
  print(`  Server console: ${consoleUrl}`);
  print('');
  return { hub, openUrl, consoleUrl, token, consoleToken };
}

/** Stops the hub cleanly (clients see 1001) on Ctrl+C or a termination signal. */
export function stopOnSignals(hub: Hub): void {
  const stop = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping the hub…`);
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
