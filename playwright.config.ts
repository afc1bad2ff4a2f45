import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot work on these machines.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Chromium refuses to run as root with its sandbox; CI and these machines run as root.
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // Two workers on two cores: a test that opens three pages takes 20-35 s on a busy machine.
  // The bound is there to end a hang, not to pace a test.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testIgnore: /electron\.spec\.ts/,
      use: { launchOptions: { executablePath: chromiumPath, args: chromiumArgs } },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
