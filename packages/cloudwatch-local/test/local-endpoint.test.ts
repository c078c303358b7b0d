import { once } from 'node:events';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCloudWatchLogs } from '../src/server.js';

let cw: LocalCloudWatchLogs;
let client: CloudWatchLogsClient;
const now = Date.now();

beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
  client = new CloudWatchLogsClient({
    endpoint: cw.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await cw.stop();
});

const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: Error) => e.name,
  );

describe('local CloudWatch Logs endpoint, through the real SDK', () => {
  it('creates groups and streams, answers already-exists and not-found like AWS', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/t/app' }));
    expect(await errorName(client.send(new CreateLogGroupCommand({ logGroupName: '/t/app' })))).toBe(
      'ResourceAlreadyExistsException',
    );
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'i-1/2025-01-01' }));
    expect(
      await errorName(
        client.send(new CreateLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'i-1/2025-01-01' })),
      ),
    ).toBe('ResourceAlreadyExistsException');
    expect(
      await errorName(client.send(new CreateLogStreamCommand({ logGroupName: '/nope', logStreamName: 's' }))),
    ).toBe('ResourceNotFoundException');
    await client.send(new PutRetentionPolicyCommand({ logGroupName: '/t/app', retentionInDays: 30 }));
    expect(
      await errorName(client.send(new PutRetentionPolicyCommand({ logGroupName: '/t/app', retentionInDays: 31 }))),
    ).toBe('InvalidParameterException');
    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/t/' }));
    expect(groups.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/t/app', 30]]);
    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/t/app' }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['i-1/2025-01-01']);
  });

  it('stores events and reads them back in pages, and filters them', async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'read' }));
    const logEvents = Array.from({ length: 10_000 }, (_, i) => ({ timestamp: now + i, message: `{"i":${i}}` }));
    const put = await client.send(
      new PutLogEventsCommand({ logGroupName: '/t/app', logStreamName: 'read', logEvents }),
    );
    expect(put.rejectedLogEventsInfo).toBeUndefined();
    const page1 = await client.send(
      new GetLogEventsCommand({ logGroupName: '/t/app', logStreamName: 'read', startFromHead: true, limit: 6000 }),
    );
    const page2 = await client.send(
      new GetLogEventsCommand({
        logGroupName: '/t/app',
        logStreamName: 'read',
        startFromHead: true,
        nextToken: page1.nextForwardToken,
      }),
    );
    expect((page1.events?.length ?? 0) + (page2.events?.length ?? 0)).toBe(10_000);
    const filtered = await client.send(
      new FilterLogEventsCommand({ logGroupName: '/t/app', filterPattern: '"i":9999' }),
    );
    expect(filtered.events?.map((e) => e.message)).toEqual(['{"i":9999}']);
  });

  it('rejects batches that break the PutLogEvents rules with InvalidParameterException', async () => {
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      errorName(client.send(new PutLogEventsCommand({ logGroupName: '/t/app', logStreamName: 'read', logEvents })));
    expect(await put([])).toBe('InvalidParameterException');
    expect(await put(Array.from({ length: 10_001 }, () => ({ timestamp: now, message: 'x' })))).toBe(
      'InvalidParameterException',
    );
    expect(await put([{ timestamp: now, message: '' }])).toBe('InvalidParameterException');
    expect(
      await put([
        { timestamp: now + 1, message: 'b' },
        { timestamp: now, message: 'a' },
      ]),
    ).toBe('InvalidParameterException');
    expect(
      await put([
        { timestamp: now - 25 * 3600_000, message: 'a' },
        { timestamp: now, message: 'b' },
      ]),
    ).toBe('InvalidParameterException');
    expect(await put([{ timestamp: now, message: 'x'.repeat(1_048_576) }])).toBe('InvalidParameterException');
    const big = 'y'.repeat(200_000);
    expect(await put(Array.from({ length: 6 }, () => ({ timestamp: now, message: big })))).toBe(
      'InvalidParameterException',
    );
  });

  it('counts UTF-8 bytes plus 26 per event against the 1,048,576-byte batch limit', async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'bytes' }));
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      errorName(client.send(new PutLogEventsCommand({ logGroupName: '/t/app', logStreamName: 'bytes', logEvents })));
    // 4 events of 262,118 bytes each: exactly 1,048,576 with the overhead; one byte more is too much.
    const exact = Array.from({ length: 4 }, () => ({ timestamp: now, message: 'z'.repeat(262_118) }));
    expect(await put(exact)).toBe('resolved');
    expect(await put([...exact.slice(0, 3), { timestamp: now, message: `${'z'.repeat(262_117)}é` }])).toBe(
      'InvalidParameterException',
    );
  });

  it('reports too old, expired and too new events as partial rejections and stores the rest', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/t/retained' }));
    await client.send(new PutRetentionPolicyCommand({ logGroupName: '/t/retained', retentionInDays: 1 }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/retained', logStreamName: 's' }));
    const hour = 3600_000;
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      client.send(new PutLogEventsCommand({ logGroupName: '/t/retained', logStreamName: 's', logEvents }));
    const old = await put([
      { timestamp: now - 25 * hour, message: 'expired' },
      { timestamp: now - hour, message: 'kept' },
    ]);
    expect(old.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 1 });
    const future = await put([
      { timestamp: now, message: 'kept too' },
      { timestamp: now + 3 * hour, message: 'too new' },
    ]);
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    await client.send(new CreateLogGroupCommand({ logGroupName: '/t/plain' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/plain', logStreamName: 's' }));
    const tooOld = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/t/plain',
        logStreamName: 's',
        logEvents: [{ timestamp: now - 15 * 24 * hour, message: 'too old' }],
      }),
    );
    expect(tooOld.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    expect(cw.store.messages('/t/retained', 's')).toEqual(['kept', 'kept too']);
  });

  it('injects throttling, server errors, dropped connections and slow answers', async () => {
    const describe = () => errorName(client.send(new DescribeLogGroupsCommand({})));
    cw.faults.inject({ kind: 'throttle', count: 1 });
    expect(await describe()).toBe('ThrottlingException');
    cw.faults.inject({ kind: 'server_error', count: 1 });
    expect(await describe()).toBe('ServiceUnavailableException');
    cw.faults.inject({ kind: 'drop', count: 1 });
    expect(await describe()).not.toBe('resolved');
    expect(await describe()).toBe('resolved');
    cw.faults.inject({ kind: 'slow', count: 1, delayMs: 50 });
    const started = process.hrtime.bigint();
    expect(await describe()).toBe('resolved');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThanOrEqual(45);
    cw.faults.inject({ kind: 'hold', count: 1 });
    let settled = false;
    const requested = once(cw, 'request');
    const held = describe().then((r) => {
      settled = true;
      return r;
    });
    await requested;
    expect(settled).toBe(false);
    cw.faults.release();
    expect(await held).toBe('resolved');
    cw.faults.inject({ kind: 'throttle', operations: ['PutLogEvents'], durationMs: 60_000 });
    expect(await describe()).toBe('resolved');
    cw.faults.clear();
    expect(() => cw.faults.inject({ kind: 'melt' as never })).toThrow(/throttle, server_error, drop, slow/);
  });

  it('answers AccessDeniedException like IAM for operations the role may not call, before validation', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/t/iam' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/iam', logStreamName: 's' }));
    cw.policy.allowOnly(['PutLogEvents']);
    try {
      const denied = await client
        .send(new CreateLogStreamCommand({ logGroupName: '/t/iam', logStreamName: 'other' }))
        .catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
      expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      expect((denied as Error).message).toBe(
        'User: arn:aws:sts::000000000000:assumed-role/dashtam-logs/local is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:us-east-1:000000000000:log-group:/t/iam:log-stream:other because no identity-based policy allows the logs:CreateLogStream action',
      );
      expect(await errorName(client.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })))).toBe(
        'AccessDeniedException',
      );
      expect(await errorName(client.send(new DescribeLogStreamsCommand({ logGroupName: '/t/iam' })))).toBe(
        'AccessDeniedException',
      );
      const put = await client.send(
        new PutLogEventsCommand({
          logGroupName: '/t/iam',
          logStreamName: 's',
          logEvents: [{ timestamp: now, message: 'allowed' }],
        }),
      );
      expect(put.rejectedLogEventsInfo).toBeUndefined();
      cw.policy.deny(['PutLogEvents']);
      expect(
        await errorName(
          client.send(
            new PutLogEventsCommand({
              logGroupName: '/t/iam',
              logStreamName: 's',
              logEvents: [{ timestamp: now, message: 'x' }],
            }),
          ),
        ),
      ).toBe('AccessDeniedException');
      const control = await fetch(`${cw.url}/__policy`, { method: 'DELETE' });
      expect(control.status).toBe(200);
      await client.send(new CreateLogStreamCommand({ logGroupName: '/t/iam', logStreamName: 'other' }));
      await fetch(`${cw.url}/__policy`, { method: 'POST', body: JSON.stringify({ allowOnly: ['GetLogEvents'] }) });
      expect(await errorName(client.send(new CreateLogGroupCommand({ logGroupName: '/t/iam2' })))).toBe(
        'AccessDeniedException',
      );
      await fetch(`${cw.url}/__policy`, { method: 'POST', body: JSON.stringify({ deny: ['GetLogEvents'] }) });
      expect(
        await errorName(client.send(new GetLogEventsCommand({ logGroupName: '/t/iam', logStreamName: 's' }))),
      ).toBe('AccessDeniedException');
    } finally {
      cw.policy.clear();
    }
    expect(cw.store.messages('/t/iam', 's')).toEqual(['allowed']);
  });

  it('deletes streams, after which puts answer ResourceNotFoundException', async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'gone' }));
    await client.send(new DeleteLogStreamCommand({ logGroupName: '/t/app', logStreamName: 'gone' }));
    const put = client.send(
      new PutLogEventsCommand({
        logGroupName: '/t/app',
        logStreamName: 'gone',
        logEvents: [{ timestamp: now, message: 'x' }],
      }),
    );
    expect(await errorName(put)).toBe('ResourceNotFoundException');
  });
});
