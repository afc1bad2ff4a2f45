// Where this window's WindowConfig comes from: the Electron preload (`window.loopchat`), or,
// in browser mode, the page's own URL (served by the hub at http://127.0.0.1:PORT/#token=…).

import { BRIDGE_KEY, type LoopchatBridge, type WindowConfig } from '../../protocol/bridge';
import { LIMITS } from '../../protocol/messages';
import { readText, writeText, type KeyValueStore } from '../../client/storage';
import { t } from './i18n';
import { friendlyName } from './names';

declare global {
  interface Window {
    [BRIDGE_KEY]?: LoopchatBridge;
  }
}

export type ConfigResult = { ok: true; config: WindowConfig } | { ok: false; problem: string };

export interface PageLocation {
  hash: string;
  search: string;
  port: string;
}

export interface BrowserModeDeps {
  /** sessionStorage: per tab, survives a reload. */
  session: KeyValueStore;
  randomId: () => string;
  random: () => number;
  /** Vite dev server only: `?hub=ws://127.0.0.1:PORT` points the page at a running hub. */
  allowHubOverride: boolean;
}

const SESSION_KEYS = {
  windowKey: 'loopchat.windowKey',
  defaultName: 'loopchat.defaultName',
  token: 'loopchat.token',
};

const HUB_URL = /^ws:\/\/127\.0\.0\.1:\d{1,5}\/?$/;
const TOKEN = /^[0-9a-f]{16,256}$/i;

/** Refuses a config the hub could never accept, with a sentence a user can act on. */
export function checkConfig(config: WindowConfig): ConfigResult {
  if (!HUB_URL.test(config.hubUrl)) {
    return { ok: false, problem: t('config.badHub', { url: config.hubUrl }) };
  }
  if (!TOKEN.test(config.token)) {
    return { ok: false, problem: t('config.badToken') };
  }
  if (config.windowKey.length === 0 || config.windowKey.length > LIMITS.maxIdLength) {
    return { ok: false, problem: t('config.noIdentity') };
  }
  const defaultName = config.defaultName.trim().slice(0, LIMITS.maxNameLength) || 'Anonymous';
  return { ok: true, config: { ...config, defaultName } };
}

function remembered(session: KeyValueStore, key: string, make: () => string): string {
  const existing = readText(session, key);
  if (existing) return existing;
  const made = make();
  writeText(session, key, made);
  return made;
}

export function browserModeConfig(location: PageLocation, deps: BrowserModeDeps): ConfigResult {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromFragment) writeText(deps.session, SESSION_KEYS.token, fromFragment);
  const token = fromFragment ?? readText(deps.session, SESSION_KEYS.token);
  if (!token) {
    return {
      ok: false,
      problem: t('config.noToken'),
    };
  }
  const override = deps.allowHubOverride ? new URLSearchParams(location.search).get('hub') : null;
  // Always 127.0.0.1 (even if the page was opened as localhost): the CSP allows only that.
  const hubUrl = override ?? `ws://127.0.0.1:${location.port || '80'}`;
  return checkConfig({
    hubUrl,
    token,
    windowKey: remembered(deps.session, SESSION_KEYS.windowKey, deps.randomId),
    defaultName: remembered(deps.session, SESSION_KEYS.defaultName, () =>
      friendlyName(deps.random),
    ),
  });
}

/** Reads the config for this page: from the Electron bridge if there is one. */
export async function loadConfig(deps: BrowserModeDeps): Promise<ConfigResult> {
  const bridge = window[BRIDGE_KEY];
  if (!bridge) return browserModeConfig(window.location, deps);
  try {
    return checkConfig(await bridge.getConfig());
  } catch (err) {
    return { ok: false, problem: t('config.unreadable', { error: String(err) }) };
  }
}
