// Vitest as Stryker runs it: unit tests only. The packaging test and the benchmarks take minutes
// and kill no mutant in the modules under mutation, so they are left out.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['e2e/**', 'bench/**', 'node_modules/**'],
    },
  }),
);
