import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// `npm run screenshots`: regenerates the README's pictures from the real app in browser mode.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.shot.ts',
  workers: 1,
  timeout: 120_000,
  projects: base.projects
    ?.filter((p) => p.name === 'browser')
    .map((p) => ({ ...p, testIgnore: [] })),
});
