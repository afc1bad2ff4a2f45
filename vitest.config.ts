import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{electron,disk,hub,launcher,terminal,client,protocol,renderer,e2e,bench}/**/*.test.ts',
    ],
    // Hub tests open real sockets on 127.0.0.1; keep them from starving each other on 2 cores.
    testTimeout: 15_000,
    // Vitest's default is one worker fewer than the cores: a single worker on 2 cores, while
    // most tests wait on sockets and timers. Two keep both cores busy (docs/testing.md).
    maxWorkers: 2,
  },
});
