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
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
