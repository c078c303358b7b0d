import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adapterFor } from './helpers.js';

// The spec's checklist: the operator creates the group (and here the stream) and gives the task a
// role that may call PutLogEvents and nothing else.
let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

const records = (lines: Record<string, unknown>[]) => lines.filter((l) => l.source !== 'dashtam-cloudwatch-adapter');

describe('CloudWatchSink with a least-privilege role (local endpoint answering like IAM)', () => {
  it('delivers every record with a role that may only call PutLogEvents, to a group and stream the operator made', async () => {
    const { logger, logGroup, fallback } = adapterFor(cw);
    cw.store.CreateLogGroup({ logGroupName: logGroup });
    cw.store.CreateLogStream({ logGroupName: logGroup, logStreamName: 'stream' });
    cw.policy.allowOnly(['PutLogEvents']);
    for (let i = 0; i < 1000; i++) logger.info('least privilege', { i });
    await logger.close();
    expect(cw.store.messages(logGroup, 'stream')).toHaveLength(1000);
    expect(logger.stats()).toMatchObject({ enqueued: 1000, delivered: 1000, fallback: 0 });
    expect(fallback.lines()).toEqual([]);
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

  it('creates the missing day stream when PutLogEvents says ResourceNotFound, taking a denied CreateLogGroup as provisioned', async () => {
    const { logger, logGroup, fallback } = adapterFor(cw, { logStream: undefined, instanceId: 'i-1' });
    cw.store.CreateLogGroup({ logGroupName: logGroup });
    cw.policy.allowOnly(['PutLogEvents', 'CreateLogStream']);
    for (let i = 0; i < 10; i++) logger.info('new stream', { i });
    await logger.close();
    const [stream] = cw.store.streamNames(logGroup);
    expect(cw.store.messages(logGroup, stream as string)).toHaveLength(10);
    expect(logger.stats()).toMatchObject({ delivered: 10, fallback: 0 });
    expect(records(fallback.lines())).toEqual([]);
  });

  it('creates group, retention and stream when the role may and the group is missing', async () => {
    const { logger, logGroup, fallback } = adapterFor(cw);
    logger.info('from scratch');
    await logger.close();
    expect(cw.store.messages(logGroup, 'stream')).toHaveLength(1);
    expect(cw.store.DescribeLogGroups({ logGroupNamePrefix: logGroup })).toMatchObject({
      logGroups: [{ retentionInDays: 30 }],
    });
    expect(fallback.lines()).toEqual([]);
  });

  it('writes the records to the fallback, counted, when the stream is missing and the role may not create it', async () => {
    const { logger, logGroup, fallback } = adapterFor(cw);
    cw.store.CreateLogGroup({ logGroupName: logGroup });
    cw.policy.allowOnly(['PutLogEvents']);
    for (let i = 0; i < 5; i++) logger.info('nowhere to go', { i });
    await logger.close();
    expect(records(fallback.lines()).map((l) => l.i)).toEqual([0, 1, 2, 3, 4]);
    expect(logger.stats()).toMatchObject({ delivered: 0, fallback: 5 });
    const reports = fallback.lines().filter((l) => l.source === 'dashtam-cloudwatch-adapter');
    expect(reports.some((r) => String(r.error).startsWith('AccessDeniedException'))).toBe(true);
  });
});
