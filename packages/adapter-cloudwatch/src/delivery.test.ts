import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs';
import { runExitPhases } from '@dashtam/fd-writer/internal';
import { Logger } from '@dashtam/logger-protocol';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { queuedEvent } from '../test/delivery-harness.js';
import { chronological, cutUtf8, truncateRecord, utf8Bytes } from './batch.js';
import { CloudWatchSink } from './cloudwatch-sink.js';
import { InvalidCloudWatchOptionsError } from './errors.js';
import { backoffDelay, classifyFailure } from './retry.js';

const cwMock = mockClient(CloudWatchLogsClient);
const meta = { $metadata: {} };

function adapter(options: Record<string, unknown> = {}) {
  const fallback: string[] = [];
  const { level, clock, ...sinkOptions } = options;
  const sink = new CloudWatchSink({
    logGroup: '/dashtam/unit/app',
    logStream: 's',
    client: new CloudWatchLogsClient({ region: 'us-east-1' }),
    retryBaseDelay: 1,
    retryMaxDelay: 2,
    fallback: { write: (c: string) => fallback.push(c) },
    ...sinkOptions,
  });
  const logger = new Logger({
    sink,
    ...(level !== undefined ? { level: level as string } : {}),
    ...(clock !== undefined ? { clock: clock as () => number } : {}),
  });
  return { logger, sink, fallback };
}

const notFound = () => new ResourceNotFoundException({ message: 'The specified log group does not exist.', ...meta });

// The group and the stream are missing: the first PutLogEvents and the first CreateLogStream say so.
function groupMissingOnce(): void {
  cwMock.on(PutLogEventsCommand).rejectsOnce(notFound()).resolves({});
  cwMock.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
}

beforeEach(() => {
  cwMock.reset();
  cwMock.on(CreateLogGroupCommand).resolves({});
  cwMock.on(CreateLogStreamCommand).resolves({});
  cwMock.on(PutLogEventsCommand).resolves({});
});

describe('batching decisions', () => {
  it('orders a batch by time, keeping the order of equal timestamps', () => {
    const sorted = chronological([
      queuedEvent(1, 5, 'a'),
      queuedEvent(2, 3, 'b'),
      queuedEvent(3, 5, 'c'),
      queuedEvent(4, 1, 'd'),
    ]);
    expect(sorted.map((e) => e.message)).toEqual(['d', 'b', 'a', 'c']);
  });

  it('truncates an oversize record into valid JSON under the limit, on a character boundary', () => {
    const line = JSON.stringify({
      timestamp: 't',
      level: 'info',
      message: 'm',
      trace_id: 'x',
      blob: '😀"\\'.repeat(100_000),
    });
    const out = truncateRecord(line, 262_144);
    expect(utf8Bytes(out) + 26).toBeLessThanOrEqual(262_144);
    const parsed = JSON.parse(out);
    expect(parsed).toMatchObject({ message: 'm', trace_id: 'x', truncated: true, original_bytes: utf8Bytes(line) });
    expect(parsed.partial).not.toContain('\ufffd');
    expect(cutUtf8('aé', 2)).toBe('');
    expect(truncateRecord('not json '.repeat(1000), 2048)).toContain('"truncated":true');
  });
});

describe('retry decisions', () => {
  it('retries throttling, 5xx and network errors, re-creates on not found, gives up otherwise', () => {
    expect(classifyFailure(new ThrottlingException({ message: 'Rate exceeded', ...meta }))).toBe('retry');
    expect(classifyFailure({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } })).toBe('retry');
    expect(classifyFailure({ name: 'Weird', $metadata: { httpStatusCode: 502 } })).toBe('retry');
    expect(classifyFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('retry');
    expect(classifyFailure(new ResourceNotFoundException({ message: 'gone', ...meta }))).toBe('recreate');
    expect(classifyFailure({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })).toBe('give_up');
    expect(classifyFailure({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } })).toBe('give_up');
  });

  it('backs off exponentially with full jitter under a cap', () => {
    expect(backoffDelay(0, 100, 5000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 5000, () => 0.5)).toBe(400);
    expect(backoffDelay(20, 100, 5000, () => 0.999)).toBe(4995);
    expect(backoffDelay(5, 100, 5000, () => 0)).toBe(0);
  });
});

describe('CloudWatchSink with a mocked client', () => {
  it('sends first and creates nothing while PutLogEvents succeeds', async () => {
    const { logger } = adapter();
    logger.info('a');
    await logger.flush();
    logger.info('b');
    await logger.close();
    expect(cwMock.commandCalls(CreateLogGroupCommand)).toHaveLength(0);
    expect(cwMock.commandCalls(CreateLogStreamCommand)).toHaveLength(0);
    expect(cwMock.commandCalls(PutLogEventsCommand)).toHaveLength(2);
    expect(logger.stats()).toMatchObject({ delivered: 2, batches: 2 });
  });

  it('creates the stream, and the group before it when missing, only when PutLogEvents says ResourceNotFound', async () => {
    groupMissingOnce();
    cwMock.on(CreateLogGroupCommand).rejects(new ResourceAlreadyExistsException({ message: 'exists', ...meta }));
    const { logger } = adapter();
    logger.info('a');
    await logger.flush();
    logger.info('b');
    await logger.close();
    expect(cwMock.commandCalls(CreateLogGroupCommand)).toHaveLength(1);
    expect(cwMock.commandCalls(CreateLogStreamCommand)).toHaveLength(2);
    expect(cwMock.commandCalls(PutLogEventsCommand)).toHaveLength(3);
    expect(logger.stats()).toMatchObject({ delivered: 2, batches: 2, fallback: 0 });
  });

  it('retries a throttled batch and then delivers it, without SDK retries stacked on ours', async () => {
    cwMock
      .on(PutLogEventsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .resolves({});
    const { logger } = adapter();
    logger.info('x');
    await logger.close();
    expect(cwMock.commandCalls(PutLogEventsCommand)).toHaveLength(3);
    expect(logger.stats()).toMatchObject({ retries: 2, delivered: 1 });
  });

  it('re-creates the stream on ResourceNotFoundException and resends the same events', async () => {
    cwMock
      .on(PutLogEventsCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'gone', ...meta }))
      .resolves({});
    const { logger } = adapter();
    logger.info('resend me');
    await logger.close();
    const puts = cwMock
      .commandCalls(PutLogEventsCommand)
      .map((c) => c.args[0].input.logEvents?.map((e) => JSON.parse(e.message ?? '').message));
    expect(puts).toEqual([['resend me'], ['resend me']]);
    expect(cwMock.commandCalls(CreateLogStreamCommand)).toHaveLength(1);
    expect(cwMock.commandCalls(CreateLogGroupCommand)).toHaveLength(0);
  });

  it('gives up on an error that cannot succeed and writes the batch to the fallback, reported once', async () => {
    cwMock
      .on(PutLogEventsCommand)
      .rejects({ name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 400 } });
    const { logger, fallback } = adapter();
    logger.info('kept somewhere');
    await logger.flush();
    logger.info('also kept');
    await logger.close();
    const lines = fallback
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.source === 'dashtam-cloudwatch-adapter')).toHaveLength(1);
    expect(lines.filter((l) => l.message === 'kept somewhere' || l.message === 'also kept')).toHaveLength(2);
    expect(logger.stats()).toMatchObject({ fallback: 2, delivered: 0, retries: 0 });
  });

  it('carries on when the role may not create the group or set its retention, reporting each once', async () => {
    const denied = { name: 'AccessDeniedException', message: 'not authorized', $metadata: { httpStatusCode: 400 } };
    groupMissingOnce();
    cwMock.on(CreateLogGroupCommand).rejects(denied);
    const { logger, fallback } = adapter();
    logger.info('still delivered');
    await logger.close();
    expect(logger.stats()).toMatchObject({ delivered: 1, fallback: 0 });
    expect(cwMock.commandCalls(CreateLogStreamCommand)).toHaveLength(2);
    expect(fallback.join('')).toContain('Not allowed to create the log group; assuming it exists');

    cwMock.reset();
    groupMissingOnce();
    cwMock.on(CreateLogGroupCommand).resolves({});
    cwMock.on(PutRetentionPolicyCommand).rejects(denied);
    const withRetention = adapter({ retentionInDays: 30 });
    withRetention.logger.info('also delivered');
    await withRetention.logger.close();
    expect(withRetention.logger.stats()).toMatchObject({ delivered: 1, fallback: 0 });
    expect(withRetention.fallback.join('')).toContain('Not allowed to set the log group retention');

    cwMock.reset();
    cwMock.on(PutLogEventsCommand).rejectsOnce(notFound()).resolves({});
    cwMock.on(CreateLogStreamCommand).rejects(denied);
    const streamDenied = adapter();
    streamDenied.logger.info('stream made by the operator meanwhile');
    await streamDenied.logger.close();
    expect(streamDenied.logger.stats()).toMatchObject({ delivered: 1, fallback: 0 });
    expect(streamDenied.fallback.join('')).toContain('Not allowed to create the log stream; assuming it exists');
  });

  it('sets 30 days of retention on a group it creates, none with never, and leaves an existing group alone', async () => {
    cwMock.on(PutRetentionPolicyCommand).resolves({});
    groupMissingOnce();
    const created = adapter();
    created.logger.info('x');
    await created.logger.close();
    expect(cwMock.commandCalls(PutRetentionPolicyCommand).map((c) => c.args[0].input.retentionInDays)).toEqual([30]);

    cwMock.resetHistory();
    groupMissingOnce();
    const forever = adapter({ retentionInDays: 'never' });
    forever.logger.info('x');
    await forever.logger.close();
    expect(forever.sink.settings.retentionInDays).toBeUndefined();
    expect(adapter({ retentionInDays: 0 }).sink.settings.retentionInDays).toBeUndefined();
    expect(cwMock.commandCalls(PutRetentionPolicyCommand)).toHaveLength(0);

    cwMock.resetHistory();
    groupMissingOnce();
    cwMock.on(CreateLogGroupCommand).rejects(new ResourceAlreadyExistsException({ message: 'exists', ...meta }));
    const existing = adapter({ retentionInDays: 90 });
    existing.logger.info('x');
    await existing.logger.close();
    expect(cwMock.commandCalls(PutRetentionPolicyCommand)).toHaveLength(0);
  });

  it('writes the records a partial rejection names, by index in the sorted batch, to the fallback', async () => {
    cwMock.on(PutLogEventsCommand).resolves({
      rejectedLogEventsInfo: { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 4 },
    });
    const times = [50, 10, 30, 20, 40];
    const { logger, fallback } = adapter({ clock: () => times.shift() ?? 0 });
    for (const t of [50, 10, 30, 20, 40]) logger.info(`t${t}`);
    await logger.close();
    const records = fallback
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.source === undefined);
    expect(records.map((r) => r.message)).toEqual(['t10', 't20', 't50']);
    expect(logger.stats()).toMatchObject({ delivered: 2, rejected: 3, fallback: 3 });
  });

  it('at exit hands the batch in flight and the queue to the fallback synchronously, counted, and later records straight there', async () => {
    let sent!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      sent = resolve;
    });
    cwMock.on(PutLogEventsCommand).callsFake(() => {
      sent();
      return new Promise(() => undefined); // never answered: the process ends first
    });
    const { logger, fallback } = adapter();
    for (let i = 0; i < 3; i++) logger.info('in flight', { i });
    void logger.flush();
    await inFlight;
    logger.info('queued');
    expect(logger.stats()).toMatchObject({ buffered: 4, fallback: 0 });
    runExitPhases();
    logger.info('logged by a later exit listener');
    const lines = fallback
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.source === undefined).map((l) => l.message)).toEqual([
      'in flight',
      'in flight',
      'in flight',
      'queued',
      'logged by a later exit listener',
    ]);
    expect(lines.find((l) => l.source)).toMatchObject({ records: 4, in_flight: 3 });
    expect(logger.stats()).toMatchObject({ enqueued: 5, fallback: 5, buffered: 0, delivered: 0 });
    runExitPhases(); // nothing left: writes nothing more
    expect(fallback.join('').trim().split('\n')).toHaveLength(6);
  });

  it('only enqueues on the log call: no request before the event loop turns', () => {
    const { logger } = adapter({ batchSize: 1 });
    logger.info('x');
    expect(cwMock.calls()).toHaveLength(0);
    return logger.close();
  });

  it('rejects bad options with typed errors naming the option and what is accepted', () => {
    const base = { client: new CloudWatchLogsClient({ region: 'us-east-1' }) };
    expect(() => new CloudWatchSink({ ...base, logGroup: 'bad name!' })).toThrow(InvalidCloudWatchOptionsError);
    expect(() => new CloudWatchSink({ ...base, logGroup: '/g', batchSize: 10_001 })).toThrow(
      /"batchSize": expected an integer from 1 to 10000/,
    );
    expect(() => new CloudWatchSink({ ...base, logGroup: '/g', retentionInDays: 31 })).toThrow(
      /retentionInDays.*30, 60.*'never' \(or 0\)/,
    );
    expect(() => new CloudWatchSink({ ...base, logGroup: '/g', logStream: 'a:b' })).toThrow(/logStream/);
    expect(() => new CloudWatchSink({ ...base, logGroup: '/g', batchInterval: 5 } as never)).toThrow(
      /"batchInterval": removed in 0.3.0: give flushInterval in milliseconds/,
    );
    expect(() => new CloudWatchSink({ ...base, logGroup: '/g', fallback: {} as never })).toThrow(/fallback/);
  });
});

/** Lets the event loop turn `n` times (setImmediate callbacks and resolved promises run). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('CloudWatch delivery: buffer bounds and batch triggers', () => {
  beforeEach(() => {
    cwMock.reset();
    cwMock.on(PutLogEventsCommand).resolves({});
  });

  it('sends a batch as soon as batchSize records wait, and not before the interval otherwise', async () => {
    const { logger } = adapter({ batchSize: 2, flushInterval: 3_600_000 });
    logger.info('a');
    await turns(5);
    expect(cwMock.commandCalls(PutLogEventsCommand)).toHaveLength(0);
    expect(logger.stats()).toMatchObject({ enqueued: 1, buffered: 1, delivered: 0 });
    logger.info('b');
    await turns(5);
    const calls = cwMock.commandCalls(PutLogEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.logEvents?.map((e) => JSON.parse(e.message ?? '{}').message)).toEqual(['a', 'b']);
    expect(logger.stats()).toMatchObject({ enqueued: 2, buffered: 0, delivered: 2, batches: 1 });
    await logger.close();
  });

  it('sends records past maxBufferEvents to the fallback, counted and reported, and delivers the rest', async () => {
    const { logger, fallback } = adapter({ batchSize: 10, maxBufferEvents: 2, flushInterval: 3_600_000 });
    logger.info('a');
    logger.info('b');
    logger.info('c');
    expect(logger.stats()).toMatchObject({ enqueued: 3, overflowed: 1, fallback: 1, buffered: 2 });
    const lines = fallback.join('').trim().split('\n');
    expect(lines.some((l) => l.includes('CloudWatch buffer full'))).toBe(true);
    expect(lines.filter((l) => JSON.parse(l).message === 'c')).toHaveLength(1);
    await logger.flush();
    expect(logger.stats()).toMatchObject({ delivered: 2, buffered: 0 });
    await logger.close();
  });

  it('sends a record that would pass maxBufferBytes to the fallback', async () => {
    const { logger } = adapter({ batchSize: 10, maxBufferBytes: 1024, flushInterval: 3_600_000 });
    logger.info('x'.repeat(300));
    logger.info('y'.repeat(300));
    expect(logger.stats()).toMatchObject({ overflowed: 0, buffered: 2 });
    logger.info('z'.repeat(300));
    expect(logger.stats()).toMatchObject({ overflowed: 1, buffered: 2 });
    await logger.close();
    expect(logger.stats()).toMatchObject({ delivered: 2 });
  });

  it('accepts records again once delivery has made room', async () => {
    const { logger } = adapter({ batchSize: 10, maxBufferEvents: 2, flushInterval: 3_600_000 });
    logger.info('a');
    logger.info('b');
    await logger.flush();
    logger.info('c');
    logger.info('d');
    expect(logger.stats()).toMatchObject({ overflowed: 0, buffered: 2 });
    await logger.close();
    expect(logger.stats()).toMatchObject({ delivered: 4, overflowed: 0 });
  });
});

describe('CloudWatch delivery: oversize records, re-creation and failure reports', () => {
  beforeEach(() => {
    cwMock.reset();
  });

  const reports = (fallback: string[]) =>
    fallback
      .join('')
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l))
      .filter((l) => l.source === 'dashtam-cloudwatch-adapter');

  it('truncates a record over maxEventBytes to fit, counted, and sends records that fit as they are', async () => {
    cwMock.on(PutLogEventsCommand).resolves({});
    const { logger } = adapter({ maxEventBytes: 1024 });
    logger.info('x'.repeat(2000));
    logger.info('small');
    await logger.close();
    const sent = cwMock.commandCalls(PutLogEventsCommand).flatMap((c) => c.args[0].input.logEvents ?? []);
    const [big, small] = sent.map((e) => e.message ?? '');
    expect(utf8Bytes(big ?? '') + 26).toBeLessThanOrEqual(1024);
    expect(JSON.parse(big ?? '{}')).toMatchObject({ truncated: true });
    expect(JSON.parse(small ?? '{}')).toMatchObject({ message: 'small' });
    expect(JSON.parse(small ?? '{}')).not.toHaveProperty('truncated');
    expect(logger.stats()).toMatchObject({ truncated: 1, delivered: 2 });
  });

  it('re-creates the stream at most three times for one batch, then gives it to the fallback', async () => {
    cwMock.on(PutLogEventsCommand).rejects(notFound());
    cwMock.on(CreateLogStreamCommand).resolves({});
    const { logger, fallback } = adapter();
    logger.info('nowhere to go');
    await logger.close();
    expect(cwMock.commandCalls(CreateLogStreamCommand)).toHaveLength(3);
    expect(cwMock.commandCalls(PutLogEventsCommand)).toHaveLength(4);
    expect(logger.stats()).toMatchObject({ fallback: 1, delivered: 0 });
    expect(reports(fallback).map((r) => r.message)).toEqual([
      'CloudWatch delivery failed; records written to this fallback',
    ]);
  });

  it('reports a retry once per error name with what is buffered, and a give-up with the batch size', async () => {
    cwMock
      .on(PutLogEventsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .rejects({ name: 'InvalidParameterException', message: 'bad', $metadata: { httpStatusCode: 400 } });
    const { logger, fallback } = adapter();
    logger.info('a');
    logger.info('b');
    await logger.close();
    expect(reports(fallback)).toEqual([
      expect.objectContaining({
        message: 'CloudWatch delivery failing, retrying with backoff',
        error: 'ThrottlingException: Rate exceeded',
        buffered: 2,
      }),
      expect.objectContaining({
        message: 'CloudWatch delivery failed; records written to this fallback',
        error: 'InvalidParameterException: bad',
        records: 2,
      }),
    ]);
    expect(logger.stats()).toMatchObject({ retries: 2, fallback: 2 });
  });
});
