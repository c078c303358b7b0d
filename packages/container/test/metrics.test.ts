import { checkEmfDocument, LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureContainer, getLogger, getMetrics, shutdown } from '../src/container.js';
import { containerEntry, jsonLines, productionEnv, runChild } from './child.js';

type Doc = Record<string, unknown> & { _aws: { Timestamp: number } };

/** The EMF documents among JSON lines, each judged with AWS's schema and the prose rules. */
function documents(lines: readonly Record<string, unknown>[]): Doc[] {
  const docs = lines.filter((l) => '_aws' in l) as Doc[];
  for (const d of docs) expect(checkEmfDocument(d)).toEqual([]);
  return docs;
}

function values(docs: readonly Doc[], name: string): number[] {
  return docs.flatMap((d) => (name in d ? [d[name] as number | number[]].flat() : []));
}

const TIMINGS = 250;
const expected = Array.from({ length: TIMINGS }, (_, i) => i);

// Records 250 timings for one route (3 documents: 100, 100, 50 values) and a count without dimensions (a
// fourth document), logs one line, then ends.
const script = (ending: string) => `import { getLogger, getMetrics } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  const metrics = getMetrics();
  logger.info('started', { job: 'metrics' });
  for (let i = 0; i < ${TIMINGS}; i++) metrics.timing('latency', i, 'Milliseconds', { route: '/users/:id' });
  metrics.count('jobs_done', 3);
  ${ending}`;

let cw: LocalCloudWatchLogs;
beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterAll(async () => {
  await cw.stop();
});

describe('getMetrics() in a real process, LOG_SINKS=cloudwatch', () => {
  it('delivers every value as EMF in calls with x-amzn-logs-format: json/emf, in a stream of their own, when the process ends by itself', async () => {
    const run = await runChild(script(''), productionEnv(cw, { INSTANCE_ID: 'natural', LOG_SINKS: 'cloudwatch' }));
    expect(run.code).toBe(0);
    const group = '/dashtam/production/app';
    const streams = cw.store.streamNames(group).filter((s) => s.includes('natural'));
    const metricsStream = streams.find((s) => s.startsWith('metrics/natural/')) as string;
    const logStream = streams.find((s) => s.startsWith('natural/')) as string;
    expect(metricsStream).toMatch(/^metrics\/natural\/\d{4}-\d{2}-\d{2}$/);
    const emfEvents = cw.store.events(group, metricsStream);
    expect(emfEvents.every((e) => e.logFormat === 'json/emf')).toBe(true);
    const docs = documents(emfEvents.map((e) => JSON.parse(e.message) as Record<string, unknown>));
    expect(docs).toHaveLength(4); // latency in 100, 100 and 50 values for its route; jobs_done without dimensions
    expect(
      docs.every(
        (d) =>
          (d._aws as unknown as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]?.Namespace ===
          'Dashtam/production',
      ),
    ).toBe(true);
    expect(values(docs, 'latency')).toEqual(expected);
    expect(values(docs, 'jobs_done')).toEqual([3]);
    const logEvents = cw.store.events(group, logStream);
    expect(logEvents.map((e) => [JSON.parse(e.message).message, e.logFormat])).toEqual([['started', undefined]]);
    expect(jsonLines(run.stderr)).toEqual([]);
  });

  it('loses no value at process.exit(): the documents reach the sink before its exit drain (the stderr fallback)', async () => {
    const run = await runChild(
      script('process.exit(0);'),
      productionEnv(cw, { INSTANCE_ID: 'exiting', LOG_SINKS: 'cloudwatch' }),
    );
    expect(run.code).toBe(0);
    // Nothing could be sent before the exit: the documents are in the fallback, or (a batch in flight) at the endpoint.
    let stored: Doc[] = [];
    try {
      const group = '/dashtam/production/app';
      const stream = cw.store.streamNames(group).find((s) => s.startsWith('metrics/exiting/'));
      if (stream !== undefined) stored = cw.store.events(group, stream).map((e) => JSON.parse(e.message) as Doc);
    } catch {
      // no group: nothing reached the endpoint
    }
    const docs = documents([...jsonLines(run.stderr), ...stored]);
    expect([...new Set(values(docs, 'latency'))].sort((a, b) => a - b)).toEqual(expected);
    expect(values(docs, 'jobs_done').length).toBeGreaterThanOrEqual(1);
  });
});

describe('getMetrics() in a real process, console', () => {
  it.each([
    ['ends by itself', ''],
    ['calls process.exit()', 'process.exit(0);'],
  ])(
    'writes every value as EMF JSON lines on stdout beside the JSON records outside development when the process %s',
    async (_how, ending) => {
      const run = await runChild(script(ending), { PATH: process.env.PATH, ENVIRONMENT: 'testing' });
      expect(run.code).toBe(0);
      expect(jsonLines(run.stdout).map((l) => l.message)).toContain('started');
      const docs = documents(jsonLines(run.stdout));
      expect(docs).toHaveLength(4); // latency in 100, 100 and 50 values for its route; jobs_done without dimensions
      expect(values(docs, 'latency')).toEqual(expected);
      expect(values(docs, 'jobs_done')).toEqual([3]);
    },
  );

  it.each([
    ['ends by itself', ''],
    ['calls process.exit()', 'process.exit(0);'],
  ])(
    'writes a summary line per document beside the pretty records in development, no EMF JSON, when the process %s',
    async (_how, ending) => {
      const run = await runChild(script(ending), { PATH: process.env.PATH, ENVIRONMENT: 'development', NO_COLOR: '1' });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('{"_aws"');
      expect(run.stdout).not.toContain('\u001b');
      expect(jsonLines(run.stdout)).toEqual([]);
      const lines = run.stdout.split('\n');
      const started = lines.findIndex((l) => /^\S+Z \[INFO {4}\] started$/.test(l));
      expect(started).toBeGreaterThanOrEqual(0); // the logger's pretty line, on the same stream
      const time = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
      const summaries = lines.filter((l) => l.includes('[METRICS ]'));
      // latency in 100, 100 and 50 values (one line per EMF document); jobs_done without dimensions.
      expect(summaries).toHaveLength(4);
      for (const l of summaries) expect(l).toMatch(new RegExp(`^${time} \\[METRICS \\] Dashtam/development `));
      expect(summaries.map((l) => l.replace(/^\S+ /, ''))).toEqual([
        '[METRICS ] Dashtam/development {route=/users/:id} latency[ms] n=100 min=0 avg=49.5 max=99',
        '[METRICS ] Dashtam/development {route=/users/:id} latency[ms] n=100 min=100 avg=149.5 max=199',
        '[METRICS ] Dashtam/development {route=/users/:id} latency[ms] n=50 min=200 avg=224.5 max=249',
        '[METRICS ] Dashtam/development jobs_done=3',
      ]);
      expect(lines.indexOf(summaries[0] as string)).toBeGreaterThan(started);
      expect(run.stderr).toBe('');
    },
  );

  it('does nothing with METRICS=off', async () => {
    const run = await runChild(script('process.exit(0);'), {
      PATH: process.env.PATH,
      ENVIRONMENT: 'testing',
      METRICS: 'off',
    });
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).filter((l) => '_aws' in l)).toEqual([]);
    expect(jsonLines(run.stdout).map((l) => l.message)).toEqual(['started']);
  });
});

describe('shutdown()', () => {
  afterEach(async () => {
    await shutdown();
    configureContainer({});
  });

  it('writes what the metrics hold before closing the logger, and builds them again afterwards', async () => {
    const out = capturedOutput();
    configureContainer({
      env: { ENVIRONMENT: 'testing', METRICS_NAMESPACE: 'Acme/Test' },
      destination: out.destination,
      exitHooks: false,
    });
    const metrics = getMetrics();
    getLogger().info('before shutdown');
    metrics.count('orders', 2, 'Count', { channel: 'web' });
    await shutdown();
    const docs = documents(out.records() as unknown as Record<string, unknown>[]);
    expect(docs.map((d) => [d.channel, d.orders])).toEqual([['web', 2]]);
    expect(getMetrics()).not.toBe(metrics);
  });

  it('gives metrics that do nothing with METRICS=off', async () => {
    const out = capturedOutput();
    configureContainer({
      env: { ENVIRONMENT: 'testing', METRICS: 'off' },
      destination: out.destination,
      exitHooks: false,
    });
    const metrics = getMetrics();
    metrics.count('orders');
    metrics.gauge('depth', 1);
    metrics.timing('latency', 1);
    await metrics.flush();
    await shutdown();
    expect(metrics.stats()).toEqual({ recorded: 0, rejected: 0 });
    expect(out.text()).toBe('');
  });
});
