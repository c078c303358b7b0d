import { cpus } from 'node:os';
import { defaultServerConditions, defineConfig } from 'vite';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Tests run against package sources, no build needed: the custom export condition comes first.
// 'module' is left out of the server conditions on purpose: keeping it breaks the AWS SDK.
const conditions = ['@dashtam/source', ...defaultServerConditions.filter((c) => c !== 'module')];

// Test files that spend most of their time waiting on child processes (npm, pnpm, tsc, verdaccio):
// started first, so that the rest of the suite runs beside them instead of after them. A clean
// clone has no timing cache for vitest to sort by, and by file size these would start last.
const LONG_FILES = [
  'scripts/test/release-local.test.ts',
  'scripts/test/express-types.test.ts',
  'scripts/test/consumer.test.ts',
  'scripts/test/commonjs-consumer.test.ts',
  'packages/adapter-cloudwatch/test/cloudwatch-sink.test.ts',
  'packages/cli/test/tail.test.ts',
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FILES.findIndex((name) => f.moduleId.replaceAll('\\', '/').endsWith(name));
      return i === -1 ? LONG_FILES.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  ssr: { resolve: { conditions, externalConditions: conditions } },
  resolve: { conditions },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'scripts/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
    ],
    environment: 'node',
    // vitest's default in a run is one worker less than the cores: one worker on a 2-core machine,
    // where many test files wait on sockets and child processes (npm, tsc, servers) rather than
    // compute. One worker more than the cores keeps both busy (figures in CONTRIBUTING.md);
    // `--maxWorkers N` on the command line overrides it.
    maxWorkers: cpus().length + 1,
    sequence: { sequencer: LongFilesFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/index.ts', 'packages/*/src/**/*.d.ts'],
      // Lines, statements, functions and branches are all reported, in total and per file.
      reporter: ['text-summary', 'text'],
      reportOnFailure: true,
      // The spec (8.4): 90%+ for the adapters, 85%+ in total. The total is held at 90, where it
      // already was (above the spec's floor); each adapter package is held to 90 on its own
      // (vitest checks the global threshold over every file, the globs' files included).
      thresholds: {
        lines: 90,
        'packages/adapter-cloudwatch/src/**': { lines: 90 },
        'packages/adapter-console/src/**': { lines: 90 },
        'packages/adapter-otlp/src/**': { lines: 90 },
        // The write loop both adapters' output goes through.
        'packages/fd-writer/src/**': { lines: 90 },
      },
    },
  },
});
