import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs, RETENTION_DAYS } from '@dashtam/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDWATCH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, isCloudWatchRetentionDays } from '../src/retention.js';
import { credentials } from './helpers.js';

// CLOUDWATCH_RETENTION_DAYS is the one copy the published packages use (the container validates
// LOG_RETENTION_DAYS with it). The local endpoint keeps its own list on purpose: it models the
// service and judges the adapter, and it cannot import the adapter anyway (the adapter's tests
// depend on it: a cycle). This is where the two must agree.
let cw: LocalCloudWatchLogs;
let client: CloudWatchLogsClient;
beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
  client = new CloudWatchLogsClient({ endpoint: cw.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await cw.stop();
});

describe('CLOUDWATCH_RETENTION_DAYS', () => {
  it('is the list the local CloudWatch endpoint accepts', () => {
    expect([...CLOUDWATCH_RETENTION_DAYS]).toEqual(RETENTION_DAYS);
  });

  it('holds only periods PutRetentionPolicy accepts, and the endpoint refuses what is not in it', async () => {
    const logGroupName = '/dashtam/test/retention';
    await client.send(new CreateLogGroupCommand({ logGroupName }));
    for (const retentionInDays of CLOUDWATCH_RETENTION_DAYS) {
      await client.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }));
      const { logGroups } = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
      expect(logGroups?.[0]?.retentionInDays).toBe(retentionInDays);
    }
    for (const retentionInDays of [0, 2, 31, 366, 3654]) {
      expect(isCloudWatchRetentionDays(retentionInDays)).toBe(false);
      await expect(client.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }))).rejects.toThrow(
        /retentionInDays/,
      );
    }
  });

  it('contains the default and is what isCloudWatchRetentionDays accepts', () => {
    expect(CLOUDWATCH_RETENTION_DAYS).toContain(DEFAULT_RETENTION_DAYS);
    expect(CLOUDWATCH_RETENTION_DAYS.every((d) => isCloudWatchRetentionDays(d))).toBe(true);
    expect(isCloudWatchRetentionDays('30')).toBe(false);
    expect(Object.isFrozen(CLOUDWATCH_RETENTION_DAYS)).toBe(true);
  });
});
