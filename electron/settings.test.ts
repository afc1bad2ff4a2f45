import { describe, expect, it } from 'vitest';
import { createOriginCheck, originOf } from './origins';
import { readSettings } from './settings';

function read(env: Record<string, string>) {
  const logs: string[] = [];
  return { settings: readSettings(env, (line) => logs.push(line)), logs };
}

describe('launch settings', () => {
  it('defaults to port 8005, a 3 s push and no dev server', () => {
    expect(read({}).settings).toEqual({ devServer: null, pushIntervalMs: 3000, port: 8005 });
  });

  it('takes the push interval and port from the environment', () => {
    const { settings } = read({ LOOPCHAT_PUSH_MS: '750', LOOPCHAT_PORT: '0' });
    expect(settings).toMatchObject({ pushIntervalMs: 750, port: 0 });
  });

  it('reports and ignores values that are not usable numbers', () => {
    const { settings, logs } = read({ LOOPCHAT_PUSH_MS: 'fast', LOOPCHAT_PORT: '70000' });
    expect(settings).toMatchObject({ pushIntervalMs: 3000, port: 8005 });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toContain('LOOPCHAT_PUSH_MS=fast');
  });

  it('accepts only a plain-http loopback dev server', () => {
    expect(read({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173' }).settings.devServer).toEqual({
      url: 'http://127.0.0.1:5173/',
      origin: 'http://127.0.0.1:5173',
    });
    for (const url of ['https://example.com', 'http://192.168.1.2:5173', 'file:///tmp', 'nope']) {
      const { settings, logs } = read({ VITE_DEV_SERVER_URL: url });
      expect(settings.devServer, url).toBeNull();
      expect(logs, url).toHaveLength(1);
    }
  });
});

describe('origin checks', () => {
  it('gives app://loopchat a real origin, unlike Node URL', () => {
    expect(originOf('app://loopchat/index.html?x#y')).toBe('app://loopchat');
    expect(originOf('http://127.0.0.1:5173/src/main.ts')).toBe('http://127.0.0.1:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('matches origins exactly', () => {
    const trusted = createOriginCheck(['app://loopchat', 'http://127.0.0.1:5173']);
    expect(trusted('app://loopchat/index.html')).toBe(true);
    expect(trusted('http://127.0.0.1:5173/')).toBe(true);
    expect(trusted('app://loopchat.evil.example/')).toBe(false);
    expect(trusted('http://127.0.0.1:5174/')).toBe(false);
    expect(trusted('https://127.0.0.1:5173/')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
  });
});
