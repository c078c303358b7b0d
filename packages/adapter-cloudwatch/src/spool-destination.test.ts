import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { FallbackWriter } from '@dashtam/fd-writer/internal';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsError, throttled } from '../test/delivery-harness.js';
import { CloudWatchDestination } from './spool-destination.js';

// The spooled sink's network half (it runs in the worker thread), with a mocked client.
const cw = mockClient(CloudWatchLogsClient);
const NOW = Date.UTC(2030, 0, 2, 12);
const DAY = 86_400_000;
const reports: string[] = [];
const fallback = new FallbackWriter({ write: (chunk: string) => reports.push(chunk) }, { source: 'test' });
const settings = {
  batchSize: 10_000,
  maxEventBytes: 1_048_576,
  flushInterval: 1000,
  retryBaseDelay: 100,
  retryMaxDelay: 5000,
};
const destination = (over: Partial<typeof settings> = {}) =>
  new CloudWatchDestination(
    new CloudWatchLogsClient({ region: 'us-east-1' }),
    { ...settings, ...over },
    fallback,
    () => NOW,
  );
const record = (n: number, time = NOW) => ({ line: `{"n":${n}}`, level: 'info', time });
const target = { logGroup: '/app', stream: { prefix: 'host' } };

function puts(): { group?: string; stream?: string; messages: string[]; times: number[] }[] {
  return cw.commandCalls(PutLogEventsCommand).map((c) => ({
    group: c.args[0].input.logGroupName,
    stream: c.args[0].input.logStreamName,
    messages: (c.args[0].input.logEvents ?? []).map((e) => e.message ?? ''),
    times: (c.args[0].input.logEvents ?? []).map((e) => e.timestamp ?? 0),
  }));
}

beforeEach(() => {
  cw.reset();
  reports.length = 0;
  cw.on(PutLogEventsCommand).resolves({});
  cw.on(CreateLogStreamCommand).resolves({});
  cw.on(CreateLogGroupCommand).resolves({});
  cw.on(PutRetentionPolicyCommand).resolves({});
});

describe('CloudWatchDestination', () => {
  it("sends a batch to its day's stream under the recorded group and prefix, in time order", async () => {
    const result = await destination().ship([record(1, NOW + 5), record(2, NOW)], target, false);
    expect(result).toEqual({ kind: 'done', consumed: 2, refused: [], truncated: 0 });
    expect(puts()).toEqual([
      { group: '/app', stream: 'host/2030-01-02', messages: ['{"n":2}', '{"n":1}'], times: [NOW, NOW + 5] },
    ]);
  });

  it('marks replayed records, and sends to a fixed stream when one was recorded', async () => {
    await destination().ship([record(1)], { logGroup: '/other', stream: { name: 'fixed' } }, true);
    expect(puts()).toEqual([{ group: '/other', stream: 'fixed', messages: ['{"n":1,"replayed":true}'], times: [NOW] }]);
  });

  it('takes only the first UTC day of a batch: the rest comes again', async () => {
    const result = await destination().ship(
      [record(1, NOW - DAY), record(2, NOW - DAY), record(3, NOW)],
      target,
      false,
    );
    expect(result).toMatchObject({ kind: 'done', consumed: 2 });
    expect(puts()[0]?.stream).toBe('host/2030-01-01');
  });

  it('refuses records CloudWatch would refuse for their age, with the reason, and sends the rest', async () => {
    const old = record(1, NOW - 15 * DAY);
    const ahead = record(2, NOW + 3 * 3_600_000);
    const result = await destination().ship([old, ahead, record(3)], target, true);
    expect(result).toEqual({
      kind: 'done',
      consumed: 3,
      truncated: 0,
      refused: [
        {
          lines: ['{"n":1,"replayed":true}'],
          reason: 'too_old: older than CloudWatch accepts (14 days)',
          byBackend: false,
        },
        { lines: ['{"n":2,"replayed":true}'], reason: 'too_new: more than 2 hours ahead', byBackend: false },
      ],
    });
    expect(puts().map((p) => p.messages)).toEqual([['{"n":3,"replayed":true}']]);
  });

  it('sends nothing when every record is refused', async () => {
    const result = await destination().ship([record(1, 0)], target, false);
    expect(result).toMatchObject({ kind: 'done', consumed: 1 });
    expect(puts()).toEqual([]);
  });

  it('creates a missing stream (and group, with its retention) and sends again', async () => {
    cw.on(PutLogEventsCommand)
      .rejectsOnce(awsError('ResourceNotFoundException', 'The specified log stream does not exist.'))
      .resolves({});
    cw.on(CreateLogStreamCommand)
      .rejectsOnce(awsError('ResourceNotFoundException', 'The specified log group does not exist.'))
      .resolves({});
    const result = await destination().ship([record(1)], { ...target, retentionInDays: 7 }, false);
    expect(result).toMatchObject({ kind: 'done', consumed: 1 });
    expect(cw.commandCalls(CreateLogGroupCommand)).toHaveLength(1);
    expect(cw.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input.retentionInDays).toBe(7);
    expect(puts()).toHaveLength(2);
  });

  it('asks for a retry on throttling and on a failure to create the stream', async () => {
    cw.on(PutLogEventsCommand).rejects(throttled());
    expect(await destination().ship([record(1)], target, false)).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('ThrottlingException'),
    });
    cw.on(PutLogEventsCommand).rejects(awsError('ResourceNotFoundException'));
    cw.on(CreateLogStreamCommand).rejects(awsError('ServiceUnavailableException', 'down', 503));
    expect(await destination().ship([record(1)], target, false)).toMatchObject({ kind: 'retry' });
  });

  it('refuses a batch CloudWatch will never take, as rejected by the backend', async () => {
    cw.on(PutLogEventsCommand).rejects(awsError('InvalidParameterException', 'bad'));
    const result = await destination().ship([record(1), record(2)], target, false);
    expect(result).toMatchObject({
      kind: 'done',
      consumed: 2,
      refused: [
        {
          lines: ['{"n":1}', '{"n":2}'],
          byBackend: true,
          reason: expect.stringContaining('InvalidParameterException'),
        },
      ],
    });
  });

  it('hands back the records PutLogEvents stored the batch without', async () => {
    cw.on(PutLogEventsCommand).resolves({
      rejectedLogEventsInfo: { tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 3 },
    });
    const result = await destination().ship(
      [record(1), record(2, NOW + 1), record(3, NOW + 2), record(4, NOW + 3)],
      target,
      false,
    );
    expect(result).toMatchObject({
      consumed: 4,
      refused: [
        { lines: ['{"n":1}'], reason: 'rejected: too old or expired', byBackend: true },
        { lines: ['{"n":4}'], reason: 'rejected: too new', byBackend: true },
      ],
    });
  });

  it('truncates a record over maxEventBytes, counted, and keeps a batch within PutLogEvents bytes', async () => {
    const big = { line: JSON.stringify({ message: 'x'.repeat(3000) }), level: 'info', time: NOW };
    const result = await destination({ maxEventBytes: 1024 }).ship([big], target, false);
    expect(result).toMatchObject({ consumed: 1, truncated: 1 });
    expect(Buffer.byteLength(puts()[0]?.messages[0] ?? '') + 26).toBeLessThanOrEqual(1024);
    cw.resetHistory();
    const half = { line: 'y'.repeat(600_000), level: 'info', time: NOW };
    const two = await destination().ship([half, half], target, false);
    expect(two).toMatchObject({ consumed: 1 });
  });

  it('takes as many records per call as batchSize, and releases its client', async () => {
    const d = destination({ batchSize: 2 });
    expect(d.maxRecords).toBe(2);
    expect(d.flushIntervalMs).toBe(1000);
    d.close();
  });
});
