import { describe, expect, it } from 'vitest';
import { explainElectronExit, userNamespacesRestricted } from './electron-exit';

const ubuntu = {
  platform: 'linux' as const,
  userNamespacesRestricted: true,
  electronPath: '/home/ada/loopchat/node_modules/electron/dist/electron',
};

describe("explaining Electron's exit", () => {
  it('explains exit code 133 on Linux as the sandbox, with the AppArmor fix for this binary', () => {
    const text = explainElectronExit(133, ubuntu) ?? '';
    expect(text).toContain('exit code 133');
    expect(text).toContain('forbids unprivileged user namespaces');
    expect(text).toContain(`profile loopchat-dev "${ubuntu.electronPath}"`);
    expect(text).toContain('kernel.apparmor_restrict_unprivileged_userns=0');
    expect(text).toContain('npm run web');
    // Never advice to turn the sandbox off.
    expect(text).not.toContain('--no-sandbox');
  });

  it('still explains 133 where the restriction cannot be read', () => {
    const text = explainElectronExit(133, { ...ubuntu, userNamespacesRestricted: null });
    expect(text).toContain('could not start its sandbox');
  });

  it('adds nothing for an ordinary exit or on another OS', () => {
    expect(explainElectronExit(0, ubuntu)).toBeNull();
    expect(explainElectronExit(130, ubuntu)).toBeNull();
    expect(explainElectronExit(133, { ...ubuntu, platform: 'darwin' })).toBeNull();
  });

  it('reads the AppArmor setting, and treats a kernel without it as unknown', () => {
    expect(userNamespacesRestricted(() => '1\n')).toBe(true);
    expect(userNamespacesRestricted(() => '0\n')).toBe(false);
    expect(
      userNamespacesRestricted(() => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
  });
});
