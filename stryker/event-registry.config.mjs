// Mutation testing of @dashtam/event-registry (run by `pnpm test:mutation`, not by `npm test`).
// @ts-check
import { baseConfig } from './base.mjs';

const src = 'packages/event-registry/src/';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...baseConfig('event-registry', 80),
  mutate: [`${src}**/*.ts`, `!${src}**/*.test.ts`, `!${src}index.ts`],
};
