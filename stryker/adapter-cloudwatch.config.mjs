// Mutation testing of the CloudWatch adapter's batching, retry and delivery logic (run by
// `pnpm test:mutation`, not by `npm test`): the files that decide what is sent, when, how often
// it is retried and where a refused record goes.
// @ts-check
import { baseConfig } from './base.mjs';

const src = 'packages/adapter-cloudwatch/src/';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...baseConfig('adapter-cloudwatch', 80),
  mutate: [`${src}batch.ts`, `${src}retry.ts`, `${src}delivery.ts`],
};
