// Mutation testing of the CloudWatch adapter's batching, retry and delivery logic (run by
// `pnpm test:mutation`, part of `npm test`): the files that decide what is sent, when, how often
// it is retried and where a refused record goes. Delivery is split by job (issue #15): the queue,
// the sender, provisioning and the flush barrier, behind the thin `delivery.ts` facade.
// @ts-check
import { baseConfig } from './base.mjs';

const src = 'packages/adapter-cloudwatch/src/';

/** The floor `scripts/check-mutation.mjs` holds the merged (incremental) result to. */
export const scoreGroups = [{ name: 'adapter-cloudwatch batching, retry and delivery', min: 80, rest: true }];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // Issue #15's target: 80%. The run fails under it (thresholds.break); see CONTRIBUTING.md for
  // the latest score of each file.
  ...baseConfig('adapter-cloudwatch', 80),
  // The unit tests beside the code only (a mocked client, fake timers, no sockets): the
  // integration tests under test/ start a local CloudWatch endpoint and real processes, which
  // would make a run take more than half an hour.
  vitest: { configFile: 'stryker/vitest.adapter-cloudwatch.config.ts', related: false },
  mutate: [
    'batch.ts',
    'retry.ts',
    'aws-errors.ts',
    'counters.ts',
    'counted-fallback.ts',
    'line-store.ts',
    'queue.ts',
    'in-flight.ts',
    'sender.ts',
    'provisioning.ts',
    'flush-barrier.ts',
    'delivery.ts',
  ].map((file) => `${src}${file}`),
};
