// The container's settings: every environment variable read and checked at the start, with a
// clear error naming the variable and what it accepts (groups of them in the *-settings.ts files
// beside this one).
import { hostname } from 'node:os';
import {
  CLOUDWATCH_RETENTION_DAYS,
  DEFAULT_RETENTION_DAYS,
  isCloudWatchRetentionDays,
} from '@dashtam/adapter-cloudwatch/internal';
import type { LogLevel } from '@dashtam/logger-protocol';
import { InvalidLevelSpecError, parseLevelSpec } from '@dashtam/logger-protocol/internal';
import { type BatchingSettings, loadBatchingSettings } from './batching-settings.js';
import { type Environment, parseEnvironment } from './environment.js';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';
import { loadMetricsSettings, type MetricsSettings } from './metrics-settings.js';
import { loadOtlpSettings, type OtlpSettings } from './otlp-settings.js';
import { loadScopeSettings, type ScopeSettings } from './scope-settings.js';
import { parseSinks, SinkName, type SinkSetting } from './sinks-setting.js';
import { loadSpoolSettings, type SpoolSettingsGroup } from './spool-settings.js';

/**
 * Everything the container reads from the environment, typed and defaulted; the CloudWatch
 * batching settings (`LOG_BATCH_SIZE`, `LOG_BATCH_INTERVAL_MS`, `LOG_BUFFER_MAX_EVENTS`,
 * `LOG_BUFFER_MAX_BYTES`) and the metrics settings (`METRICS`, `METRICS_NAMESPACE`, `METRICS_INTERVAL`)
 * included.
 */
export interface Settings extends BatchingSettings, ScopeSettings, MetricsSettings, SpoolSettingsGroup {
  /** `ENVIRONMENT`. @default 'development' */
  readonly environment: Environment;
  /** The `ENVIRONMENT` value that was not recognised (development is used instead), else undefined. */
  readonly unknownEnvironment?: string | undefined;
  /** `LOG_LEVEL`'s default level (`info` in `info,db=debug`). @default 'debug' in development, 'info' elsewhere */
  readonly logLevel: LogLevel;
  /** `LOG_LEVEL`'s levels by logger name (`db=debug`). @default none */
  readonly logLevels: Readonly<Record<string, LogLevel>>;
  /**
   * `LOG_SINKS`: where records go, e.g. `console,cloudwatch` or `console:warning,cloudwatch`.
   * @default console in development, testing and ci; cloudwatch in staging and production
   */
  readonly logSinks: readonly SinkSetting[];
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`). @default 'us-east-1' */
  readonly awsRegion: string;
  /** `INSTANCE_ID`, for the CloudWatch stream name. @default the host name */
  readonly instanceId: string;
  /** `NO_COLOR` set to anything non-empty turns colours off; `FORCE_COLOR` turns them on. */
  readonly colors: boolean | undefined;
  /** `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, else `AWS_ENDPOINT_URL`: the CloudWatch Logs endpoint. */
  readonly cloudWatchEndpoint: string | undefined;
  /**
   * `LOG_RETENTION_DAYS`: retention set on the log group when the adapter creates it; `'never'`
   * (from `never` or `0`) keeps logs forever. @default 30
   */
  readonly logRetentionDays: number | 'never';
  /**
   * The OTLP sink's endpoint, protocol, headers and service name, from `OTEL_EXPORTER_OTLP_*` and
   * `OTEL_SERVICE_NAME`; read (and checked) only when `LOG_SINKS` names `otlp`, else undefined.
   */
  readonly otlp: OtlpSettings | undefined;
}

/** An environment as a plain map (process.env by default). */
export type { EnvironmentVariables };

function parseRetention(value: string | undefined): number | 'never' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return DEFAULT_RETENTION_DAYS;
  if (v === 'never' || v === '0') return 'never';
  const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
  if (!isCloudWatchRetentionDays(n)) {
    throw new InvalidSettingError(
      'LOG_RETENTION_DAYS',
      `${JSON.stringify(value)} is not accepted: expected one of CloudWatch's retention periods in days (${CLOUDWATCH_RETENTION_DAYS.join(', ')}), or "never" (or 0) to keep logs forever; unset means ${DEFAULT_RETENTION_DAYS}`,
    );
  }
  return n;
}

/**
 * Reads the settings from the environment, in this one place.
 *
 * An unknown `ENVIRONMENT` does not throw: development is used and the value is kept in
 * `unknownEnvironment` for the container's warning.
 *
 * @throws {InvalidSettingError} naming the variable and the accepted values.
 * @example
 * ```ts
 * const settings = loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'warn' });
 * settings.logLevel; // 'warning'
 * ```
 */
export function loadSettings(env: EnvironmentVariables = process.env): Settings {
  const { environment, unknown: unknownEnvironment } = parseEnvironment(env.ENVIRONMENT);
  let logLevel: LogLevel;
  let logLevels: Readonly<Record<string, LogLevel>> = {};
  try {
    const spec = env.LOG_LEVEL?.trim() ? parseLevelSpec(env.LOG_LEVEL) : undefined;
    logLevel = spec?.level ?? (environment === 'development' ? 'debug' : 'info');
    logLevels = spec?.levels ?? {};
  } catch (e) {
    const detail = e instanceof InvalidLevelSpecError ? e.message : String(e);
    throw new InvalidSettingError('LOG_LEVEL', detail, { cause: e });
  }
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const logSinks = parseSinks(env.LOG_SINKS, environment);
  const forceColor = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  return Object.freeze({
    environment,
    unknownEnvironment,
    logLevel,
    logLevels,
    logSinks,
    awsRegion: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    instanceId: env.INSTANCE_ID?.trim() || hostname(),
    colors: noColor ? false : forceColor ? true : undefined,
    cloudWatchEndpoint: env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined,
    logRetentionDays: parseRetention(env.LOG_RETENTION_DAYS),
    otlp: logSinks.some((s) => s.name === SinkName.Otlp) ? loadOtlpSettings(env) : undefined,
    ...loadBatchingSettings(env),
    ...loadScopeSettings(env),
    ...loadMetricsSettings(env, environment),
    ...loadSpoolSettings(env),
  });
}
