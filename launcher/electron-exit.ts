// Why Electron stopped, in words, when the reason is one `npm start` can recognise. On Linux
// an exit code of 133 (128 + SIGTRAP) at start-up is Chromium refusing to run without its
// sandbox: on Ubuntu 24.04 and later AppArmor forbids unprivileged user namespaces
// (kernel.apparmor_restrict_unprivileged_userns = 1), and node_modules/electron/dist/chrome-sandbox
// is not a setuid-root helper either, so neither sandbox can start and Chromium aborts.

import { readFileSync } from 'node:fs';

/** What the launcher knows about the machine, injectable for tests. */
export interface SandboxFacts {
  platform: NodeJS.Platform;
  /** kernel.apparmor_restrict_unprivileged_userns: true when 1, null when unknown. */
  userNamespacesRestricted: boolean | null;
  /** The Electron binary that was run (for the AppArmor profile's path). */
  electronPath: string;
}

/** SIGTRAP is 5 on Linux; a shell reports a death by signal N as 128 + N. */
export const SANDBOX_ABORT_CODE = 133;

const SYSCTL = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

export function userNamespacesRestricted(read = (path: string) => readFileSync(path, 'utf8')) {
  try {
    return read(SYSCTL).trim() === '1';
  } catch {
    return null; // no such setting: not an AppArmor-restricted kernel
  }
}

/** The explanation for Electron's exit, or null when there is nothing to add. */
export function explainElectronExit(code: number, facts: SandboxFacts): string | null {
  if (facts.platform !== 'linux' || code !== SANDBOX_ABORT_CODE) return null;
  const cause =
    facts.userNamespacesRestricted === true
      ? 'This system forbids unprivileged user namespaces (AppArmor, as on Ubuntu 24.04 and later)'
      : 'Chromium could not start its sandbox on this system';
  return [
    `Electron stopped at start-up (exit code ${code}). ${cause}, and Loopchat does not run`,
    'without the sandbox. Any one of these lets it start:',
    '  - allow this Electron through AppArmor: create /etc/apparmor.d/loopchat-dev holding',
    '      abi <abi/4.0>,',
    '      include <tunables/global>',
    `      profile loopchat-dev "${facts.electronPath}" flags=(unconfined) {`,
    '        userns,',
    '      }',
    '    then run: sudo apparmor_parser -r /etc/apparmor.d/loopchat-dev',
    '  - or, until the next reboot: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
    '  - or use the browser instead: npm run web',
    'See docs/packaging.md ("Linux and the Chromium sandbox").',
  ].join('\n');
}
