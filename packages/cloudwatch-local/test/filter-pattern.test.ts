import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../src/filter-pattern.js';
import { LocalCloudWatchLogs } from '../src/server.js';

// The documentation's own example event (FilterAndPatternSyntax, "JSON metric filter examples").
const DOC = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});
// Its compound-conditions example.
const COMPOUND = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe('filter patterns (FilterLogEvents filterPattern)', () => {
  it('matches the documentation examples of JSON patterns as documented', () => {
    for (const p of [
      '{ $.eventType = "UpdateTrail" }',
      '{ $.sourceIPAddress != 123.123.* }',
      '{ $.arrayKey[0] = "value" }',
      '{ $.objectList[1].id = 2 }',
      '{ $.SomeObject IS NULL }',
      '{ $.SomeOtherObject NOT EXISTS }',
      '{ $.ThisFlag IS TRUE }',
      '{$.eventType=UpdateTrail}',
      '{ $.eventType = *Trail }',
      '{ $.eventType = Update* }',
      '{ $.eventType = * }',
      '{ $.objectList[0].id = * }',
    ]) {
      expect(matches(p, DOC), p).toBe(true);
    }
    for (const p of [
      '{ $.eventType = "updatetrail" }',
      '{ $.eventType = "Update" }',
      '{ $.eventType = Up*ail }',
      '{ $.sourceIPAddress != 111.111.* }',
      '{ $.arrayKey = "value" }',
      '{ $.arrayKey != "value" }',
      '{ $.objectList[2].id = 2 }',
      '{ $.SomeObject NOT EXISTS }',
      '{ $.ThisFlag IS FALSE }',
      '{ $.missing != "x" }',
    ]) {
      expect(matches(p, DOC), p).toBe(false);
    }
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', COMPOUND)).toBe(true);
    expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', COMPOUND)).toBe(
      false,
    );
    // && binds tighter than ||.
    expect(
      matches(
        '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
        COMPOUND,
      ),
    ).toBe(true);
    expect(
      matches(
        '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
        COMPOUND,
      ),
    ).toBe(false);
  });

  it('compares numbers as numbers and strings as strings; a JSON pattern never matches text', () => {
    const doc = JSON.stringify({ status_code: 409, code: '409', latency: 12.5 });
    expect(matches('{ $.status_code = 409 }', doc)).toBe(true);
    expect(matches('{ $.status_code >= 400 && $.latency < 1e2 }', doc)).toBe(true);
    expect(matches('{ $.status_code != 500 }', doc)).toBe(true);
    expect(matches('{ $.code = "409" }', doc)).toBe(true);
    // The stricter reading where the documentation is silent.
    expect(matches('{ $.status_code = "409" }', doc)).toBe(false);
    expect(matches('{ $.code = 409 }', doc)).toBe(false);
    expect(matches('{ $.level = "error" }', 'level error: not JSON')).toBe(false);
  });

  it('keeps term patterns: every term must appear, case-sensitively', () => {
    expect(matches('ERROR', '[ERROR] boom')).toBe(true);
    expect(matches('"ERROR 401" boom', '[ERROR 401] boom')).toBe(true);
    expect(matches('error', '[ERROR] boom')).toBe(false);
    expect(matches('', 'anything')).toBe(true);
  });

  it('refuses malformed patterns with InvalidParameterException', () => {
    for (const p of [
      '{ $.level = "error" ',
      '{ level = "error" }',
      '{ $.level }',
      '{ $.level = "error }',
      '{ ($.level = "error" }',
      '{ $.latency > slow }',
      '{ $.a = 1 } junk }',
      `{ $.m = "${'x'.repeat(1100)}" }`,
    ]) {
      expect(() => compileFilterPattern(p), p).toThrow(expect.objectContaining({ type: 'InvalidParameterException' }));
    }
  });
});

describe('FilterLogEvents with a filterPattern, through the real SDK', () => {
  let cw: LocalCloudWatchLogs;
  let client: CloudWatchLogsClient;
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

  it('answers only the matching events, records what was asked and answered, and refuses a bad pattern', async () => {
    const now = Date.now();
    await client.send(new CreateLogGroupCommand({ logGroupName: '/f/app' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/f/app', logStreamName: 's' }));
    const levels = ['debug', 'info', 'warning', 'error', 'critical', 'info'];
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/f/app',
        logStreamName: 's',
        logEvents: [
          ...levels.map((level, i) => ({ timestamp: now - 100 + i, message: JSON.stringify({ level, i }) })),
          { timestamp: now, message: 'error, but not JSON' },
        ],
      }),
    );
    const filterPattern = '{ ($.level = "error") || ($.level = "critical") }';
    const answer = await client.send(new FilterLogEventsCommand({ logGroupName: '/f/app', filterPattern }));
    expect(answer.events?.map((e) => JSON.parse(e.message ?? '').i)).toEqual([3, 4]);
    const [request] = cw.requests('FilterLogEvents');
    expect(request).toMatchObject({ input: { logGroupName: '/f/app', filterPattern }, status: 200, eventsReturned: 2 });
    const bad = await client
      .send(new FilterLogEventsCommand({ logGroupName: '/f/app', filterPattern: '{ $.level = ' }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(bad?.name).toBe('InvalidParameterException');
    expect(cw.requests('FilterLogEvents').at(-1)?.status).toBe(400);
    expect(cw.requests('PutLogEvents')[0]).toMatchObject({ putEvents: 7, input: { logStreamName: 's' } });
    expect(cw.requests('PutLogEvents')[0]?.input).not.toHaveProperty('logEvents');
  });
});
