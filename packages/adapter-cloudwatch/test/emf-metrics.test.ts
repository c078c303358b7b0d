import { secretCorpus } from '@dashtam/logger-protocol/testing';
import { InvalidMetricError, type MetricDimensions, type MetricUnit } from '@dashtam/metrics-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EmfMetrics } from '../src/emf-metrics.js';
import type { EmfMetricsOptions } from '../src/emf-options.js';
import { InvalidEmfOptionsError } from '../src/errors.js';
import { DocumentSink, definitions, valuesOf } from './emf-helpers.js';

const open: EmfMetrics[] = [];
const judged: EmfMetrics[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
  // DocumentSink throws on a document that breaks EMF's rules, which EmfMetrics counts here.
  for (const m of judged.splice(0)) expect(m.stats().writeFailures).toBe(0);
});

function metricsOver(options: Partial<EmfMetricsOptions> = {}) {
  const sink = new DocumentSink(options.maxDocumentBytes);
  const errors: Error[] = [];
  const metrics = new EmfMetrics({
    sink,
    namespace: 'Dashtam/test',
    // An hour: only flush(), close() or the values bound write in these tests, unless they say otherwise.
    interval: 3_600_000,
    onError: (e) => errors.push(e),
    ...options,
  });
  open.push(metrics);
  judged.push(metrics);
  return { metrics, sink, errors };
}

describe('EmfMetrics aggregation', () => {
  it('sums counts and keeps every gauge and timing value, per name and combination of dimension values', async () => {
    let now = 1_700_000_000_123.6;
    const { metrics, sink } = metricsOver({ clock: () => now });
    metrics.count('orders');
    now += 5000;
    metrics.count('orders', 2);
    metrics.count('orders', 4, 'Count', { channel: 'web' });
    metrics.count('bytes_in', 512, 'Bytes', { channel: 'web' });
    metrics.timing('latency', 12, undefined, { route: '/a', status: '2xx' });
    metrics.timing('latency', 30.5, undefined, { status: '2xx', route: '/a' }); // same combination, other key order
    metrics.timing('latency', 7, undefined, { route: '/b', status: '2xx' });
    metrics.gauge('queue_depth', 3);
    metrics.gauge('queue_depth', 5);
    expect(sink.documents).toEqual([]);
    await metrics.flush();
    expect(sink.flushes).toBe(1);
    // One document per combination of dimension values.
    expect(sink.documents).toHaveLength(4);
    const byDims = Object.fromEntries(
      sink.documents.map((d) => [JSON.stringify(d._aws.CloudWatchMetrics[0]?.Dimensions), d]),
    );
    expect(byDims['[[]]']).toMatchObject({ orders: 3, queue_depth: [3, 5] });
    expect(definitions(byDims['[[]]'] as never)).toEqual(['orders:Count', 'queue_depth:None']);
    expect(byDims['[["channel"]]']).toMatchObject({ channel: 'web', orders: 4, bytes_in: 512 });
    expect(valuesOf(sink.documents, 'latency', { route: '/a' })).toEqual([12, 30.5]);
    expect(valuesOf(sink.documents, 'latency', { route: '/b' })).toEqual([7]);
    expect(definitions(sink.documents.find((d) => d.route === '/a') as never)).toEqual(['latency:Milliseconds']);
    for (const d of sink.documents) {
      expect(d._aws.CloudWatchMetrics).toHaveLength(1);
      expect(d._aws.CloudWatchMetrics[0]?.Namespace).toBe('Dashtam/test');
      // The time of the interval's first value, in whole ms, is the document's and the sink's time.
      expect(d._aws.Timestamp).toBe(1_700_000_000_123);
    }
    expect(sink.times.every((t) => t === 1_700_000_000_123)).toBe(true);
    expect(sink.levels.every((l) => l === 'info')).toBe(true);
    expect(metrics.stats()).toEqual({
      recorded: 9,
      rejected: 0,
      overflow: 0,
      documents: 4,
      series: 0,
      pending: 0,
      writeFailures: 0,
    });
    // A new interval starts empty.
    await metrics.flush();
    expect(sink.documents).toHaveLength(4);
  });

  it('merges the default dimensions into every document; a call that gives the same key wins', async () => {
    const { metrics, sink } = metricsOver({ defaultDimensions: { service: 'api', environment: 'test' } });
    metrics.count('jobs');
    metrics.count('jobs', 1, 'Count', { service: 'api' }); // the same combination as the defaults alone
    metrics.count('jobs', 1, 'Count', { service: 'worker' });
    await metrics.flush();
    expect(
      sink.documents.map((d) => [d._aws.CloudWatchMetrics[0]?.Dimensions, d.service, d.environment, d.jobs]),
    ).toEqual([
      [[['environment', 'service']], 'api', 'test', 2],
      [[['environment', 'service']], 'worker', 'test', 1],
    ]);
  });

  it('writes at the end of each interval by itself (timer), and the timer does not hold the process', async () => {
    const { metrics, sink } = metricsOver({ interval: 5 });
    const first = sink.next();
    metrics.timing('tick', 1);
    expect((await first).tick).toEqual([1]);
    const second = sink.next();
    metrics.timing('tick', 2);
    expect((await second).tick).toEqual([2]);
  });
});

describe('EmfMetrics splitting to the EMF limits, nothing dropped', () => {
  it('writes 250 timings as 3 documents of 100, 100 and 50 values', async () => {
    const { metrics, sink } = metricsOver();
    const recorded = Array.from({ length: 250 }, (_, i) => i * 1.5);
    for (const v of recorded) metrics.timing('latency', v, 'Milliseconds', { route: '/r' });
    await metrics.flush();
    expect(sink.documents.map((d) => (d.latency as number[]).length)).toEqual([100, 100, 50]);
    expect(valuesOf(sink.documents, 'latency')).toEqual(recorded);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(valuesOf(sink.documents, 'latency'))).toBe(sum(recorded));
  });

  it('writes 250 metrics of one combination as documents of at most 100 definitions', async () => {
    const { metrics, sink } = metricsOver();
    for (let i = 0; i < 250; i++) metrics.count(`m${i}`, i, 'Count', { shard: 'a' });
    await metrics.flush();
    expect(sink.documents.map((d) => definitions(d).length)).toEqual([100, 100, 50]);
    for (let i = 0; i < 250; i++) expect(valuesOf(sink.documents, `m${i}`)).toEqual([i]);
  });

  it('splits 150 metrics of 150 values each on both limits: every value once', async () => {
    const { metrics, sink } = metricsOver();
    for (let i = 0; i < 150; i++) for (let j = 0; j < 150; j++) metrics.gauge(`g${i}`, j);
    await metrics.flush();
    expect(sink.documents.map((d) => definitions(d).length)).toEqual([100, 50, 100, 50]);
    for (let i = 0; i < 150; i++)
      expect(valuesOf(sink.documents, `g${i}`)).toEqual(Array.from({ length: 150 }, (_, j) => j));
  });

  it('splits on size: no document over maxDocumentBytes, every value once', async () => {
    const maxDocumentBytes = 65_536;
    const { metrics, sink } = metricsOver({ maxDocumentBytes });
    // 100 metrics x 100 values of 18-19 characters: about 190 KB in one round, so at least 3 documents.
    const value = (i: number, j: number) => 123456.123456789 + i * 1000 + j / 7;
    const name = (i: number) => `metric_with_a_longer_name_${i}`;
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) metrics.timing(name(i), value(i, j));
    await metrics.flush();
    expect(sink.documents.length).toBeGreaterThanOrEqual(3);
    // DocumentSink checks each line's bytes against the limit; here: the documents are also full.
    const sizes = sink.documents.map((d) => Buffer.byteLength(JSON.stringify(d)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxDocumentBytes);
    for (let i = 0; i < 100; i++) {
      expect(valuesOf(sink.documents, name(i))).toEqual(Array.from({ length: 100 }, (_, j) => value(i, j)));
    }
  });

  it('writes early, on the next turn, when maxValues values are held', async () => {
    const { metrics, sink } = metricsOver({ maxValues: 100 });
    const written = sink.next();
    for (let i = 0; i < 100; i++) metrics.timing('hot', i);
    expect(sink.documents).toEqual([]); // never inside the call
    expect((await written).hot).toHaveLength(100);
    expect(metrics.stats()).toMatchObject({ pending: 0, documents: 1 });
  });
});

describe('EmfMetrics refusals: counted, reported once per name, never thrown', () => {
  it('refuses calls that break the rules and reports each metric name once', async () => {
    const { metrics, sink, errors } = metricsOver();
    const bad = metrics as unknown as Record<string, (...args: unknown[]) => void>;
    metrics.timing('latency', Number.NaN);
    metrics.timing('latency', Number.POSITIVE_INFINITY);
    bad.count?.('orders', 1, 'ms');
    bad.gauge?.('depth', 1, 'None', { route: 3 });
    bad.count?.(undefined);
    bad.count?.(42);
    const ten: MetricDimensions = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`d${i}`, 'v']));
    metrics.count('wide', 1, 'Count', ten);
    metrics.timing('latency', 5); // a good one among them
    expect(metrics.stats()).toMatchObject({ recorded: 1, rejected: 7 });
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid metric "latency": the value NaN is not a finite number',
      expect.stringContaining('Invalid metric "orders": the unit "ms" is not accepted'),
      expect.stringContaining('Invalid metric "depth": the dimension "route" has the value 3'),
      'Invalid metric (undefined): the name must be a string of 1 to 255 characters',
      'Invalid metric (number): the name must be a string of 1 to 255 characters',
      expect.stringContaining('Invalid metric "wide": 10 dimensions given'),
    ]);
    expect(errors.every((e) => e instanceof InvalidMetricError)).toBe(true);
    await metrics.flush();
    expect(sink.documents.map((d) => d.latency)).toEqual([[5]]);
  });

  it('gives a name one kind and one unit per interval: other calls are refused, the next interval starts afresh', async () => {
    const { metrics, sink, errors } = metricsOver();
    metrics.timing('payload', 10, 'Milliseconds', { route: '/a' });
    metrics.timing('payload', 2, 'Seconds', { route: '/a' }); // same series, other unit
    metrics.timing('payload', 3, 'Seconds', { route: '/b' }); // new series, other unit
    metrics.gauge('payload', 4, 'Milliseconds'); // other kind
    expect(metrics.stats()).toMatchObject({ recorded: 1, rejected: 3 });
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid metric "payload": recorded as timing in Seconds, but this interval already holds it as timing in Milliseconds: a metric name has one kind and one unit per interval',
    ]);
    await metrics.flush();
    metrics.timing('payload', 2, 'Seconds');
    await metrics.flush();
    expect(sink.documents.map((d) => definitions(d))).toEqual([['payload:Milliseconds'], ['payload:Seconds']]);
  });

  it('refuses a call whose dimensions and the defaults make more than 9 keys, or a name that is a default key', async () => {
    const defaults = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`d${i}`, 'v']));
    const { metrics, sink, errors } = metricsOver({ defaultDimensions: defaults });
    metrics.count('ok', 1, 'Count', { a: 'x', b: 'y' }); // 9 keys
    metrics.count('ok', 1, 'Count', { a: 'x', d0: 'w' }); // 8 keys: d0 overridden
    metrics.count('too_many', 1, 'Count', { a: 'x', b: 'y', c: 'z' }); // 10 keys
    metrics.count('d3');
    expect(metrics.stats()).toMatchObject({ recorded: 2, rejected: 2 });
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid metric "too_many": 10 dimensions with the default dimensions (a, b, c, d0, d1, d2, d3, d4, d5, d6): at most 9 are accepted',
      `Invalid metric "d3": a default dimension has the metric's name`,
    ]);
    await metrics.flush();
    expect(sink.documents.map((d) => d._aws.CloudWatchMetrics[0]?.Dimensions[0]?.length)).toEqual([9, 8]);
  });

  it('never throws from a call, even when the sink and onError throw', async () => {
    const metrics = new EmfMetrics({
      sink: {
        write: () => {
          throw new Error('broken sink');
        },
        flush: () => Promise.resolve(),
        close: () => Promise.resolve(),
      },
      namespace: 'N',
      onError: () => {
        throw new Error('broken onError');
      },
    });
    open.push(metrics);
    expect(() => metrics.timing('x', Number.NaN)).not.toThrow();
    metrics.count('y');
    await metrics.flush();
    expect(metrics.stats()).toMatchObject({ recorded: 1, rejected: 1, documents: 0, writeFailures: 1 });
  });
});

describe('EmfMetrics series bound', () => {
  it('refuses series past maxSeries in an interval, counts them and reports once; the next interval takes them', async () => {
    const { metrics, sink, errors } = metricsOver({ maxSeries: 10 });
    for (let i = 0; i < 15; i++) metrics.count('logins', 1, 'Count', { user_id: `u-${i}` });
    for (let i = 0; i < 15; i++) metrics.count('logins', 1, 'Count', { user_id: `u-${i}` });
    expect(metrics.stats()).toMatchObject({ recorded: 20, overflow: 10, series: 10, rejected: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('10 series (maxSeries) already held in this interval');
    await metrics.flush();
    expect(sink.documents).toHaveLength(10);
    expect(valuesOf(sink.documents, 'logins')).toEqual(Array.from({ length: 10 }, () => 2));
    metrics.count('logins', 1, 'Count', { user_id: 'u-14' });
    await metrics.flush();
    expect(sink.documents.at(-1)).toMatchObject({ user_id: 'u-14', logins: 1 });
    expect(metrics.stats()).toMatchObject({ overflow: 10, documents: 11 });
  });
});

describe('EmfMetrics lifecycle and options', () => {
  it('close() writes what is held and closes the sink; later calls are written at once', async () => {
    const { metrics, sink } = metricsOver();
    metrics.count('before');
    await metrics.close();
    expect(sink.closed).toBe(true);
    expect(sink.documents.map((d) => d.before)).toEqual([1]);
    metrics.count('after', 2);
    expect(sink.documents.map((d) => d.after)).toEqual([undefined, 2]);
  });

  it.each([
    [{ namespace: '' }, 'namespace', 'expected 1 to 255 characters'],
    [{ namespace: 'x'.repeat(256) }, 'namespace', 'expected 1 to 255'],
    [{ namespace: 'AWS/Lambda' }, 'namespace', 'not starting with "AWS/"'],
    [{ namespace: 'bad\nname' }, 'namespace', 'got "bad\\nname"'],
    [{ namespace: '   ' }, 'namespace', 'not only spaces'],
    [{ sink: {} }, 'sink', 'expected a LogSink'],
    [{ interval: 0 }, 'interval', 'expected an integer from 1 to 3600000, got 0'],
    [{ maxSeries: 1.5 }, 'maxSeries', 'expected an integer from 1 to 1000000'],
    [{ maxDocumentBytes: 1000 }, 'maxDocumentBytes', 'expected an integer from 65536 to 1048550'],
    [
      { defaultDimensions: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`d${i}`, 'v'])) },
      'defaultDimensions',
      '10 dimensions given',
    ],
    [{ defaultDimensions: { service: '' } }, 'defaultDimensions', 'the dimension "service" has the value ""'],
    [{ onError: 'stderr' }, 'onError', 'expected a function'],
  ])('refuses %j at construction', (options, option, message) => {
    const build = () =>
      new EmfMetrics({ sink: new DocumentSink(), namespace: 'N', ...(options as Partial<EmfMetricsOptions>) });
    expect(build).toThrow(InvalidEmfOptionsError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (e) {
      expect((e as InvalidEmfOptionsError).option).toBe(option);
      expect((e as InvalidEmfOptionsError).code).toBe('DASHTAM_CLOUDWATCH_INVALID_EMF_OPTIONS');
    }
  });
});

describe('EmfMetrics redaction', () => {
  it('writes no secret given in a dimension value: secret-named keys and secrets found in values are redacted, every corpus case', async () => {
    const { metrics, sink } = metricsOver({ redaction: { keys: ['tenant_pin'] } });
    const corpus = secretCorpus();
    const secrets: string[] = [];
    for (const c of corpus) {
      for (const [key, value] of Object.entries(c.context)) {
        if (typeof value !== 'string' || value.length === 0 || value.length > 1024) continue;
        // A dimension value holds no line breaks (CloudWatch takes no control characters): the
        // corpus's multi-line values (YAML with a value on the next line, a Secret manifest) are
        // secrets by their line structure, which flattening them here would erase.
        if (value.includes('\n')) continue;
        // Dimension names follow the metric rules; the values are the corpus's own.
        metrics.count('calls', 1, 'Count', { [key.slice(0, 255)]: value.replace(/[\u0000-\u001f\u007f]/g, ' ') });
      }
      if (!Object.values(c.context).some((v) => typeof v === 'string' && v.includes('\n'))) secrets.push(...c.secrets);
    }
    metrics.count('calls', 1, 'Count', { tenant_pin: '4421' });
    metrics.count('calls', 1, 'Count', { route: 'GET /reset/ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' });
    await metrics.flush();
    const out = sink.documents.map((d) => JSON.stringify(d)).join('\n');
    expect(sink.documents.length).toBeGreaterThan(10);
    for (const secret of [...secrets, '4421', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB']) {
      expect(out.includes(secret), `secret ${secret.slice(0, 12)}... in a document`).toBe(false);
    }
    expect(out).toContain('"tenant_pin":"[REDACTED]"');
    expect(out).toContain('"route":"GET /reset/[REDACTED');
    // Every value counted, whatever its dimensions became.
    expect(sink.documents.reduce((n, d) => n + (d.calls as number), 0)).toBe(metrics.stats().recorded);
  });
});

describe("EmfMetrics redaction within CloudWatch's dimension rules", () => {
  it('keeps a dimension value CloudWatch accepts when redaction makes it longer or empty', async () => {
    const { metrics, sink } = metricsOver();
    // 1024 characters in; every `token=1` becomes `token=[REDACTED]`: 2176 characters.
    metrics.count('calls', 1, 'Count', { query: 'token=1&'.repeat(128) });
    await metrics.flush();
    // The logger's rules may cut secrets out: a value that was all secret is left empty.
    const removing = metricsOver({ redaction: { patterns: [/pin-\d+/g], censor: 'remove' } });
    removing.metrics.count('calls', 1, 'Count', { tenant: 'pin-4421' });
    await removing.metrics.flush();
    for (const m of [metrics, removing.metrics]) {
      expect(m.stats()).toMatchObject({ recorded: 1, rejected: 0, documents: 1, writeFailures: 0 });
    }
    const query = sink.documents[0]?.query as string;
    expect(query.length).toBe(1024);
    expect(query.startsWith('token=[REDACTED]&token=[REDACTED]')).toBe(true);
    expect(removing.sink.documents[0]?.tenant).toBe('[REDACTED]');
  });
});

describe('EmfMetrics calls on a series already started', () => {
  it('says a unit is not accepted, and which are, when the series was started with a good one', async () => {
    const { metrics, errors } = metricsOver();
    metrics.timing('latency', 5);
    metrics.timing('latency', 6, 'ms' as MetricUnit);
    expect(metrics.stats()).toMatchObject({ recorded: 1, rejected: 1 });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('Invalid metric "latency": the unit "ms" is not accepted: expected one of Seconds,'),
    ]);
  });

  it('still refuses what breaks a rule: a bad value, a number for a string, a look-alike with separators or control characters', async () => {
    const { metrics, sink, errors } = metricsOver();
    metrics.count('calls', 1, 'Count', { a: 'x', b: 'y' });
    metrics.count('calls', 1, 'Count', { route: '3' });
    metrics.timing('latency', 5, 'Milliseconds', { route: '/a' });
    // Each of these is refused, though its name and dimensions look like a started series'.
    metrics.count('calls', 1, 'Count', { a: 'x\u0001b\u0002y' });
    metrics.count('calls', 1, 'Count', { a: 'x\u0002b', b: 'y' });
    metrics.count('calls', 1, 'Count', { route: 3 as unknown as string });
    metrics.count('calls', Number.NaN, 'Count', { a: 'x', b: 'y' });
    metrics.timing('latency', Number.POSITIVE_INFINITY, 'Milliseconds', { route: '/a' });
    metrics.timing('latency', 2 ** 361, 'Milliseconds', { route: '/a' });
    metrics.timing('latency', 6, 'Seconds', { route: '/a' });
    metrics.count('latency', 1, 'Milliseconds', { route: '/a' });
    // Accepted: the same series with the keys in another order.
    metrics.count('calls', 2, 'Count', { b: 'y', a: 'x' });
    expect(metrics.stats()).toMatchObject({ recorded: 4, rejected: 8 });
    await metrics.flush();
    expect(sink.documents.find((d) => d.a === 'x')?.calls).toBe(3);
    expect(sink.documents.find((d) => d.route === '3')?.calls).toBe(1);
    expect(valuesOf(sink.documents, 'latency', { route: '/a' })).toEqual([5]);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('EmfMetrics with a broken clock', () => {
  it('writes valid documents at the real time when the clock gives no finite time', async () => {
    const { metrics, sink } = metricsOver({ clock: () => Number.NaN });
    const before = Date.now();
    metrics.count('calls');
    await metrics.flush();
    expect(sink.documents).toHaveLength(1);
    expect(sink.documents[0]?._aws.Timestamp).toBeGreaterThanOrEqual(before);
  });
});

describe('EmfMetrics with frozen dimensions reused (as requestMetrics passes them)', () => {
  it('puts their values in the same series as equal fresh dimensions, across intervals, and still refuses what breaks a rule', async () => {
    const { metrics, sink } = metricsOver();
    const web = Object.freeze({ channel: 'web' });
    const bad = Object.freeze({ channel: '' });
    metrics.count('orders', 1, 'Count', web);
    metrics.count('orders', 2, 'Count', { channel: 'web' });
    metrics.count('orders', 4, 'Count', web);
    metrics.count('orders', 1, 'Count', bad);
    metrics.count('orders', 1, 'Count', bad);
    metrics.count('orders', Number.NaN, 'Count', web);
    metrics.timing('orders', 3, 'Milliseconds', web);
    metrics.count('orders', 1, 'Bytes', web);
    expect(metrics.stats()).toMatchObject({ recorded: 3, rejected: 5 });
    await metrics.flush();
    expect(sink.documents.map((d) => [d.channel, d.orders])).toEqual([['web', 7]]);
    // A new interval: the same frozen object, now as a timing (one kind per name per interval).
    metrics.timing('orders', 5, 'Milliseconds', web);
    metrics.timing('orders', 6, 'Milliseconds', web);
    await metrics.flush();
    expect(valuesOf(sink.documents.slice(1), 'orders', { channel: 'web' })).toEqual([5, 6]);
  });

  it('reads a frozen object with a getter at every call (its answer can change)', async () => {
    const { metrics, sink } = metricsOver();
    let channel = 'web';
    const dims = Object.freeze({
      get channel() {
        return channel;
      },
    });
    metrics.count('orders', 1, 'Count', dims);
    channel = 'app';
    metrics.count('orders', 2, 'Count', dims);
    await metrics.flush();
    expect(sink.documents.map((d) => [d.channel, d.orders]).sort()).toEqual([
      ['app', 2],
      ['web', 1],
    ]);
  });
});
