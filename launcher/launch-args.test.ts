import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_FLAG, electronLaunchArgs } from './launch-args';

const separators = /[\\/]$/;

describe('the Electron command line', () => {
  it('passes the app folder and data folder without a trailing separator (Windows)', () => {
    const args = electronLaunchArgs(
      { appDir: 'D:\\a\\loopchat\\loopchat\\', dataDir: 'C:\\Temp\\loopchat-e2e-1\\' },
      path.win32,
    );
    expect(args).toEqual([
      'D:\\a\\loopchat\\loopchat',
      `${DATA_DIR_FLAG}=C:\\Temp\\loopchat-e2e-1`,
    ]);
    for (const arg of args) {
      expect(arg).not.toMatch(separators);
      expect(arg).not.toContain('"');
    }
  });

  it('passes the app folder without a trailing separator (POSIX), as an absolute path', () => {
    const args = electronLaunchArgs({ appDir: '/home/ada/loopchat/out/../' }, path.posix);
    expect(args).toEqual(['/home/ada/loopchat']);
  });

  it('what the e2e spec computes from its own URL ends in a separator; the args do not', () => {
    const fromUrl = new URL('..', 'file:///home/ada/loopchat/e2e/electron.spec.ts').pathname;
    expect(fromUrl).toMatch(separators);
    expect(electronLaunchArgs({ appDir: fromUrl }, path.posix)[0]).not.toMatch(separators);
  });

  it('refuses a path it cannot quote safely: a drive root or one holding a quote', () => {
    expect(() => electronLaunchArgs({ appDir: 'D:\\' }, path.win32)).toThrow('command line');
    expect(() => electronLaunchArgs({ appDir: '/tmp/a"b' }, path.posix)).toThrow('command line');
  });
});
