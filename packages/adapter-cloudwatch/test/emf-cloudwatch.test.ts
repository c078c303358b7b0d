import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { Logger } from '@dashtam/logger-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchSink } from '../src/cloudwatch-sink.js';
import { EmfMetrics } from '../src/emf-metrics.js';
import { InvalidCloudWatchOptionsError } from '../src/errors.js';
import { type EmfDocument, validDocument, valuesOf } from './emf-helpers.js';
import { credentials, fallbackSink } from './helpers.js';

let cw: LocalCloudWatchLogs;
beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterAll(async () => {
  await cw.stop();
});

describe('EMF through a CloudWatchSink to a local endpoint over a socket', () => {
  it('sends the documents in calls with x-amzn-logs-format: json/emf, and plain log lines in calls without it', async () => {
    const fallback = fallbackSink();
    const common = { logGroup: '/dashtam/test/emf', endpoint: cw.url, region: 'us-east-1', credentials };
    const emfSink = new CloudWatchSink({
      ...common,
      logStream: 'metrics',
      logFormat: 'json/emf',
      fallback: fallback.destination,
    });
    const logSink = new CloudWatchSink({ ...common, logStream: 'app', fallback: fallback.destination });
    const metrics = new EmfMetrics({ sink: emfSink, namespace: 'Dashtam/test', defaultDimensions: { service: 'api' } });
    const logger = new Logger({ sink: logSink });
    const recorded = Array.from({ length: 250 }, (_, i) => i / 4);
    for (const v of recorded) metrics.timing('latency', v, 'Milliseconds', { route: '/users/:id' });
    metrics.count('requests', 250, 'Count', { route: '/users/:id' });
    logger.info('plain line', { i: 1 });
    await Promise.all([metrics.close(), logger.close()]);

    const emfEvents = cw.store.events('/dashtam/test/emf', 'metrics');
    const logEvents = cw.store.events('/dashtam/test/emf', 'app');
    expect(emfEvents.map((e) => e.logFormat)).toEqual(['json/emf', 'json/emf', 'json/emf']);
    expect(logEvents.map((e) => [JSON.parse(e.message).message, e.logFormat])).toEqual([['plain line', undefined]]);
    const documents: EmfDocument[] = emfEvents.map((e) => validDocument(e.message));
    expect(valuesOf(documents, 'latency', { service: 'api', route: '/users/:id' })).toEqual(recorded);
    expect(valuesOf(documents, 'requests')).toEqual([250]);
    // The event's time is the document's Timestamp.
    expect(emfEvents.map((e) => e.timestamp)).toEqual(documents.map((d) => d._aws.Timestamp));
    expect(fallback.lines()).toEqual([]);
    expect(metrics.stats()).toMatchObject({ recorded: 251, documents: 3, rejected: 0, overflow: 0 });
  });

  it('refuses a log format it does not know', () => {
    expect(
      () => new CloudWatchSink({ logGroup: '/g', logFormat: 'json/otlp' as 'json/emf', region: 'us-east-1' }),
    ).toThrow(InvalidCloudWatchOptionsError);
  });
});

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('EMF at process.exit in a real process', () => {
  it("writes what the interval holds into the sink before the sink's exit drain, so every value reaches the fallback", async () => {
    // The sink is built first, so its exit drain is registered before the metrics' exit flush; the
    // endpoint never answers (port 9, discard): everything is still buffered at exit.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { CloudWatchSink, EmfMetrics } from ${JSON.stringify(entry)};
         const sink = new CloudWatchSink({ logGroup: '/g', logStream: 's', endpoint: 'http://127.0.0.1:9', region: 'us-east-1',
           credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, logFormat: 'json/emf' });
         const metrics = new EmfMetrics({ sink, namespace: 'Dashtam/exit' });
         for (let i = 0; i < 1000; i++) metrics.timing('latency', i, 'Milliseconds', { shard: String(i % 3) });
         metrics.count('jobs', 7);
         process.exit(0);`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      err += c;
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    const documents = err
      .split('\n')
      .filter((l) => l.startsWith('{"_aws"'))
      .map((l) => validDocument(l));
    const latency = valuesOf(documents, 'latency').sort((a, b) => a - b);
    expect(latency).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(valuesOf(documents, 'jobs')).toEqual([7]);
  });
});
