import { CloudWatchAdapter, type FallbackDestination } from '@dashtam/adapter-cloudwatch';
import { ConsoleAdapter, type ConsoleDestination } from '@dashtam/adapter-console';
import { type ManagedLogger, type RedactionOptions, sanitize, type TraceContext } from '@dashtam/logger-protocol';
import { ACCEPTED_ENVIRONMENTS } from './environment.js';
import type { Settings } from './settings.js';
import { getActiveSpanContext, getCorrelationId, getTraceId } from './trace-context.js';

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
  /** Your own secret keys and formats, allow-listed keys, and the censor. @default the built-in rules */
  readonly redaction?: RedactionOptions;
}

/**
 * Builds the logger the settings call for: `development` → pretty console, `testing`/`ci` → JSON
 * console, `staging`/`production` → CloudWatch. The only place adapters are constructed.
 *
 * When `ENVIRONMENT` held a value that is not recognised (`settings.unknownEnvironment`), the
 * development console is used and its first record is one warning naming the value and the
 * accepted ones.
 */
export function createLogger(settings: Settings, deps: LoggerDependencies = {}): ManagedLogger {
  const logger = buildLogger(settings, deps);
  if (settings.unknownEnvironment !== undefined) {
    logger.warning('Unknown ENVIRONMENT, using development', {
      variable: 'ENVIRONMENT',
      received: sanitize(settings.unknownEnvironment, { maxLength: 64 }),
      accepted: ACCEPTED_ENVIRONMENTS,
    });
  }
  return logger;
}

function buildLogger(settings: Settings, deps: LoggerDependencies): ManagedLogger {
  const common = {
    level: settings.logLevel,
    traceContext: deps.traceContext ?? getTraceId,
    spanContext: getActiveSpanContext,
    correlationContext: getCorrelationId,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.redaction !== undefined ? { redaction: deps.redaction } : {}),
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
        correlationContext: common.correlationContext,
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.redaction !== undefined ? { redaction: deps.redaction } : {}),
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
