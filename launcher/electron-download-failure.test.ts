import { describe, expect, it } from 'vitest';
import {
  ELECTRON_HINT,
  electronUnavailable,
  explainDownloadFailure,
} from './electron-download-failure';

// What install.js really prints here (no route to GitHub), first lines.
const FETCH_FAILED = `TypeError: fetch failed
    at node:internal/deps/undici/undici:14976:13
    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)`;

describe("explaining a failed download of Electron's binary", () => {
  it.each([
    [
      'fetch failed',
      FETCH_FAILED,
      false,
      "no network route to download Electron's binary from GitHub",
    ],
    [
      'ENOTFOUND',
      'TypeError: fetch failed\n  [cause]: Error: getaddrinfo ENOTFOUND github.com',
      false,
      "github.com could not be found (no DNS or no network), so Electron's binary cannot be downloaded",
    ],
    [
      'a connect timeout',
      'TypeError: fetch failed\n  [cause]: ConnectTimeoutError: Connect Timeout Error (UND_ERR_CONNECT_TIMEOUT)',
      false,
      "the download of Electron's binary from GitHub timed out",
    ],
    ['our own timeout', '', true, "the download of Electron's binary from GitHub timed out"],
    [
      'an HTTP error',
      'HTTPError: Response code 404 (Not Found) for https://github.com/electron/electron/releases/download/v45.3.4/electron-v45.3.4-linux-x64.zip',
      false,
      "GitHub answered HTTP 404 Not Found to the download of Electron's binary",
    ],
  ])('says %s in words', (_name, output, timedOut, expected) => {
    const why = explainDownloadFailure({ output, timedOut });
    expect(why).toBe(expected);
    expect(why).not.toMatch(/TypeError|fetch failed/);
  });

  it('keeps an unknown failure to one bounded line', () => {
    const why = explainDownloadFailure({
      output: `\nError: ${'x'.repeat(500)}\n    at somewhere (file.js:1:1)`,
      timedOut: false,
    });
    expect(why.startsWith('its download failed: Error: xxx')).toBe(true);
    expect(why).not.toContain('\n');
    expect(why.length).toBeLessThanOrEqual(150);
  });

  it('says how to supply Electron in one line, naming the override', () => {
    expect(ELECTRON_HINT).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(ELECTRON_HINT).toContain('github.com');
    expect(ELECTRON_HINT).not.toContain('\n');
    expect(electronUnavailable('x')).toBe('Electron is not available (x)');
  });
});
