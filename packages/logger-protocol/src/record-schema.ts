/**
 * The record schema, in one place: level names and numbers, the keys every record starts with and
 * their order, and the one function that writes a record line's head. Everything that writes,
 * reads or reorders a record (the logger, the pretty renderer, CloudWatch truncation, the CLI)
 * takes them from here. This module imports nothing.
 */

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

/**
 * The keys every record starts with, in this order. A context key with one of these names is kept
 * under a `ctx_` prefix, so it can neither overwrite nor be lost.
 */
export const RECORD_HEAD_KEYS = Object.freeze(['timestamp', 'level', 'message', 'trace_id'] as const);

/**
 * Every leading key a record may have, in the order they are written: the head, then the span and
 * correlation fields when the logger has a source for them. Context keys follow.
 */
export const RECORD_LEADING_KEYS = Object.freeze([
  ...RECORD_HEAD_KEYS,
  'span_id',
  'trace_flags',
  'correlation_id',
] as const);

/**
 * One log record as every sink receives it (a JSON object, one per line): the leading keys of
 * {@link RECORD_LEADING_KEYS} first, in that order, then the context keys as given.
 */
export interface LogRecord {
  /** ISO 8601, UTC, milliseconds, `Z`: `2025-11-13T19:00:00.123Z`. */
  readonly timestamp: string;
  /** Lower-case level name. */
  readonly level: LogLevel;
  readonly message: string;
  /** Always present: from the context, the bound context, or the trace context. */
  readonly trace_id: string;
  /** The active span's id, right after `trace_id`, when the logger has a span context and a span is active. */
  readonly span_id?: string;
  /** The active span's W3C trace flags as two hex digits (`"01"`: sampled), after `span_id`. */
  readonly trace_flags?: string;
  /** A caller's id that is not the trace id, when the logger has a correlation context. */
  readonly correlation_id?: string;
  readonly [key: string]: unknown;
}

let lastMs = Number.NaN;
let lastIso = '';
// The start of the last second formatted, and its text up to the milliseconds (`2025-11-13T19:00:00.`).
let lastSecond = Number.NaN;
let secondText = '';
// Times from 1970 to the end of year 9999 have the fixed `YYYY-MM-DDTHH:MM:SS.mmmZ` form.
const FIXED_FORM_END = 253_402_300_800_000;

/**
 * ISO 8601 text of an epoch-milliseconds time (as `Date#toISOString` writes it), reused while the
 * millisecond is the same; within a second only the milliseconds are written anew.
 */
export function isoTimestamp(ms: number): string {
  // Stryker disable next-line ConditionalExpression: a cache; formatting the same time again gives the same text
  if (ms !== lastMs) {
    const t = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : Date.now();
    // A Date keeps whole milliseconds, cut toward zero.
    const whole = Math.trunc(t);
    // Outside the fixed form the Date formats it; inside, the Date would give the same text.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the Date path gives the same text
    if (whole >= 0 && whole < FIXED_FORM_END) {
      const millis = whole % 1000;
      const second = whole - millis;
      // Stryker disable next-line ConditionalExpression: a cache; formatting the second again gives the same text
      if (second !== lastSecond) {
        secondText = new Date(second).toISOString().slice(0, 20);
        lastSecond = second;
      }
      lastIso = `${secondText}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
    } else {
      lastIso = new Date(t).toISOString();
    }
    lastMs = ms;
  }
  return lastIso;
}

/**
 * The head of a record line, `{"timestamp":"…","level":"…","message":…,"trace_id":…`, without
 * the closing brace: the caller appends the other members and `}`. `message` and `traceId` are
 * JSON values already (quoted, escaped, redacted).
 */
export function recordHead(time: number, level: LogLevel, message: string, traceId: string): string {
  return `{"timestamp":"${isoTimestamp(time)}","level":"${level}","message":${message},"trace_id":${traceId}`;
}
