// EmfMetrics: metrics aggregated per interval and written as CloudWatch Embedded Metric Format
// documents through a LogSink (the series, their bounds and the once-per-name reports are here;
// rendering and splitting the documents is emf-document.ts, the options emf-options.ts).
import { onExit } from '@dashtam/fd-writer/internal';
import { type LogSink, REDACTED } from '@dashtam/logger-protocol';
import { Redactor, reportFailure } from '@dashtam/logger-protocol/internal';
import {
  checkMetric,
  InvalidMetricError,
  type ManagedMetrics,
  type MetricDimensions,
  type MetricsStats,
  type MetricUnit,
} from '@dashtam/metrics-protocol';
import { DEFAULT_UNITS, METRIC_LIMITS, type MetricKind } from '@dashtam/metrics-protocol/internal';
import { type EmfGroup, type EmfSeries, renderDocuments } from './emf-document.js';
import { type EmfMetricsConfig, type EmfMetricsOptions, resolveEmfConfig } from './emf-options.js';

/** The counters of an `EmfMetrics`. */
export interface EmfMetricsStats extends MetricsStats {
  /** Calls whose value was taken. */
  readonly recorded: number;
  /** Calls refused for breaking a rule: `checkMetric`'s, too many dimensions with the defaults, or a second kind or unit for a name in one interval. */
  readonly rejected: number;
  /** Calls refused because `maxSeries` series were already held in the interval. */
  readonly overflow: number;
  /** EMF documents written to the sink. */
  readonly documents: number;
  /** Series held now, waiting for the interval's end. */
  readonly series: number;
  /** Values held now (a count's calls, gauge and timing samples). */
  readonly pending: number;
  /** Documents the sink threw on (a sink must not; reported). */
  readonly writeFailures: number;
}

// Most metric names reported as refused: a stream of distinct bad names cannot grow the set without bound.
const MAX_REPORTED_NAMES = 1000;
const defaultOnError = (error: Error): void => reportFailure(error, 'dashtam metrics');

/**
 * Metrics as CloudWatch Embedded Metric Format documents written through a `LogSink`: a
 * `CloudWatchSink` with `logFormat: 'json/emf'`, or JSON lines on stdout where the CloudWatch agent
 * or Lambda reads them. Values are aggregated per interval (60 s by default): a count's sum, and
 * every value of a gauge or timing (CloudWatch computes the statistics and percentiles), per metric
 * name and combination of dimension values. At the interval's end, on `flush()`, `close()` and at
 * process exit (the exit registry's 'metrics' phase, before any sink drains) they are written as
 * documents, one JSON line each, split to EMF's limits (100 metrics and 100 values per target per
 * document, 256 KiB) rather than cut.
 *
 * A metric call never throws and never does I/O: a call that breaks a rule is refused, counted and
 * reported once per metric name; a call that would start a series beyond `maxSeries` in an
 * interval is refused, counted in `overflow` and reported once per interval. A metric name has
 * one kind and one unit per interval: the first call of the interval sets them, and calls with
 * another are refused (counted in `rejected`).
 *
 * @example
 * ```ts
 * const sink = new CloudWatchSink({ logGroup: '/dashtam/production/app', logStream: 'metrics', logFormat: 'json/emf' });
 * const metrics = new EmfMetrics({ sink, namespace: 'Dashtam/production', defaultDimensions: { service: 'api' } });
 * metrics.timing('provider_latency', 182.4, 'Milliseconds', { provider: 'plaid' });
 * metrics.count('orders_placed');
 * await metrics.close(); // writes what the interval holds, then closes the sink
 * ```
 */
export class EmfMetrics implements ManagedMetrics {
  readonly #sink: LogSink;
  readonly #config: EmfMetricsConfig;
  readonly #clock: () => number;
  readonly #onError: (error: Error) => void;
  readonly #defaultKeys: readonly string[];
  readonly #redactor: Redactor;
  // Series by name and the call's own dimensions; several keys may lead to one series when the
  // defaults make their dimensions equal.
  #series = new Map<string, EmfSeries>();
  // Series by a frozen dimensions object (its identity) and name: a caller that reuses frozen
  // dimensions (requestMetrics does) skips building the key. Forgotten with the interval.
  #byFrozen = new WeakMap<object, Map<string, EmfSeries>>();
  // Series by merged dimensions (one document's worth each), and by their identity.
  #groups = new Map<string, EmfGroup>();
  #identities = new Map<string, EmfSeries>();
  // The kind and unit of each name in this interval.
  #names = new Map<string, EmfSeries>();
  #pending = 0;
  #startedAt: number | undefined;
  #overflowReported = false;
  readonly #reported = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  #early: NodeJS.Immediate | undefined;
  #closed = false;
  readonly #forgetAtExit: () => void;
  #recorded = 0;
  #rejected = 0;
  #overflow = 0;
  #documents = 0;
  #writeFailures = 0;

  /** @throws {InvalidEmfOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: EmfMetricsOptions) {
    this.#config = resolveEmfConfig(options);
    this.#sink = options.sink;
    this.#clock = options.clock ?? Date.now;
    this.#onError = options.onError ?? defaultOnError;
    this.#defaultKeys = Object.keys(this.#config.defaultDimensions);
    this.#redactor = new Redactor(options.redaction);
    this.#timer = setInterval(() => this.flushSync(), this.#config.interval);
    this.#timer.unref();
    this.#forgetAtExit = onExit('metrics', this, 'flushSync');
  }

  /** The resolved settings. */
  get settings(): EmfMetricsConfig {
    return this.#config;
  }

  count(name: string, value = 1, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#record('count', name, value, unit, dimensions);
  }

  gauge(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#record('gauge', name, value, unit, dimensions);
  }

  timing(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    this.#record('timing', name, value, unit, dimensions);
  }

  stats(): EmfMetricsStats {
    return {
      recorded: this.#recorded,
      rejected: this.#rejected,
      overflow: this.#overflow,
      documents: this.#documents,
      series: this.#identities.size,
      pending: this.#pending,
      writeFailures: this.#writeFailures,
    };
  }

  /**
   * Writes what the interval holds as documents to the sink, now, synchronously (the interval
   * timer, `flush()`, `close()` and the exit hook call it). A new interval starts. Never throws.
   */
  flushSync(): void {
    if (this.#early !== undefined) {
      clearImmediate(this.#early);
      this.#early = undefined;
    }
    if (this.#identities.size === 0) return;
    const groups = this.#groups;
    const started = this.#startedAt ?? this.#clock();
    // A clock that gives no finite time (a broken custom one) must not make the JSON invalid.
    const timestamp = Math.floor(Number.isFinite(started) ? started : Date.now());
    this.#series = new Map();
    this.#byFrozen = new WeakMap();
    this.#groups = new Map();
    this.#identities = new Map();
    this.#names = new Map();
    this.#pending = 0;
    this.#startedAt = undefined;
    this.#overflowReported = false;
    for (const group of groups.values()) {
      let documents: string[];
      try {
        documents = renderDocuments(group, this.#config.namespace, timestamp, this.#config.maxDocumentBytes);
      } catch (e) {
        this.#report(new Error('EMF documents could not be built', { cause: e }));
        continue;
      }
      for (const document of documents) {
        try {
          this.#sink.write(document, 'info', timestamp);
          this.#documents++;
        } catch (e) {
          this.#writeFailures++;
          this.#report(
            new Error(`the metrics sink threw on a document: ${e instanceof Error ? e.message : String(e)}`, {
              cause: e,
            }),
          );
        }
      }
    }
  }

  /** Writes what the interval holds, then waits for the sink's flush. Never rejects. */
  async flush(): Promise<void> {
    this.flushSync();
    await this.#sink.flush().catch(() => undefined);
  }

  /**
   * Writes what the interval holds, stops the timer and closes the sink. Later calls are written
   * at once, one document each, to the closed sink (which still hands them to an output). Never
   * rejects.
   */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      clearInterval(this.#timer);
      this.flushSync();
      this.#forgetAtExit();
    }
    await this.#sink.close().catch(() => undefined);
  }

  #record(kind: MetricKind, name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void {
    try {
      const u = unit ?? DEFAULT_UNITS[kind];
      // A call whose name and dimensions started a series already passed checkMetric's name and
      // dimension rules then (callKey is the same only for the same name and values; a frozen
      // dimensions object cannot change): what is left to check is the value, and the kind and
      // unit below. Another unit is checked in full, so that one CloudWatch does not know is
      // reported as such, not as a conflict.
      const frozen = isFrozenObject(dimensions) ? dimensions : undefined;
      let series = frozen === undefined ? undefined : this.#byFrozen.get(frozen)?.get(name);
      let key: string | undefined;
      if (series === undefined) {
        key = callKey(name, dimensions);
        series = key === undefined ? undefined : this.#series.get(key);
        if (series !== undefined && frozen !== undefined) this.#rememberFrozen(frozen, name, series);
      }
      if (series === undefined || !isGoodValue(value) || u !== series.unit) {
        const problem = checkMetric(name, value, unit, dimensions);
        if (problem !== undefined) {
          this.#refuse(problem);
          return;
        }
        key ??= callKey(name, dimensions) as string;
        series = this.#series.get(key) ?? this.#start(key, kind, name, u, dimensions);
        if (series === undefined) return;
        if (frozen !== undefined) this.#rememberFrozen(frozen, name, series);
      }
      if (series.kind !== kind || series.unit !== u) {
        this.#refuse(conflict(name, kind, u, series));
        return;
      }
      if (kind === 'count') {
        const sum = series.sum + value;
        if (Math.abs(sum) > METRIC_LIMITS.maxMagnitude) {
          this.#refuse(new InvalidMetricError(name, `the sum ${sum} would be out of range (at most 2^360)`));
          return;
        }
        series.sum = sum;
      } else {
        series.values.push(value);
      }
      this.#recorded++;
      this.#startedAt ??= this.#clock();
      if (++this.#pending >= this.#config.maxValues && this.#early === undefined) {
        this.#early = setImmediate(() => this.flushSync());
        this.#early.unref();
      }
      if (this.#closed) this.flushSync();
    } catch (e) {
      this.#report(new Error('metric call failed', { cause: e }));
    }
  }

  // The series a call starts, or undefined when the call is refused (counted and reported).
  #start(
    key: string,
    kind: MetricKind,
    name: string,
    unit: MetricUnit,
    dimensions: MetricDimensions | undefined,
  ): EmfSeries | undefined {
    const merged: Record<string, string> =
      this.#defaultKeys.length === 0 ? { ...dimensions } : { ...this.#config.defaultDimensions, ...dimensions };
    const keys = Object.keys(merged).sort();
    if (keys.length > METRIC_LIMITS.maxDimensions) {
      this.#refuse(
        new InvalidMetricError(
          name,
          `${keys.length} dimensions with the default dimensions (${keys.join(', ')}): at most ${METRIC_LIMITS.maxDimensions} are accepted`,
        ),
      );
      return undefined;
    }
    if (Object.hasOwn(merged, name)) {
      this.#refuse(new InvalidMetricError(name, `a default dimension has the metric's name`));
      return undefined;
    }
    // Dimension values are written in every document: redacted like a log record's values (a
    // secret-named key's value, and secrets found in any value), once, when the series starts.
    const dims = keys.map((k) => [k, this.#redactDimension(k, merged[k] as string)] as const);
    const groupKey = dims.map(([k, v]) => `${k}\u0001${v}\u0002`).join('');
    const identity = `${name}\u0000${groupKey}`;
    const same = this.#identities.get(identity);
    if (same !== undefined) {
      this.#series.set(key, same);
      return same;
    }
    const known = this.#names.get(name);
    if (known !== undefined && (known.kind !== kind || known.unit !== unit)) {
      this.#refuse(conflict(name, kind, unit, known));
      return undefined;
    }
    if (this.#identities.size >= this.#config.maxSeries) {
      this.#overflow++;
      if (!this.#overflowReported) {
        this.#overflowReported = true;
        this.#report(
          new Error(
            `${this.#config.maxSeries} series (maxSeries) already held in this interval: calls that start another are refused until it ends, counted in stats().overflow (first refused: ${JSON.stringify(name.slice(0, 80))})`,
          ),
        );
      }
      return undefined;
    }
    const series: EmfSeries = { name, kind, unit, sum: 0, values: [] };
    let group = this.#groups.get(groupKey);
    if (group === undefined) {
      group = { dimensions: dims, series: [] };
      this.#groups.set(groupKey, group);
    }
    group.series.push(series);
    this.#identities.set(identity, series);
    this.#series.set(key, series);
    if (known === undefined) this.#names.set(name, series);
    return series;
  }

  // CloudWatch takes a dimension value of 1 to 1024 characters, not only whitespace: redaction can
  // make one longer (`token=1` becomes `token=[REDACTED]`) or, with a censor of your own, empty.
  #rememberFrozen(dimensions: object, name: string, series: EmfSeries): void {
    // Only plain data: a getter on a frozen object can still answer differently at each call.
    for (const d of Object.values(Object.getOwnPropertyDescriptors(dimensions))) if (!('value' in d)) return;
    let byName = this.#byFrozen.get(dimensions);
    if (byName === undefined) {
      byName = new Map();
      this.#byFrozen.set(dimensions, byName);
    }
    byName.set(name, series);
  }

  #redactDimension(key: string, value: string): string {
    if (this.#redactor.isSecretKey(key)) return REDACTED;
    const redacted = this.#redactor.redactString(value);
    if (redacted.trim() === '') return REDACTED;
    return redacted.length > METRIC_LIMITS.maxDimensionValueLength
      ? redacted.slice(0, METRIC_LIMITS.maxDimensionValueLength)
      : redacted;
  }

  #refuse(error: InvalidMetricError): void {
    this.#rejected++;
    const name = typeof error.metric === 'string' ? error.metric : `(${typeof error.metric})`;
    if (this.#reported.has(name) || this.#reported.size >= MAX_REPORTED_NAMES) return;
    this.#reported.add(name);
    this.#report(error);
  }

  #report(error: Error): void {
    try {
      this.#onError(error);
    } catch {
      // onError must not throw; nowhere else to report to.
    }
  }
}

/**
 * The key of a call's series in the interval: the number of dimensions, the name and the
 * dimensions in the call's own key order (another order is another key leading to the same
 * series). Undefined when a dimension value is not a string (checkMetric refuses it). Two calls
 * have the same key only with the same name and dimensions: a name or dimension that holds one of
 * the separators (control characters, which checkMetric refuses when a series starts) makes a
 * longer key than any accepted one with as many dimensions.
 */
function callKey(name: unknown, dimensions: MetricDimensions | undefined): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (dimensions === undefined) return `0\u0000${name}`;
  if (dimensions === null || typeof dimensions !== 'object') return undefined;
  const keys = Object.keys(dimensions);
  let key = `${keys.length}\u0000${name}`;
  for (const k of keys) {
    const v = dimensions[k];
    if (typeof v !== 'string') return undefined;
    key += `\u0001${k}\u0002${v}`;
  }
  return key;
}

function isFrozenObject(value: unknown): value is MetricDimensions {
  return value !== null && typeof value === 'object' && Object.isFrozen(value);
}

// A finite number within CloudWatch's range (NaN fails the comparison).
function isGoodValue(value: unknown): boolean {
  return typeof value === 'number' && Math.abs(value) <= METRIC_LIMITS.maxMagnitude;
}

function conflict(name: string, kind: MetricKind, unit: MetricUnit, first: EmfSeries): InvalidMetricError {
  return new InvalidMetricError(
    name,
    `recorded as ${kind} in ${unit}, but this interval already holds it as ${first.kind} in ${first.unit}: a metric name has one kind and one unit per interval`,
  );
}
