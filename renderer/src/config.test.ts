import { describe, expect, it } from 'vitest';
import { browserModeConfig, checkConfig, type BrowserModeDeps } from './config';
import { MemoryStore } from '../../client/storage';

const TOKEN = 'cd'.repeat(32);

function deps(session = new MemoryStore(), allowHubOverride = false): BrowserModeDeps {
  let n = 0;
  return { session, randomId: () => `key-${++n}`, random: () => 0, allowHubOverride };
}

describe('browser mode config', () => {
  it('takes the token from the fragment and the hub from the page port', () => {
    const result = browserModeConfig({ hash: `#token=${TOKEN}`, search: '', port: '8005' }, deps());
    expect(result).toEqual({
      ok: true,
      config: {
        hubUrl: 'ws://127.0.0.1:8005',
        token: TOKEN,
        windowKey: 'key-1',
        defaultName: 'Amber Badger',
      },
    });
  });

  it('keeps identity and token for the tab across a reload', () => {
    const session = new MemoryStore();
    const first = browserModeConfig(
      { hash: `#token=${TOKEN}`, search: '', port: '8005' },
      deps(session),
    );
    const reloaded = browserModeConfig({ hash: '', search: '', port: '8005' }, deps(session));
    expect(reloaded).toEqual(first);
  });

  it('explains what to do when there is no token', () => {
    const result = browserModeConfig({ hash: '', search: '', port: '8005' }, deps());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/#token=/);
  });

  it('lets ?hub= point at another hub only when allowed (dev server)', () => {
    const location = { hash: `#token=${TOKEN}`, search: '?hub=ws://127.0.0.1:9000', port: '5173' };
    const dev = browserModeConfig(location, deps(new MemoryStore(), true));
    const prod = browserModeConfig(location, deps(new MemoryStore(), false));
    expect(dev.ok && dev.config.hubUrl).toBe('ws://127.0.0.1:9000');
    expect(prod.ok && prod.config.hubUrl).toBe('ws://127.0.0.1:5173');
  });

  it('refuses hubs off the loopback address and malformed tokens', () => {
    const good = { hubUrl: 'ws://127.0.0.1:8005', token: TOKEN, windowKey: 'w', defaultName: 'A' };
    expect(checkConfig(good).ok).toBe(true);
    expect(checkConfig({ ...good, hubUrl: 'ws://evil.example:8005' }).ok).toBe(false);
    expect(checkConfig({ ...good, token: 'not hex!' }).ok).toBe(false);
  });
});
