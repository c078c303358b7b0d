import { InvalidLogLevelError } from './errors.js';

/**
 * The five levels, in rising severity (aligned with Python logging, structlog and CloudWatch).
 *
 * @example
 * ```ts
 * if (LOG_LEVEL_VALUES[LogLevel.Error] >= LOG_LEVEL_VALUES[LogLevel.Info]) { ... }
 * ```
 */
export const LogLevel = {
  Debug: 'debug',
  Info: 'info',
  Warning: 'warning',
  Error: 'error',
  Critical: 'critical',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Numeric severity of each level: higher is more severe. */
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = Object.freeze({
  debug: 10,
  info: 20,
  warning: 30,
  error: 40,
  critical: 50,
});

/** Every level name, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze([
  LogLevel.Debug,
  LogLevel.Info,
  LogLevel.Warning,
  LogLevel.Error,
  LogLevel.Critical,
]);

const ALIASES: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>([
  ['debug', 'debug'],
  ['info', 'info'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['error', 'error'],
  ['critical', 'critical'],
]);

/**
 * Parses a level name in any case (`INFO`, `Warning`, `WARN`, ...), ignoring surrounding spaces.
 *
 * @throws {InvalidLogLevelError} when the value names no level; the message lists the accepted ones.
 * @example
 * ```ts
 * parseLogLevel(process.env.LOG_LEVEL ?? 'info'); // 'info'
 * parseLogLevel('WARN'); // 'warning'
 * ```
 */
export function parseLogLevel(value: unknown): LogLevel {
  if (typeof value === 'string') {
    const level = ALIASES.get(value.trim().toLowerCase());
    if (level !== undefined) return level;
  }
  throw new InvalidLogLevelError(value, LOG_LEVELS);
}

/** True when `level` is at or above `minimum`. */
export function isLevelEnabled(level: LogLevel, minimum: LogLevel): boolean {
  return LOG_LEVEL_VALUES[level] >= LOG_LEVEL_VALUES[minimum];
}
