import type { LogSink, RedactionOptions } from '@dashtam/logger-protocol';
import { type IntegerRange, integerOption } from '@dashtam/logger-protocol/internal';
import { checkMetric, type MetricDimensions } from '@dashtam/metrics-protocol';
import { METRIC_LIMITS } from '@dashtam/metrics-protocol/internal';
import { InvalidEmfOptionsError } from './errors.js';

/** What a user may pass to `EmfMetrics`. `sink` and `namespace` are required. */
export interface EmfMetricsOptions {
  /**
   * Where the EMF documents go, one JSON line each (`sink.write(line, 'info', time)`): a
   * `CloudWatchSink` with `logFormat: 'json/emf'`, or a JSON console sink on stdout (which the
   * CloudWatch agent and Lambda read). The metrics own it: `close()` closes it.
   */
  readonly sink: LogSink;
  /**
   * The CloudWatch namespace of every metric: 1 to 255 characters of `0-9A-Za-z . - _ / # :` and
   * space, not only spaces, not starting with `AWS/` (reserved for AWS's own metrics).
   */
  readonly namespace: string;
  /**
   * Dimensions added to every value (`{ service: 'api' }`); a call's own dimensions win on the
   * same key. Together with a call's, at most 9 keys (EMF's limit). @default none
   */
  readonly defaultDimensions?: MetricDimensions;
  /** Length of an aggregation interval in ms: documents are written at its end. @default 60000 */
  readonly interval?: number;
  /**
   * Most series (a metric name with one combination of dimension values) held in one interval;
   * calls that would start another are refused, counted in `overflow` and reported. A bound on
   * memory when a dimension takes unbounded values (a user id). @default 1000
   */
  readonly maxSeries?: number;
  /**
   * Values (counts, gauge and timing samples) held before the interval is written early, on the
   * next turn of the event loop: memory stays bounded in a hot loop, and nothing is dropped.
   * @default 100000
   */
  readonly maxValues?: number;
  /**
   * Largest document, UTF-8 bytes of the line: 262,118 is CloudWatch's 256 KiB event limit less
   * its 26 bytes of overhead per event. Documents are split to stay within it. @default 262118
   */
  readonly maxDocumentBytes?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /**
   * The rules dimension values are redacted with (a secret-named key's value becomes
   * `[REDACTED]`, secrets found in a value are cut out), as in log records: give the logger's.
   * @default the built-in rules
   */
  readonly redaction?: RedactionOptions;
  /**
   * Where refused calls, overflow and sink failures are reported (once per metric name, once per
   * interval for overflow). Must not throw. @default one redacted JSON line on stderr
   */
  readonly onError?: (error: Error) => void;
}

/** The resolved, defaulted form of {@link EmfMetricsOptions}. */
export interface EmfMetricsConfig {
  readonly namespace: string;
  readonly defaultDimensions: MetricDimensions;
  readonly interval: number;
  readonly maxSeries: number;
  readonly maxValues: number;
  readonly maxDocumentBytes: number;
}

/** The limits of CloudWatch Embedded Metric Format documents, and the accepted option ranges. */
export const EMF_LIMITS = Object.freeze({
  /** Metric definitions in one document (one directive). */
  maxMetricsPerDocument: 100,
  /** Values in one metric target (an array). */
  maxValuesPerTarget: 100,
  /** Keys in one dimension set. */
  maxDimensions: METRIC_LIMITS.maxDimensions,
  interval: { default: 60_000, min: 1, max: 3_600_000 },
  maxSeries: { default: 1000, min: 1, max: 1_000_000 },
  maxValues: { default: 100_000, min: 100, max: 100_000_000 },
  // The floor leaves room for the largest single metric: 9 dimensions of 255-character keys and
  // 1024-character values (3 UTF-8 bytes each at worst), a 255-character name, 100 values.
  maxDocumentBytes: { default: 262_144 - 26, min: 65_536, max: 1_048_576 - 26 },
});

// CloudWatch's namespace rule (PutMetricData): ASCII letters, digits and . - _ / # : and space.
const NAMESPACE = /^[0-9A-Za-z.\-_/#: ]{1,255}$/;

/**
 * Checks a CloudWatch metric namespace: 1 to 255 characters of `0-9A-Za-z . - _ / # :` and space,
 * not only spaces, not starting with `AWS/`. Returns what is wrong and what is accepted, or
 * undefined when it is good.
 *
 * @example
 * ```ts
 * checkEmfNamespace('Dashtam/production'); // undefined
 * checkEmfNamespace('AWS/Lambda'); // 'expected 1 to 255 characters of ..., got "AWS/Lambda"'
 * ```
 */
export function checkEmfNamespace(namespace: unknown): string | undefined {
  if (
    typeof namespace === 'string' &&
    NAMESPACE.test(namespace) &&
    namespace.trim() !== '' &&
    !namespace.startsWith('AWS/')
  ) {
    return undefined;
  }
  return `expected 1 to 255 characters of 0-9A-Za-z . - _ / # : and space, not only spaces and not starting with "AWS/", got ${JSON.stringify(namespace)}`;
}

function integer(options: EmfMetricsOptions, key: keyof EmfMetricsOptions, range: IntegerRange): number {
  return integerOption(options[key], range, (problem) => new InvalidEmfOptionsError(key, problem));
}

/** Validates the options and applies defaults. @throws {InvalidEmfOptionsError} */
export function resolveEmfConfig(options: EmfMetricsOptions): EmfMetricsConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidEmfOptionsError('options', 'expected an object with at least sink and namespace');
  }
  const { sink, namespace } = options;
  if (
    sink === null ||
    typeof sink !== 'object' ||
    typeof sink.write !== 'function' ||
    typeof sink.flush !== 'function' ||
    typeof sink.close !== 'function'
  ) {
    throw new InvalidEmfOptionsError('sink', 'expected a LogSink (write, flush and close methods)');
  }
  const namespaceProblem = checkEmfNamespace(namespace);
  if (namespaceProblem !== undefined) throw new InvalidEmfOptionsError('namespace', namespaceProblem);
  const defaults = options.defaultDimensions ?? {};
  // The defaults follow the rules of a call's dimensions; a name that is no dimension key stands in for the metric.
  const problem = checkMetric('\u{1F4CF}', 0, undefined, defaults);
  if (problem !== undefined) {
    throw new InvalidEmfOptionsError('defaultDimensions', problem.message.replace(/^Invalid metric "[^"]*": /, ''));
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidEmfOptionsError('onError', `expected a function, got ${typeof options.onError}`);
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new InvalidEmfOptionsError('clock', `expected a function, got ${typeof options.clock}`);
  }
  return {
    namespace,
    defaultDimensions: Object.freeze({ ...defaults }),
    interval: integer(options, 'interval', EMF_LIMITS.interval),
    maxSeries: integer(options, 'maxSeries', EMF_LIMITS.maxSeries),
    maxValues: integer(options, 'maxValues', EMF_LIMITS.maxValues),
    maxDocumentBytes: integer(options, 'maxDocumentBytes', EMF_LIMITS.maxDocumentBytes),
  };
}
