import { type LogLevel, parseLogLevel } from '@dashtam/logger-protocol';
import { isLevelEnabled, LOG_LEVELS } from '@dashtam/logger-protocol/internal';
import { UsageError } from './errors.js';

/** One `--grep key=value` condition. */
export interface GrepCondition {
  readonly key: string;
  readonly value: string;
}

/** What lines to keep: all conditions must hold. */
export interface RecordFilterOptions {
  /** Lowest level kept. @default every level */
  readonly level?: LogLevel;
  /** Every condition must match a top-level field (its string form). @default none */
  readonly grep?: readonly GrepCondition[];
  /** Only records with this `trace_id`. @default any */
  readonly traceId?: string;
}

/** A parsed record line: what the filter and the renderer need. */
export interface ParsedRecord {
  readonly record: Record<string, unknown>;
  readonly level: LogLevel;
  readonly time: number;
}

const LEVELS: ReadonlySet<string> = new Set(LOG_LEVELS);

/**
 * A record line (a JSON object with a known `level`, a `message` and an ISO `timestamp`), parsed;
 * undefined for anything else (plain text, other JSON), which the commands pass through.
 *
 * @example
 * ```ts
 * parseRecord('{"timestamp":"2025-11-13T19:00:00.123Z","level":"info","message":"hi","trace_id":"abc"}')?.level; // 'info'
 * parseRecord('npm WARN something'); // undefined
 * ```
 */
export function parseRecord(line: string): ParsedRecord | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const { level, message, timestamp } = record as Record<string, unknown>;
  if (typeof level !== 'string' || !LEVELS.has(level) || message === undefined) return undefined;
  const time = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(time)) return undefined;
  return { record: record as Record<string, unknown>, level: level as LogLevel, time };
}

/**
 * Parses `--grep key=value` values.
 *
 * @throws {UsageError} for a value with no `=` or an empty key.
 * @example
 * ```ts
 * parseGrep(['user_id=u-1'], 'pretty'); // [{ key: 'user_id', value: 'u-1' }]
 * ```
 */
export function parseGrep(values: readonly string[], command: string): GrepCondition[] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) {
      throw new UsageError(
        `--grep ${JSON.stringify(v)} is not key=value; accepted: a top-level field and the value it must have, e.g. --grep user_id=u-1`,
        command,
      );
    }
    return { key: v.slice(0, at), value: v.slice(at + 1) };
  });
}

/**
 * Parses `--level`.
 *
 * @throws {UsageError} naming the accepted levels.
 */
export function parseLevelFlag(value: string, command: string): LogLevel {
  try {
    return parseLogLevel(value);
  } catch {
    throw new UsageError(
      `--level ${JSON.stringify(value)} is not a level; accepted: ${LOG_LEVELS.join(', ')} (any case; warn for warning)`,
      command,
    );
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** True when a record passes every condition of `options`. */
export function matches(parsed: ParsedRecord, options: RecordFilterOptions): boolean {
  if (options.level !== undefined && !isLevelEnabled(parsed.level, options.level)) return false;
  if (options.traceId !== undefined && parsed.record.trace_id !== options.traceId) return false;
  for (const { key, value } of options.grep ?? []) {
    if (!Object.hasOwn(parsed.record, key) || asText(parsed.record[key]) !== value) return false;
  }
  return true;
}

/** True when `options` keeps only some records. */
export function isFiltering(options: RecordFilterOptions): boolean {
  return options.level !== undefined || options.traceId !== undefined || (options.grep?.length ?? 0) > 0;
}
