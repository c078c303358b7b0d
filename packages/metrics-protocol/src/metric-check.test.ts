import { describe, expect, it } from 'vitest';
import { InvalidMetricError, MetricsProtocolErrorCode } from './errors.js';
import { checkMetric, METRIC_LIMITS } from './metric-check.js';
import { METRIC_UNITS } from './metric-units.js';
import { RecordingMetrics } from './testing/index.js';

describe('checkMetric', () => {
  it('accepts a good call with and without unit and dimensions', () => {
    expect(checkMetric('http_requests', 1)).toBeUndefined();
    expect(checkMetric('latency', 12.5, 'Milliseconds', { route: '/users/:id', status_class: '2xx' })).toBeUndefined();
    expect(checkMetric('x', -3, 'None', {})).toBeUndefined();
    for (const unit of METRIC_UNITS) expect(checkMetric('m', 0, unit)).toBeUndefined();
  });

  it.each([
    ['', 1, undefined, undefined, 'the name must be a string of 1 to 255 characters'],
    ['a'.repeat(256), 1, undefined, undefined, 'the name must be a string of 1 to 255 characters'],
    [42, 1, undefined, undefined, 'the name must be a string'],
    ['bad\nname', 1, undefined, undefined, 'the name has control characters'],
    // Line and paragraph separators and C1 controls (NEL) break a line as much as \n does: the EMF
    // schema's `^(.*)$` refuses the first two, and log readers split on all three.
    ['bad\u2028name', 1, undefined, undefined, 'the name has control characters'],
    ['bad\u2029name', 1, undefined, undefined, 'the name has control characters'],
    ['bad\u0085name', 1, undefined, undefined, 'the name has control characters'],
    ['bad\u009bname', 1, undefined, undefined, 'the name has control characters'],
    ['m', 1, undefined, { route: 'a\u2028b' }, 'the dimension "route" has control characters in its value'],
    ['m', 1, undefined, { route: 'a\u0085b' }, 'the dimension "route" has control characters in its value'],
    ['_aws', 1, undefined, undefined, 'the name is reserved (_aws)'],
    ['m', Number.NaN, undefined, undefined, 'the value NaN is not a finite number'],
    ['m', Number.POSITIVE_INFINITY, undefined, undefined, 'the value Infinity is not a finite number'],
    ['m', '3', undefined, undefined, 'the value "3" is not a finite number'],
    ['m', 2 ** 361, undefined, undefined, 'out of range: expected a magnitude of at most 2^360'],
    ['m', 1, 'ms', undefined, 'the unit "ms" is not accepted: expected one of Seconds, Microseconds'],
    ['m', 1, 'milliseconds', undefined, 'the unit "milliseconds" is not accepted'],
    ['m', 1, undefined, ['route'], 'dimensions must be an object of names to strings, got (array)'],
    ['m', 1, undefined, null, 'dimensions must be an object of names to strings, got (null)'],
    ['m', 1, undefined, { route: 3 }, 'the dimension "route" has the value 3: expected a string of 1 to 1024'],
    ['m', 1, undefined, { route: '' }, 'the dimension "route" has the value "": expected a string'],
    ['m', 1, undefined, { route: 'x'.repeat(1025) }, 'expected a string of 1 to 1024 characters'],
    ['m', 1, undefined, { route: 'a\rb' }, 'the dimension "route" has control characters in its value'],
    ['m', 1, undefined, { '': 'x' }, 'the dimension name "" must be a string of 1 to 255'],
    ['m', 1, undefined, { _aws: 'x' }, 'the dimension name "_aws" is reserved'],
    ['m', 1, undefined, { m: 'x' }, "a dimension may not have the metric's own name"],
    // CloudWatch's dimension rules: ASCII, not only whitespace, a name not starting with ':'.
    ['m', 1, undefined, { city: 'Zürich' }, 'the dimension "city" has the value "Zürich": expected ASCII characters'],
    ['m', 1, undefined, { city: '\udc00' }, 'expected ASCII characters, at least one not a space'],
    ['m', 1, undefined, { route: '   ' }, 'the dimension "route" has the value "   ": expected ASCII'],
    ['m', 1, undefined, { städt: 'x' }, 'the dimension name "städt" is not accepted: expected ASCII'],
    ['m', 1, undefined, { ' ': 'x' }, 'the dimension name " " is not accepted'],
    ['m', 1, undefined, { ':host': 'x' }, 'not starting with ":"'],
    ['lone\ud800', 1, undefined, undefined, 'the name has a lone surrogate'],
  ])('refuses %j = %j %j %j: %s', (name, value, unit, dimensions, problem) => {
    const error = checkMetric(name, value, unit, dimensions);
    expect(error).toBeInstanceOf(InvalidMetricError);
    expect(error?.code).toBe(MetricsProtocolErrorCode.InvalidMetric);
    expect(error?.metric).toBe(name);
    expect(error?.message).toContain(problem);
    expect(error?.message.startsWith('Invalid metric ')).toBe(true);
  });

  it('takes up to 9 dimensions and names all of them when given more', () => {
    const nine = Object.fromEntries(Array.from({ length: METRIC_LIMITS.maxDimensions }, (_, i) => [`d${i}`, 'v']));
    expect(checkMetric('m', 1, 'Count', nine)).toBeUndefined();
    const ten = { ...nine, d9: 'v' };
    expect(checkMetric('m', 1, 'Count', ten)?.message).toBe(
      'Invalid metric "m": 10 dimensions given (d0, d1, d2, d3, d4, d5, d6, d7, d8, d9): at most 9 are accepted',
    );
  });

  it('accepts the edges of every limit', () => {
    expect(checkMetric('a'.repeat(255), 2 ** 360, 'Count', { ['k'.repeat(255)]: 'v'.repeat(1024) })).toBeUndefined();
    expect(checkMetric('m', -(2 ** 360))).toBeUndefined();
    // Names may be any well-formed Unicode; dimension values any printable ASCII, spaces inside.
    expect(checkMetric('Latenz_\u{1F680}', 1, 'Count', { 'a:b': ' x y ', q: '~!@#$%^&*()"\\' })).toBeUndefined();
  });
});

describe('RecordingMetrics', () => {
  it('keeps good calls with the defaults of their kind and the refused ones apart', async () => {
    const metrics = new RecordingMetrics();
    metrics.count('orders');
    metrics.count('bytes_in', 512, 'Bytes', { route: '/' });
    metrics.gauge('queue_depth', 4);
    metrics.timing('latency', 12);
    metrics.timing('latency', Number.NaN);
    expect(metrics.calls).toEqual([
      { kind: 'count', name: 'orders', value: 1, unit: 'Count', dimensions: {} },
      { kind: 'count', name: 'bytes_in', value: 512, unit: 'Bytes', dimensions: { route: '/' } },
      { kind: 'gauge', name: 'queue_depth', value: 4, unit: 'None', dimensions: {} },
      { kind: 'timing', name: 'latency', value: 12, unit: 'Milliseconds', dimensions: {} },
    ]);
    expect(metrics.named('latency')).toHaveLength(1);
    expect(metrics.rejected.map((e) => e.message)).toEqual([
      'Invalid metric "latency": the value NaN is not a finite number',
    ]);
    expect(metrics.stats()).toEqual({ recorded: 4, rejected: 1 });
    await metrics.flush();
    await metrics.close();
    expect(metrics.flushes).toBe(1);
    expect(metrics.closed).toBe(true);
  });
});
