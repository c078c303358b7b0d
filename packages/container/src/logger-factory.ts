// The logger factory: the only place sinks and the logger are built from the settings (and the
// debug tail buffer and scope policy they call for).
import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { ConsoleSink } from '@dashtam/adapter-console';
import { OtlpSink } from '@dashtam/adapter-otlp';
import type { FallbackDestination } from '@dashtam/fd-writer';
import {
  DebugTailBuffer,
  fanOut,
  Logger,
  type LogSink,
  type RedactionOptions,
  sanitize,
} from '@dashtam/logger-protocol';
import type { TraceContext } from '@dashtam/logger-protocol/internal';
import { getActiveSpanContext, getCorrelationId, getTraceId } from './active-ids.js';
import { ACCEPTED_ENVIRONMENTS } from './environment.js';
import { loadOtlpSettings } from './otlp-settings.js';
import { setScopePolicy } from './scope-policy.js';
import type { Settings } from './settings.js';
import type { SinkName } from './sinks-setting.js';
import { getLogScope } from './trace-context.js';

/** What the factory may be given instead of its defaults (tests and embedding apps). */
export interface LoggerDependencies {
  /** Console output. @default stdout */
  readonly destination?: FallbackDestination;
  /** @default the container's getTraceId */
  readonly traceContext?: TraceContext;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Where the CloudWatch and OTLP sinks' fallback lines go. @default stderr */
  readonly fallback?: FallbackDestination;
  /** Your own secret keys and formats, allow-listed keys, and the censor. @default the built-in rules */
  readonly redaction?: RedactionOptions;
  /** The debug tail buffer to use (the container passes its own); undefined builds one from the settings. */
  readonly debugTail?: DebugTailBuffer | undefined;
}

/** The debug tail buffer `LOG_DEBUG_TAIL` and its limits call for, or undefined when it is off. */
export function debugTailFor(settings: Settings): DebugTailBuffer | undefined {
  return settings.debugTail
    ? new DebugTailBuffer({
        maxRecords: settings.debugTailMaxRecords,
        maxBytes: settings.debugTailMaxBytes,
        maxTotalBytes: settings.debugTailMaxTotalBytes,
        maxTotalRecords: Math.max(settings.debugTailMaxRecords, Math.floor(settings.debugTailMaxTotalBytes / 64)),
      })
    : undefined;
}

/**
 * Builds the logger the settings call for: one {@link Logger} over the sinks `LOG_SINKS` names
 * (by default `development` → pretty console, `testing`/`ci` → JSON console,
 * `staging`/`production` → CloudWatch), several of them through `fanOut`. The only place sinks and
 * loggers are constructed.
 *
 * When `ENVIRONMENT` held a value that is not recognised (`settings.unknownEnvironment`), the
 * development console is used and its first record is one warning naming the value and the
 * accepted ones.
 */
export function createLogger(settings: Settings, deps: LoggerDependencies = {}): Logger {
  const sinks = settings.logSinks.map((s) => ({ sink: buildSink(s.name, settings, deps), level: s.level }));
  const [only] = sinks;
  const sink =
    sinks.length === 1 && only !== undefined && only.level === undefined
      ? only.sink
      : fanOut(...sinks.map((s) => (s.level === undefined ? s.sink : { sink: s.sink, level: s.level })));
  const debugTail = deps.debugTail !== undefined ? deps.debugTail : debugTailFor(settings);
  // Trace scopes opened from now on (requests, jobs) get a tail from this buffer and their sampling.
  setScopePolicy({ debugTail, sampleRate: settings.sampleRate });
  const logger = new Logger({
    sink,
    level: settings.logLevel,
    levels: settings.logLevels,
    scope: getLogScope,
    ...(debugTail !== undefined ? { debugTail } : {}),
    sampling: settings.sampleRate > 0,
    traceContext: deps.traceContext ?? getTraceId,
    spanContext: getActiveSpanContext,
    correlationContext: getCorrelationId,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.redaction !== undefined ? { redaction: deps.redaction } : {}),
  });
  if (settings.unknownEnvironment !== undefined) {
    logger.warning('Unknown ENVIRONMENT, using development', {
      variable: 'ENVIRONMENT',
      received: sanitize(settings.unknownEnvironment, { maxLength: 64 }),
      accepted: ACCEPTED_ENVIRONMENTS,
    });
  }
  return logger;
}

/**
 * Whether the console is a developer's terminal (development: pretty records, metrics as summary
 * lines) rather than read by a machine (JSON lines). The one place this is decided.
 */
export function isDevelopmentConsole(settings: Settings): boolean {
  return settings.environment === 'development';
}

function buildSink(name: SinkName, settings: Settings, deps: LoggerDependencies): LogSink {
  switch (name) {
    case 'console':
      // Pretty for a developer's terminal; JSON lines everywhere a machine reads the output.
      return new ConsoleSink({
        format: isDevelopmentConsole(settings) ? 'pretty' : 'json',
        ...(settings.colors !== undefined ? { colors: settings.colors } : {}),
        ...(deps.destination !== undefined ? { destination: deps.destination } : {}),
      });
    case 'cloudwatch':
      // Group and stream as in the spec: /dashtam/{environment}/app, {instance_id}/{YYYY-MM-DD}.
      // The endpoint comes from AWS_ENDPOINT_URL(_CLOUDWATCH_LOGS), credentials from the SDK chain.
      return new CloudWatchSink({
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
        ...(settings.spool !== undefined ? { spool: settings.spool } : {}),
      });
    case 'otlp': {
      // The OTel spec's variables, read in settings.ts; the environment is deployment.environment.
      const otlp = settings.otlp ?? loadOtlpSettings({});
      return new OtlpSink({
        ...(deps.fallback !== undefined ? { fallback: deps.fallback } : {}),
        endpoint: otlp.endpoint,
        protocol: otlp.protocol,
        headers: otlp.headers,
        serviceName: otlp.serviceName,
        deploymentEnvironment: settings.environment,
        ...(settings.spool !== undefined ? { spool: settings.spool } : {}),
      });
    }
  }
}
