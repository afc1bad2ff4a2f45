// Launch settings from the environment: `npm run dev` sets VITE_DEV_SERVER_URL; the push
// interval and hub port can be tuned for demos and tests. A bad value is reported and
// replaced by the default rather than stopping the app.

import { resolve } from 'node:path';
import { DEFAULT_PORT, DEFAULT_PUSH_INTERVAL_MS } from '../hub/hub';
import { DATA_DIR_FLAG } from '../launcher/launch-args';

export interface LaunchSettings {
  /** Vite dev server to load instead of app://loopchat (development only). */
  devServer: { url: string; origin: string } | null;
  pushIntervalMs: number;
  /** Preferred hub port; the hub falls back to a free one when it is taken. 0 = any. */
  port: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A run from the sources (`npm start`, not an installed app) keeps its data here, under the
 * OS's app-data folder beside the installed app's "Loopchat", so the two never share history,
 * window positions or the single-instance lock.
 */
export const DEV_DATA_FOLDER = 'Loopchat (development)';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The dev server gets the per-launch token through the preload, so only a plain-http
 * loopback URL is accepted: a stray env value must not hand the token to a remote page.
 */
function devServer(value: string | undefined, log: (line: string) => void) {
  if (value === undefined || value === '') return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url?.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    log(`Ignoring VITE_DEV_SERVER_URL=${value}: it must be an http:// loopback URL.`);
    return null;
  }
  return { url: url.href, origin: url.origin };
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  log: (line: string) => void,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  log(`Ignoring ${name}=${value}: expected an integer from ${min} to ${max}; using ${fallback}.`);
  return fallback;
}

export function readSettings(env: Env, log: (line: string) => void): LaunchSettings {
  return {
    devServer: devServer(env.VITE_DEV_SERVER_URL, log),
    pushIntervalMs: integer(
      'LOOPCHAT_PUSH_MS',
      env.LOOPCHAT_PUSH_MS,
      DEFAULT_PUSH_INTERVAL_MS,
      100,
      3_600_000,
      log,
    ),
    port: integer('LOOPCHAT_PORT', env.LOOPCHAT_PORT, DEFAULT_PORT, 0, 65_535, log),
  };
}

/**
 * The data folder asked for, from `--data-dir=DIR` (first) or LOOPCHAT_DATA_DIR, as an absolute
 * path; null when neither is given (app.ts then picks DEV_DATA_FOLDER for a run from the
 * sources, Electron's default for an installed app). Lets the e2e spec, `npm start` and an
 * installed app each keep their own history, settings and single-instance lock.
 */
export function dataDirFrom(argv: readonly string[], env: Env, cwd: string): string | null {
  const prefix = `${DATA_DIR_FLAG}=`;
  const fromFlag = argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
  const dir = fromFlag || env.LOOPCHAT_DATA_DIR;
  return dir ? resolve(cwd, dir) : null;
}
