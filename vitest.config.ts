import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{electron,disk,hub,launcher,terminal,client,protocol,renderer,e2e,bench}/**/*.test.ts',
    ],
    // Hub tests open real sockets on 127.0.0.1; keep them from starving each other on 2 cores.
    testTimeout: 15_000,
  },
});
