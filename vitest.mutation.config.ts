// Vitest as Stryker runs it: unit tests only. Left out because they take seconds to minutes and
// kill no mutant in the modules under mutation: the packaging test and the benchmarks, the fuzz
// run (hub/fuzz.test.ts), and crash recovery (hub/crash-recovery.test.ts), whose hub is an
// esbuild bundle in a child process, outside Stryker's reach. Every module's own tests stay in.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      // Stryker runs its own test runners side by side (--concurrency): one worker each.
      maxWorkers: 1,
      exclude: [
        'e2e/**',
        'bench/**',
        'node_modules/**',
        'hub/fuzz.test.ts',
        'hub/crash-recovery.test.ts',
      ],
    },
  }),
);
