import { InvalidLogLevelError } from './errors.js';
import { LOG_LEVEL_VALUES, LOG_LEVELS, type LogLevel } from './record-schema.js';

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
