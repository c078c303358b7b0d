// Mutation testing of @dashtam/logger-protocol (run by `npm test`): every source file but the
// public index and the test helpers. `scripts/check-mutation.mjs` then holds the redaction,
// serialisation and record path to 90% and the rest to 80%.
// @ts-check
import { fileURLToPath } from 'node:url';

// pnpm keeps each package's dependencies apart, so Stryker cannot find the runner plugin by its
// `@stryker-mutator/*` glob: it is given by path.
const vitestRunner = fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner'));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  plugins: [vitestRunner],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Mutants in module-level constants (the pattern and key tables) need a fresh module load per
  // mutant: 29% of the mutants for 73% of the time. They are left out; the tables are pinned by
  // the corpus tests instead (every class of secret, every look-alike).
  ignoreStatic: true,
  mutate: [
    'packages/logger-protocol/src/**/*.ts',
    '!packages/logger-protocol/src/**/*.test.ts',
    '!packages/logger-protocol/src/index.ts',
    '!packages/logger-protocol/src/testing/**',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/logger-protocol.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
