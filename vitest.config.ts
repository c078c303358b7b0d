import { defaultServerConditions, defineConfig } from 'vite';

// Tests run against package sources, no build needed: the custom export condition comes first.
// 'module' is left out of the server conditions on purpose: keeping it breaks the AWS SDK.
const conditions = ['@dashtam/source', ...defaultServerConditions.filter((c) => c !== 'module')];

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
