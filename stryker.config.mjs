// Mutation testing (`npm run test:mutation`): which single faults in these modules would the unit
// tests miss? Not part of `npm test` (it takes minutes); pass `--mutate <file>` to narrow it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: [
    'protocol/validate.ts',
    'protocol/field-checks.ts',
    'hub/history.ts',
    'hub/history-file.ts',
    'hub/handshake.ts',
    'hub/token.ts',
    'hub/rate-limit.ts',
    'hub/hub.ts',
    'hub/chat-room.ts',
    'hub/turn-batcher.ts',
    'hub/transport.ts',
    'hub/connection.ts',
    'hub/console-admin.ts',
    'client/outbox.ts',
    'client/chat-log.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
