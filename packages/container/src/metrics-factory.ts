import { CloudWatchSink, EmfMetrics, LogFormat } from '@dashtam/adapter-cloudwatch';
import { ConsoleSink } from '@dashtam/adapter-console';
import type { LogSink } from '@dashtam/logger-protocol';
import type { ManagedMetrics } from '@dashtam/metrics-protocol';
import { isDevelopmentConsole, type LoggerDependencies } from './logger-factory.js';
import { NoopMetrics } from './noop-metrics.js';
import type { Settings } from './settings.js';

/**
 * Builds the metrics the settings call for: CloudWatch Embedded Metric Format documents, through a
 * CloudWatch sink of their own (`x-amzn-logs-format: json/emf`, the logger's group, the stream
 * `metrics/{instance_id}/{YYYY-MM-DD}`) when `LOG_SINKS` names cloudwatch, else as JSON lines on
 * stdout (the CloudWatch agent and Lambda extract metrics from those lines), except in development,
 * where each document is one summary line on the console beside the pretty records (the console
 * sink's `emf-summary` format). `METRICS=off` gives metrics that do nothing. No default dimensions: the
 * environment is in the namespace (`Dashtam/{ENVIRONMENT}` unless `METRICS_NAMESPACE` says
 * otherwise).
 *
 * @example
 * ```ts
 * const metrics = createMetrics(loadSettings({ ENVIRONMENT: 'testing' }));
 * metrics.count('orders_placed');
 * await metrics.close();
 * ```
 */
export function createMetrics(settings: Settings, deps: LoggerDependencies = {}): ManagedMetrics {
  if (!settings.metrics) return new NoopMetrics();
  return new EmfMetrics({
    sink: metricsSink(settings, deps),
    namespace: settings.metricsNamespace,
    interval: settings.metricsIntervalSeconds * 1000,
    ...(deps.clock !== undefined ? { clock: deps.clock } : {}),
    // Dimension values are redacted with the logger's own rules (your keys and patterns included).
    ...(deps.redaction !== undefined ? { redaction: deps.redaction } : {}),
  });
}

function metricsSink(settings: Settings, deps: LoggerDependencies): LogSink {
  if (settings.logSinks.some((s) => s.name === 'cloudwatch')) {
    // A stream of their own beside the records' `{instance_id}/{day}`: readers of the log streams
    // (by instance prefix) do not meet the documents, and no call mixes them with log lines.
    return new CloudWatchSink({
      ...(deps.fallback !== undefined ? { fallback: deps.fallback } : {}),
      logGroup: `/dashtam/${settings.environment}/app`,
      // The stream `metrics/{instance_id}/{YYYY-MM-DD}`: the default per-day stream under this prefix.
      instanceId: `metrics/${settings.instanceId}`,
      logFormat: LogFormat.Emf,
      region: settings.awsRegion,
      ...(settings.cloudWatchEndpoint !== undefined ? { endpoint: settings.cloudWatchEndpoint } : {}),
      retentionInDays: settings.logRetentionDays,
      flushInterval: settings.logBatchIntervalMs,
      ...(settings.spool !== undefined ? { spool: settings.spool } : {}),
    });
  }
  // A developer's terminal gets a readable line per document where the pretty records are written
  // (same destination, unbuffered like them); a machine reading stdout gets the EMF JSON.
  const development = isDevelopmentConsole(settings);
  return new ConsoleSink({
    format: development ? 'emf-summary' : 'json',
    ...(development && settings.colors !== undefined ? { colors: settings.colors } : {}),
    ...(deps.destination !== undefined ? { destination: deps.destination } : {}),
  });
}
