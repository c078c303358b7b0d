// Options every mutation config shares. Each config adds `mutate`, its report file and its floor.
// @ts-check
import { fileURLToPath } from 'node:url';

// pnpm keeps each package's dependencies apart, so Stryker cannot find the runner plugin by its
// `@stryker-mutator/*` glob: it is given by path.
const vitestRunner = fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner'));

/**
 * @param {string} name the report's name (`reports/mutation/<name>.json`) and temp folder
 * @param {number} floor `thresholds.break`: the run fails under this mutation score
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function baseConfig(name, floor) {
  return {
    plugins: [vitestRunner],
    testRunner: 'vitest',
    // Only the test files that import a mutated file (directly or not) run for it.
    vitest: { configFile: 'vitest.config.ts', related: true },
    coverageAnalysis: 'perTest',
    // Mutants in module-level constants (tables of keys, patterns, defaults) need a fresh module
    // load per mutant: in logger-protocol 29% of the mutants for 73% of the time. They are left
    // out; the tables are pinned by the corpus tests instead (every class of secret, every look-alike).
    ignoreStatic: true,
    reporters: ['clear-text', 'progress', 'json'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    // Incremental: the result of the last run is committed (stryker/incremental/<name>.json), and a
    // run re-tests only the mutants whose code changed or whose covering tests changed, reusing
    // the rest; the JSON report above (and so the floors) is the merged result. `--force` (what
    // `pnpm test:mutation:full` passes) re-tests every mutant and rewrites the file.
    incremental: true,
    incrementalFile: `stryker/incremental/${name}.json`,
    thresholds: { high: 90, low: floor, break: floor },
    concurrency: 2,
    // One temp folder per config, so that two runs never share a sandbox; the parent folder is
    // not copied into a sandbox (another run's files come and go there).
    tempDirName: `.stryker-tmp/${name}`,
    ignorePatterns: ['/.stryker-tmp', '/reports', '/coverage'],
    cleanTempDir: 'always',
  };
}
