// Mutation testing of @dashtam/event-registry (run by `pnpm test:mutation`, part of `npm test`).
// @ts-check
import { baseConfig } from './base.mjs';

const src = 'packages/event-registry/src/';

/** The floor `scripts/check-mutation.mjs` holds the merged (incremental) result to. */
export const scoreGroups = [{ name: 'event-registry', min: 80, rest: true }];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...baseConfig('event-registry', 80),
  mutate: [`${src}**/*.ts`, `!${src}**/*.test.ts`, `!${src}index.ts`],
};
