import type { InvalidMetricError } from '../errors.js';
import { checkMetric } from '../metric-check.js';
import type { MetricUnit } from '../metric-units.js';
import {
  DEFAULT_UNITS,
  type ManagedMetrics,
  type MetricDimensions,
  type MetricKind,
  type MetricsStats,
} from '../metrics-protocol.js';

/** One call a {@link RecordingMetrics} took, with the defaults applied. */
export interface RecordedMetric {
  readonly kind: MetricKind;
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
  readonly dimensions: MetricDimensions;
}

/**
 * A metrics implementation for tests: keeps every good call in `calls` and every refused one in
 * `rejected`, with the same checks as the real implementations (so a test sees a bad call the way
 * production would count it).
 *
 * @example
 * ```ts
 * const metrics = new RecordingMetrics();
 * app.use(requestMetrics({ metrics }));
 * // ... after a request
 * expect(metrics.calls).toContainEqual(expect.objectContaining({ name: 'http_requests', value: 1 }));
 * ```
 */
export class RecordingMetrics implements ManagedMetrics {
  readonly calls: RecordedMetric[] = [];
  readonly rejected: InvalidMetricError[] = [];
  flushes = 0;
  closed = false;

  count(name: string, value = 1, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#take('count', name, value, unit, dimensions);
  }
  gauge(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#take('gauge', name, value, unit, dimensions);
  }
  timing(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#take('timing', name, value, unit, dimensions);
  }
  flush(): Promise<void> {
    this.flushes += 1;
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  stats(): MetricsStats {
    return { recorded: this.calls.length, rejected: this.rejected.length };
  }
  /** The calls of one metric name. */
  named(name: string): RecordedMetric[] {
    return this.calls.filter((c) => c.name === name);
  }

  #take(kind: MetricKind, name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    const problem = checkMetric(name, value, unit, dimensions);
    if (problem !== undefined) {
      this.rejected.push(problem);
      return;
    }
    this.calls.push({ kind, name, value, unit: unit ?? DEFAULT_UNITS[kind], dimensions: { ...dimensions } });
  }
}
