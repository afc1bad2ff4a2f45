import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

  it.each([
    ['not JSON', '{"chat": "not a token"', 'is not JSON'],
    ['not a token', '{"chat": "not a token"}', 'is not a valid token file'],
    ['empty', '', 'is empty'],
    ['binary', '\u0000\u0001\u0002', 'holds binary bytes, not text'],
  ])(
    'moves a file that is %s aside (losing nothing), says so in one line, and makes a new token',
    (_what, text, problem) => {
      const dir = temporaryFolder();
      const file = join(dir, TOKENS_FILE);
      writeFileSync(file, text);
      const lines: string[] = [];
      const token = persistentToken(dir, 'chat', (line) => lines.push(line));
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      const aside = readdirSync(dir).filter((name) => name.startsWith(`${TOKENS_FILE}.bad-`));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(text);
      expect(lines).toEqual([
        `  ${file} ${problem}; moved to ${aside[0]}; made new tokens (reopen open tabs from the new link)`,
      ]);
      expect(persistentToken(dir, 'chat', quiet)).toBe(token);
    },
  );

  it('moves a folder where the file belongs aside and makes a new token', () => {
    const dir = temporaryFolder();
    mkdirSync(join(dir, TOKENS_FILE));
    const lines: string[] = [];
    const token = persistentToken(dir, 'chat', (line) => lines.push(line));
    expect(persistentToken(dir, 'chat', quiet)).toBe(token);
    expect(lines.join('\n')).toContain('is a folder, not a file; moved to tokens.json.bad-');
  });
});
