import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBrowserDataDir, ensureDataFolder } from './data-folder';
import { persistentToken, TOKENS_FILE } from './token-store';

const folders: string[] = [];
const quiet = () => undefined;

function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-tokens-'));
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe("browser mode's data folder", () => {
  it.each([
    ['linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/x/cfg/Loopchat/browser-mode'],
    ['linux', {}, '/home/ada/.config/Loopchat/browser-mode'],
    ['darwin', {}, '/home/ada/Library/Application Support/Loopchat/browser-mode'],
    ['win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'Loopchat'],
  ] as const)(
    'on %s with %o is where the Electron app keeps its own, in browser-mode/',
    (platform, env, expected) => {
      const dir = defaultBrowserDataDir({ platform, home: '/home/ada', env });
      if (platform === 'win32') expect(dir).toContain(expected);
      else expect(dir).toBe(expected);
    },
  );

  it.runIf(posix)('is created for the user alone (0700)', () => {
    const dir = join(temporaryFolder(), 'Loopchat', 'browser-mode');
    ensureDataFolder(dir);
    expect(mode(dir)).toBe(0o700);
  });
});

describe("browser mode's token file", () => {
  it('gives the same chat token on every start, from a file only the user can read', () => {
    const dir = temporaryFolder();
    const first = persistentToken(dir, 'chat', quiet);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(persistentToken(dir, 'chat', quiet)).toBe(first);
    const file = join(dir, TOKENS_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ chat: first });
    if (posix) expect(mode(file)).toBe(0o600);
  });

  it('keeps other capabilities when it adds one', () => {
    const dir = temporaryFolder();
    const chat = persistentToken(dir, 'chat', quiet);
    const consoleToken = persistentToken(dir, 'console', quiet);
    expect(consoleToken).not.toBe(chat);
    expect(JSON.parse(readFileSync(join(dir, TOKENS_FILE), 'utf8'))).toEqual({
      chat,
      console: consoleToken,
    });
    expect(persistentToken(dir, 'chat', quiet)).toBe(chat);
  });

  it('moves an unreadable file aside (losing nothing), says so, and makes a new token', () => {
    const dir = temporaryFolder();
    const file = join(dir, TOKENS_FILE);
    writeFileSync(file, '{"chat": "not a token"');
    const lines: string[] = [];
    const token = persistentToken(dir, 'chat', (line) => lines.push(line));
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(`${file}.bad`, 'utf8')).toBe('{"chat": "not a token"');
    expect(lines.join('\n')).toMatch(/unreadable \(not JSON.*moved to tokens\.json\.bad/);
  });
});
