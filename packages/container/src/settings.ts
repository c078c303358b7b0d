import { hostname } from 'node:os';
import { InvalidLogLevelError, type LogLevel, parseLogLevel } from '@dashtam/logger-protocol';
import { type Environment, parseEnvironment } from './environment.js';
import { InvalidSettingError } from './errors.js';

/** Everything the container reads from the environment, typed and defaulted. */
export interface Settings {
  /** `ENVIRONMENT`. @default 'development' */
  readonly environment: Environment;
  /** The `ENVIRONMENT` value that was not recognised (development is used instead), else undefined. */
  readonly unknownEnvironment?: string | undefined;
  /** `LOG_LEVEL`. @default 'debug' in development, 'info' elsewhere */
  readonly logLevel: LogLevel;
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`). @default 'us-east-1' */
  readonly awsRegion: string;
  /** `INSTANCE_ID`, for the CloudWatch stream name. @default the host name */
  readonly instanceId: string;
  /** `NO_COLOR` set to anything non-empty turns colours off; `FORCE_COLOR` turns them on. */
  readonly colors: boolean | undefined;
  /** `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, else `AWS_ENDPOINT_URL`: the CloudWatch Logs endpoint. */
  readonly cloudWatchEndpoint: string | undefined;
  /** `LOG_RETENTION_DAYS`: retention set on the log group when given. */
  readonly logRetentionDays: number | undefined;
}

/** An environment as a plain map (process.env by default). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function parseRetention(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!RETENTION_DAYS.includes(n)) {
    throw new InvalidSettingError(
      'LOG_RETENTION_DAYS',
      `${JSON.stringify(value)} is not one of CloudWatch's values: ${RETENTION_DAYS.join(', ')}`,
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
  try {
    logLevel = env.LOG_LEVEL?.trim() ? parseLogLevel(env.LOG_LEVEL) : environment === 'development' ? 'debug' : 'info';
  } catch (e) {
    const detail = e instanceof InvalidLogLevelError ? e.message : String(e);
    throw new InvalidSettingError('LOG_LEVEL', detail, { cause: e });
  }
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forceColor = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  return Object.freeze({
    environment,
    unknownEnvironment,
    logLevel,
    awsRegion: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    instanceId: env.INSTANCE_ID?.trim() || hostname(),
    colors: noColor ? false : forceColor ? true : undefined,
    cloudWatchEndpoint: env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined,
    logRetentionDays: parseRetention(env.LOG_RETENTION_DAYS),
  });
}
