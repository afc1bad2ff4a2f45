// Browser mode: the hub alone, under plain Node, serving the built renderer over HTTP on
// 127.0.0.1. Each browser tab opened at the printed URL is a Loopchat window.

import { join } from 'node:path';
import { claimFolder, type FolderLock, type LockDeps, type LockHolder } from '../disk/folder-lock';
import { HistoryFile, type HistoryFs } from '../hub/history-file';
import { AttachmentStore } from '../hub/attachments/attachment-store';
import { createHub, type Hub } from '../hub/hub';
import { createToken } from '../hub/token';
import { ensureDataFolder } from './data-folder';
import { persistentToken } from './token-store';

export interface BrowserModeOptions {
  /** The built renderer the hub serves; not needed with devServerUrl. */
  staticDir?: string;
  /**
   * `npm run dev`: the pages come from this Vite dev server (allowed as an Origin) and the
   * printed links point there, with `?hub=`; the hub serves no pages.
   */
  devServerUrl?: string;
  port?: number;
  pushIntervalMs?: number;
  /** Extra allowed Origins, e.g. the Vite dev server in `npm run dev`. */
  allowedOrigins?: string[];
  /**
   * Keep chat history and the token (tokens.json, 0600) in this folder across restarts, so a
   * restarted hub takes its open tabs back. Without it both live in memory only: `npm run web`
   * passes the per-user folder (data-folder.ts); tests pass a temporary one or none.
   */
  dataDir?: string;
  /**
   * The file system the history is written through. Only tests pass one (a disk that fills
   * up on demand); nothing on the command line or the wire reaches it.
   */
  historyFs?: HistoryFs;
  print?: (line: string) => void;
  /** Log every handshake header (`--verbose`); default one short line per event. */
  verbose?: boolean;
  /** The folder lock's process facts (disk/folder-lock.ts); tests play another process. */
  lockDeps?: LockDeps;
}

/** Another Loopchat holds the data folder: startBrowserMode rejects with this. */
export class FolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`Loopchat is already running on ${dataDir} (process ${holder.pid})`);
  }
}

export interface BrowserMode {
  hub: Hub;
  /** The page to open, with the per-launch token in the fragment (never sent to a server). */
  openUrl: string;
  /** The server console page, with the console's own token (never in openUrl). */
  consoleUrl: string;
  token: string;
  consoleToken: string;
  /** Prints the links again (what pressing Enter in the terminal does). */
  printUrls(): void;
  /** The data folder's lock, held until stop() or the process exits (null without a data folder). */
  lock: FolderLock | null;
  /**
   * Stops the hub (clients see 1001) and gives the data folder back, so another Loopchat can
   * start on it while this process lives on.
   */
  stop(): Promise<void>;
}

/** The data folder's lock for this process, or FolderInUse when another one holds it. */
function lockFolder(dataDir: string | undefined, deps: LockDeps | undefined): FolderLock | null {
  if (dataDir === undefined) return null;
  const claim = claimFolder(dataDir, 'browser', deps);
  if (claim.kind === 'held') throw new FolderInUse(dataDir, claim.holder);
  return claim.lock;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const print = options.print ?? ((line: string) => console.log(line));
  const { dataDir } = options;
  if (dataDir !== undefined) ensureDataFolder(dataDir);
  // Before anything in the folder is read: one hub per history, one writer per file.
  const lock = lockFolder(dataDir, options.lockDeps);
  try {
    return await startWithFolder(options, print, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function startWithFolder(
  options: BrowserModeOptions,
  print: (line: string) => void,
  lock: FolderLock | null,
): Promise<BrowserMode> {
  const { dataDir } = options;
  // Kept in the data folder (when there is one) so a restarted hub takes the open tabs back.
  const tokenFor = (name: 'chat' | 'console'): string =>
    dataDir === undefined ? createToken() : persistentToken(dataDir, name, print);
  const token = tokenFor('chat');
  // The console can stop the hub and disconnect windows: its own secret, only in consoleUrl.
  const consoleToken = tokenFor('console');
  const hub = createHub({
    token,
    consoleToken,
    ...(options.devServerUrl === undefined ? { staticDir: options.staticDir } : {}),
    allowedOrigins: [
      ...(options.allowedOrigins ?? []),
      ...(options.devServerUrl === undefined ? [] : [options.devServerUrl]),
    ],
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.pushIntervalMs === undefined ? {} : { pushIntervalMs: options.pushIntervalMs }),
    log: print,
    verboseLog: options.verbose ?? false,
    ...(dataDir === undefined
      ? {}
      : {
          history: HistoryFile.open(
            join(dataDir, 'history.jsonl'),
            undefined,
            print,
            options.historyFs,
          ),
          // Files and images beside the history, in attachments/.
          attachments: AttachmentStore.open(dataDir, { onRecover: print }),
        }),
  });
  const address = await hub.start();
  const { devServerUrl } = options;
  const hubQuery = devServerUrl === undefined ? '' : `?hub=${address.url}`;
  const pageBase = devServerUrl === undefined ? address.pageUrl : `${devServerUrl}/`;
  const openUrl = `${pageBase}${hubQuery}#token=${token}`;
  const consoleUrl = `${pageBase}console.html${hubQuery}#token=${consoleToken}`;
  const mode = devServerUrl === undefined ? 'browser mode' : 'dev mode (hot reload)';
  const printUrls = (): void => {
    print('');
    print(`  Loopchat is running in ${mode}. Open this in your browser (one tab per window):`);
    print(`  ${openUrl}`);
    print(`  Server console: ${consoleUrl}`);
    print(`  History, files and tokens are kept in: ${dataDir ?? 'memory only (no data folder)'}`);
    print('');
  };
  // A second start on this folder prints these links rather than starting a second hub; they
  // are in the lock before they are printed, so anyone who has seen them finds them there.
  lock?.update([openUrl, consoleUrl]);
  printUrls();
  const stop = async (): Promise<void> => {
    try {
      await hub.stop();
    } finally {
      lock?.release();
    }
  };
  return { hub, openUrl, consoleUrl, token, consoleToken, printUrls, lock, stop };
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
