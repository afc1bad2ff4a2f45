import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executableName, locateElectronBinary, type BinaryLookup } from './electron-binary';

const PKG = '/repo/node_modules/electron';

function lookup(files: Record<string, string>, extra: Partial<BinaryLookup> = {}): BinaryLookup {
  return {
    pkgDir: PKG,
    env: {},
    platform: 'linux',
    exists: (path) => path in files,
    readFile: (path) => files[path] ?? '',
    ...extra,
  };
}

describe('finding the Electron binary (no download)', () => {
  it('uses path.txt and dist/ after a normal download', () => {
    const binary = join(PKG, 'dist', 'electron');
    expect(
      locateElectronBinary(lookup({ [join(PKG, 'path.txt')]: 'electron', [binary]: '' })),
    ).toEqual({ ok: true, path: binary });
  });

  it('says the binary has not been downloaded when there is no path.txt', () => {
    const found = locateElectronBinary(lookup({}));
    expect(found).toEqual({ ok: false, why: 'its binary has not been downloaded' });
  });

  it.each(['linux', 'win32', 'darwin'] as const)(
    'honours ELECTRON_OVERRIDE_DIST_PATH without path.txt on %s',
    (platform) => {
      const dist = '/opt/electron-45/dist';
      const binary = join(dist, executableName(platform));
      const found = locateElectronBinary(
        lookup({ [binary]: '' }, { platform, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } }),
      );
      expect(found).toEqual({ ok: true, path: binary });
    },
  );

  it('names each platform the way the electron package does', () => {
    expect(executableName('win32')).toBe('electron.exe');
    expect(executableName('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(executableName('linux')).toBe('electron');
  });

  it('says where it looked when the override holds no Electron', () => {
    const found = locateElectronBinary(
      lookup({}, { env: { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' } }),
    );
    expect(found).toEqual({
      ok: false,
      why: `ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${join('/nowhere', 'electron')}`,
    });
  });
});
