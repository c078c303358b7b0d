import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { capturedFallback } from '../test/delivery-harness.js';
import { CountedFallback } from './counted-fallback.js';
import { newCounters } from './counters.js';
import { Provisioning } from './provisioning.js';

const cw = mockClient(CloudWatchLogsClient);
const meta = { $metadata: {} };
const notFound = () => new ResourceNotFoundException({ message: 'missing', ...meta });
const exists = () => new ResourceAlreadyExistsException({ message: 'exists', ...meta });
const named = (name: string, message = 'no') => Object.assign(new Error(message), { name, $metadata: {} });

function provisioning(retentionInDays: number | undefined) {
  const fallback = capturedFallback();
  const counters = newCounters();
  const p = new Provisioning(
    new CloudWatchLogsClient({ region: 'us-east-1' }),
    { logGroup: '/dashtam/unit/app', retentionInDays },
    new CountedFallback(fallback.writer, counters),
  );
  return { provision: (stream = 'host/2030-01-01') => p.provision(stream), counters, ...fallback };
}

const calls = () => ({
  stream: cw.commandCalls(CreateLogStreamCommand).map((c) => c.args[0].input),
  group: cw.commandCalls(CreateLogGroupCommand).map((c) => c.args[0].input),
  retention: cw.commandCalls(PutRetentionPolicyCommand).map((c) => c.args[0].input),
});

beforeEach(() => {
  cw.reset();
  cw.on(CreateLogStreamCommand).resolves({});
  cw.on(CreateLogGroupCommand).resolves({});
  cw.on(PutRetentionPolicyCommand).resolves({});
});

describe('Provisioning', () => {
  it('creates only the stream when the group exists', async () => {
    const { provision, reports } = provisioning(30);
    await provision('host/2030-01-01');
    expect(calls()).toEqual({
      stream: [{ logGroupName: '/dashtam/unit/app', logStreamName: 'host/2030-01-01' }],
      group: [],
      retention: [],
    });
    expect(reports()).toEqual([]);
  });

  it('takes a stream that already exists as made', async () => {
    cw.on(CreateLogStreamCommand).rejects(exists());
    const { provision, reports } = provisioning(30);
    await expect(provision()).resolves.toBeUndefined();
    expect(calls()).toMatchObject({ group: [], retention: [] });
    expect(reports()).toEqual([]);
  });

  it('creates the group, sets its retention, then the stream, when the group is missing too', async () => {
    cw.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    const { provision } = provisioning(30);
    await provision('s');
    expect(calls()).toEqual({
      stream: [
        { logGroupName: '/dashtam/unit/app', logStreamName: 's' },
        { logGroupName: '/dashtam/unit/app', logStreamName: 's' },
      ],
      group: [{ logGroupName: '/dashtam/unit/app' }],
      retention: [{ logGroupName: '/dashtam/unit/app', retentionInDays: 30 }],
    });
  });

  it('sets no retention on a group it did not create, nor when logs are kept forever', async () => {
    cw.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    cw.on(CreateLogGroupCommand).rejects(exists());
    await provisioning(30).provision();
    expect(calls().retention).toEqual([]);

    cw.reset();
    cw.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    cw.on(CreateLogGroupCommand).resolves({});
    await provisioning(undefined).provision();
    expect(calls()).toMatchObject({ group: [{}], retention: [] });
  });

  it('assumes a stream it may not create exists, reported once with the group, stream and error', async () => {
    for (const name of ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']) {
      cw.on(CreateLogStreamCommand).rejects(named(name, 'not authorized'));
      const { provision, reports, counters } = provisioning(30);
      await expect(provision('s')).resolves.toBeUndefined();
      await provision('s');
      expect(reports()).toEqual([
        expect.objectContaining({
          message: 'Not allowed to create the log stream; assuming it exists',
          log_group: '/dashtam/unit/app',
          log_stream: 's',
          error: `${name}: not authorized`,
        }),
      ]);
      expect(counters.fallback).toBe(0);
    }
  });

  it('assumes a group it may not create exists: reports it, sets no retention, and still creates the stream', async () => {
    cw.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    cw.on(CreateLogGroupCommand).rejects(named('AccessDeniedException', 'not authorized'));
    const { provision, reports } = provisioning(30);
    await provision();
    expect(calls()).toMatchObject({ stream: [{}, {}], group: [{}], retention: [] });
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'Not allowed to create the log group; assuming it exists',
        log_group: '/dashtam/unit/app',
        error: 'AccessDeniedException: not authorized',
      }),
    ]);
  });

  it('carries on when it may not set the retention, reported with the group', async () => {
    cw.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    cw.on(PutRetentionPolicyCommand).rejects(named('AccessDeniedException', 'not authorized'));
    const { provision, reports } = provisioning(30);
    await provision();
    expect(calls().stream).toHaveLength(2);
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'Not allowed to set the log group retention; delivery goes on',
        log_group: '/dashtam/unit/app',
        error: 'AccessDeniedException: not authorized',
      }),
    ]);
  });

  it('lets any other failure through, at each step, without going on to the next', async () => {
    const throttled = () => named('ThrottlingException', 'Rate exceeded');
    cw.on(CreateLogStreamCommand).rejects(throttled());
    await expect(provisioning(30).provision()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(calls()).toMatchObject({ stream: [{}], group: [] });

    cw.reset();
    cw.on(CreateLogStreamCommand).rejects(notFound());
    cw.on(CreateLogGroupCommand).rejects(throttled());
    await expect(provisioning(30).provision()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(calls()).toMatchObject({ stream: [{}], group: [{}], retention: [] });

    cw.reset();
    cw.on(CreateLogStreamCommand).rejects(notFound());
    cw.on(CreateLogGroupCommand).resolves({});
    cw.on(PutRetentionPolicyCommand).rejects(throttled());
    await expect(provisioning(30).provision()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(calls()).toMatchObject({ stream: [{}], retention: [{}] });

    cw.reset();
    cw.on(CreateLogStreamCommand).rejects(notFound());
    cw.on(CreateLogGroupCommand).resolves({});
    cw.on(PutRetentionPolicyCommand).resolves({});
    await expect(provisioning(30).provision()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(calls().stream).toHaveLength(2);
  });
});
