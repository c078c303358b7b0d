import { CloudWatchAdapter, type FallbackDestination } from '@dashtam/adapter-cloudwatch';
import { ConsoleAdapter, type ConsoleDestination } from '@dashtam/adapter-console';
import type { ManagedLogger, TraceContext } from '@dashtam/logger-protocol';
import type { Settings } from './settings.js';
import { getSpanId, getTraceId } from './trace-context.js';

/** What the factory may be given instead of its defaults (tests and embedding apps). */
export interface LoggerDependencies {
  /** Console output. @default stdout */
  readonly destination?: ConsoleDestination;
  /** @default the container's getTraceId */
  readonly traceContext?: TraceContext;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Where the CloudWatch adapter's fallback lines go. @default stderr */
  readonly fallback?: FallbackDestination;
}

/**
 * Builds the logger the settings call for: `development` → pretty console, `testing`/`ci` → JSON
 * console, `staging`/`production` → CloudWatch. The only place adapters are constructed.
 */
export function createLogger(settings: Settings, deps: LoggerDependencies = {}): ManagedLogger {
  const common = {
    level: settings.logLevel,
    traceContext: deps.traceContext ?? getTraceId,
    spanContext: getSpanId,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.destination !== undefined ? { destination: deps.destination } : {}),
  };
  switch (settings.environment) {
    case 'development':
      return new ConsoleAdapter({
        ...common,
        format: 'pretty',
        ...(settings.colors !== undefined ? { colors: settings.colors } : {}),
      });
    case 'testing':
    case 'ci':
      return new ConsoleAdapter({ ...common, format: 'json' });
    case 'staging':
    case 'production':
      // Group and stream as in the spec: /dashtam/{environment}/app, {instance_id}/{YYYY-MM-DD}.
      // The endpoint comes from AWS_ENDPOINT_URL(_CLOUDWATCH_LOGS), credentials from the SDK chain.
      return new CloudWatchAdapter({
        level: common.level,
        traceContext: common.traceContext,
        spanContext: common.spanContext,
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.fallback !== undefined ? { fallback: deps.fallback } : {}),
        logGroup: `/dashtam/${settings.environment}/app`,
        instanceId: settings.instanceId,
        region: settings.awsRegion,
        ...(settings.cloudWatchEndpoint !== undefined ? { endpoint: settings.cloudWatchEndpoint } : {}),
        retentionInDays: settings.logRetentionDays,
        batchSize: settings.logBatchSize,
        flushInterval: settings.logBatchIntervalMs,
        maxBufferEvents: settings.logBufferMaxEvents,
        maxBufferBytes: settings.logBufferMaxBytes,
      });
  }
}
