import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, describe, expect, it } from 'vitest';
import { containerEntry, productionEnv, runChild } from './child.js';

const GROUP = '/dashtam/production/app';
const script = `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
  getLogger().info('retention');
  await shutdown();`;

let cw: LocalCloudWatchLogs | undefined;
afterEach(async () => {
  await cw?.stop();
  cw = undefined;
});

async function groupAfterRun(env: Record<string, string>) {
  cw = await LocalCloudWatchLogs.start();
  const run = await runChild(script, productionEnv(cw, env));
  const [group] = cw.store.DescribeLogGroups({ logGroupNamePrefix: GROUP }).logGroups as Record<string, unknown>[];
  return { run, group };
}

describe('log group retention in production mode', () => {
  it('sets 30 days on the group the adapter creates when LOG_RETENTION_DAYS is unset', async () => {
    const { run, group } = await groupAfterRun({});
    expect(run.code).toBe(0);
    expect(group).toMatchObject({ logGroupName: GROUP, retentionInDays: 30 });
  });

  it('keeps logs forever (no retention policy) with LOG_RETENTION_DAYS=never or 0', async () => {
    for (const value of ['never', '0']) {
      const { run, group } = await groupAfterRun({ LOG_RETENTION_DAYS: value });
      expect(run.code).toBe(0);
      expect(group?.logGroupName).toBe(GROUP);
      expect(group).not.toHaveProperty('retentionInDays');
      await cw?.stop();
      cw = undefined;
    }
  });

  it('sets the configured retention, and refuses at startup a value CloudWatch does not accept', async () => {
    const { group } = await groupAfterRun({ LOG_RETENTION_DAYS: '90' });
    expect(group).toMatchObject({ retentionInDays: 90 });
    const bad = await runChild(script, productionEnv(cw as LocalCloudWatchLogs, { LOG_RETENTION_DAYS: '31' }));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidSettingError');
    expect(bad.stderr).toContain('Invalid LOG_RETENTION_DAYS: "31"');
    expect(bad.stderr).toContain('1, 3, 5, 7, 14, 30, 60, 90');
    expect(bad.stderr).toContain('"never"');
  });
});
