import type { MetricUnit } from './metric-units.js';

/**
 * Dimensions of one metric value: names to values, both non-empty strings
 * (`{ route: '/users/:id', status_class: '2xx' }`). Every distinct combination is a separate
 * series in the backend (and a separate custom metric on CloudWatch's bill): never put ids in them.
 */
export type MetricDimensions = Readonly<Record<string, string>>;

/** What a metric call records; implementations aggregate each kind its own way. */
export const MetricKind = {
  /** Added up over an interval: requests, errors. */
  Count: 'count',
  /** A level seen at a moment: queue depth, pool size. Every value seen is kept. */
  Gauge: 'gauge',
  /** A duration or any other distribution sample: every value seen is kept. */
  Timing: 'timing',
} as const;
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

/**
 * The metrics port. Application code records through it and never learns where metrics go
 * (CloudWatch EMF, a console line, a test's memory). Like a log call, a metric call never throws
 * and never waits on I/O: a value that breaks the rules ({@link checkMetric}) is reported and
 * counted by the implementation, not thrown at the caller.
 *
 * @example
 * ```ts
 * metrics.count('orders_placed', 1, 'Count', { channel: 'web' });
 * metrics.timing('provider_latency', 182.4, 'Milliseconds', { provider: 'plaid' });
 * metrics.gauge('queue_depth', 17);
 * ```
 */
export interface MetricsProtocol {
  /** Adds `value` (default 1, unit default `Count`) to a counter for this interval. */
  count(name: string, value?: number, unit?: MetricUnit, dimensions?: MetricDimensions): void;
  /** Records a level seen now (unit default `None`). */
  gauge(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void;
  /** Records one sample of a distribution, a duration most often (unit default `Milliseconds`). */
  timing(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void;
}

/** Counters every implementation keeps. */
export interface MetricsStats {
  /** Calls whose value was taken. */
  readonly recorded: number;
  /** Calls refused because they broke a rule (each reported once per metric name). */
  readonly rejected: number;
  readonly [counter: string]: number;
}

/** What the composition root holds: the port plus flushing, closing and counters. */
export interface ManagedMetrics extends MetricsProtocol {
  /** Writes out everything recorded so far. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops the interval timer; later calls still reach an output. Never rejects. */
  close(): Promise<void>;
  stats(): MetricsStats;
}

/** The unit a kind gets when the call gives none. */
export const DEFAULT_UNITS: Readonly<Record<MetricKind, MetricUnit>> = {
  count: 'Count',
  gauge: 'None',
  timing: 'Milliseconds',
};
