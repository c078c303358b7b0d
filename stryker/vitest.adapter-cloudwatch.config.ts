import { defineConfig } from 'vite';
import base from '../vitest.config.ts';

// The CloudWatch adapter's unit tests only (a mocked client, no sockets or processes), for its
// mutation run: see adapter-cloudwatch.config.mjs.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['packages/adapter-cloudwatch/src/**/*.test.ts'] },
});
