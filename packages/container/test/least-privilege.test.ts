import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, productionEnv, runChild } from './child.js';

const GROUP = '/dashtam/production/app';

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

describe('production mode with a role that may only call PutLogEvents', () => {
  it('delivers every record to the group and stream the operator created, and calls nothing else', async () => {
    // The operator provisions the group and the day's stream (tomorrow's too, should the test run
    // across midnight UTC); the role may call PutLogEvents and nothing else.
    cw.store.CreateLogGroup({ logGroupName: GROUP });
    for (const time of [Date.now(), Date.now() + 24 * 3600_000]) {
      cw.store.CreateLogStream({
        logGroupName: GROUP,
        logStreamName: `child/${new Date(time).toISOString().slice(0, 10)}`,
      });
    }
    cw.policy.allowOnly(['PutLogEvents']);
    const run = await runChild(
      `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
       for (let i = 0; i < 1000; i++) getLogger().info('least privilege', { i });
       await shutdown();`,
      productionEnv(cw),
    );
    expect(run.code).toBe(0);
    const stored = cw.store
      .streamNames(GROUP)
      .flatMap((s) => cw.store.messages(GROUP, s))
      .map((m) => JSON.parse(m).i);
    expect(new Set(stored).size).toBe(1000);
    expect(stored).toHaveLength(1000);
    expect(jsonLines(run.stderr)).toEqual([]);
    for (const op of [
      'CreateLogGroup',
      'CreateLogStream',
      'PutRetentionPolicy',
      'DescribeLogGroups',
      'DescribeLogStreams',
    ]) {
      expect(cw.calls(op)).toBe(0);
    }
  });
});
