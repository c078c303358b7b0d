import type { LogLevel } from './levels.js';
import { SafeSerializer } from './safe-serializer.js';

/**
 * One log record as every adapter writes it (a JSON object, one per line). The four fields below
 * come first, in this order, then the context keys as given.
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

/** The fields every record starts with; a context key with one of these names is kept under {@link CLASH_PREFIX}. */
export const RECORD_KEYS = Object.freeze(['timestamp', 'level', 'message', 'trace_id'] as const);

/** The fields written from `context.error`. */
export const ERROR_KEYS: readonly string[] = Object.freeze(SafeSerializer.errorKeys('error_'));

/** Prefix that keeps a clashing context key instead of dropping it: `timestamp` → `ctx_timestamp`. */
export const CLASH_PREFIX = 'ctx_';

const RESERVED = new Set<string>(['timestamp', 'level', 'message', 'trace_id']);
const RESERVED_WITH_ERROR = new Set<string>([...RESERVED, ...ERROR_KEYS]);

/**
 * The JSON members (`,"key":value` ...) for a record's context: `trace_id` is skipped (the record
 * writes it first), `error` is expanded into the error fields, and a key that clashes with a record
 * field is renamed with {@link CLASH_PREFIX} so it is neither lost nor able to overwrite.
 */
export function contextMembers(
  serializer: SafeSerializer,
  context: object,
  errorPresent: boolean,
  keys: readonly string[] = Object.keys(context),
): string {
  let out = '';
  const reserved = errorPresent ? RESERVED_WITH_ERROR : RESERVED;
  for (const key of keys) {
    if (key === 'trace_id') continue;
    if (key === 'error') {
      const error = (context as { error?: unknown }).error;
      if (error !== undefined) out += serializer.errorMembers(error, 'error_');
      continue;
    }
    let outKey = key;
    while (reserved.has(outKey) || (outKey !== key && Object.hasOwn(context, outKey))) outKey = CLASH_PREFIX + outKey;
    const member = serializer.member(context, key, outKey);
    if (member !== undefined) out += `,${member}`;
  }
  return out;
}

/** True when `context` holds an error to expand. */
export function hasError(context: object): boolean {
  return (context as { error?: unknown }).error !== undefined;
}

let lastMs = Number.NaN;
let lastIso = '';

/** ISO 8601 text of an epoch-milliseconds time, reused while the millisecond is the same. */
export function isoTimestamp(ms: number): string {
  // Stryker disable next-line ConditionalExpression: a cache; formatting the same time again gives the same text
  if (ms !== lastMs) {
    const t = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : Date.now();
    lastIso = new Date(t).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
