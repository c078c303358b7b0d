import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEmfDocument } from '../src/emf-check.js';
import { LocalCloudWatchLogs } from '../src/server.js';

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

const valid = {
  _aws: {
    Timestamp: 1574109732004,
    CloudWatchMetrics: [
      {
        Namespace: 'lambda-function-metrics',
        Dimensions: [['functionVersion']],
        Metrics: [{ Name: 'time', Unit: 'Milliseconds' }],
      },
    ],
  },
  functionVersion: '$LATEST',
  time: 100,
  requestId: '989ffbf8-9ace-4817-a57c-e4dd734019ee',
};

describe('the x-amzn-logs-format header', () => {
  it('is recorded per stored event, and events without it are stored as before', async () => {
    cw.store.CreateLogGroup({ logGroupName: '/emf' });
    await client.send(new CreateLogStreamCommand({ logGroupName: '/emf', logStreamName: 's' }));
    const put = (message: string, timestamp: number) =>
      new PutLogEventsCommand({ logGroupName: '/emf', logStreamName: 's', logEvents: [{ timestamp, message }] });
    const emf = put(JSON.stringify(valid), Date.now());
    emf.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amzn-logs-format'] = 'json/emf';
        return next(args);
      },
      { step: 'build', name: 'emfHeader' },
    );
    await client.send(emf);
    await client.send(put('{"message":"plain"}', Date.now() + 2));
    expect(cw.store.events('/emf', 's').map((e) => [JSON.parse(e.message).message ?? 'emf', e.logFormat])).toEqual([
      ['emf', 'json/emf'],
      ['plain', undefined],
    ]);
  });
});

describe('checkEmfDocument (AWS schema and the prose rules)', () => {
  it("accepts AWS's own example, as an object and as text", () => {
    expect(checkEmfDocument(valid)).toEqual([]);
    expect(checkEmfDocument(JSON.stringify(valid))).toEqual([]);
  });

  it.each([
    ['no _aws', { time: 1 }, 'schema: /'],
    [
      'a timestamp that is not an integer',
      { ...valid, _aws: { ...valid._aws, Timestamp: 1.5 } },
      'schema: /_aws/Timestamp',
    ],
    [
      'a unit CloudWatch does not know',
      withMetrics([{ Name: 'time', Unit: 'ms' }]),
      'schema: /_aws/CloudWatchMetrics/0/Metrics/0/Unit',
    ],
    [
      '10 dimension keys',
      withDimensions(Array.from({ length: 10 }, (_, i) => `d${i}`)),
      'schema: /_aws/CloudWatchMetrics/0/Dimensions/0',
    ],
    [
      'a metric without its root member',
      withMetrics([{ Name: 'absent' }]),
      'metric "absent": the root member is missing',
    ],
    ['a metric holding a string', { ...valid, time: '100' }, 'metric "time": not a number'],
    ['101 values', { ...valid, time: Array.from({ length: 101 }, () => 1) }, 'metric "time": 101 values, at most 100'],
    ['a value array with a string', { ...valid, time: [1, '2'] }, 'an array member is not a number'],
    [
      'a dimension holding a number',
      { ...valid, functionVersion: 3 },
      'dimension "functionVersion": the root member is not a string',
    ],
    [
      '101 metric definitions',
      {
        ...withMetrics(Array.from({ length: 101 }, (_, i) => ({ Name: `m${i}` }))),
        ...Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`m${i}`, i])),
      },
      'directive 0: 101 metric definitions, at most 100',
    ],
  ])('refuses %s', (_what, doc, problem) => {
    const problems = checkEmfDocument(doc);
    expect(problems.join('\n')).toContain(problem);
  });

  it('refuses text that is not JSON', () => {
    expect(checkEmfDocument('{"_aws":')).toEqual(['not JSON']);
  });
});

function withMetrics(metrics: object[]) {
  const [directive] = valid._aws.CloudWatchMetrics;
  return { ...valid, _aws: { ...valid._aws, CloudWatchMetrics: [{ ...directive, Metrics: metrics }] } };
}

function withDimensions(keys: string[]) {
  const [directive] = valid._aws.CloudWatchMetrics;
  return {
    ...valid,
    ...Object.fromEntries(keys.map((k) => [k, 'v'])),
    _aws: { ...valid._aws, CloudWatchMetrics: [{ ...directive, Dimensions: [keys] }] },
  };
}
