// Building a record's line: the bound context a logger carries (Bound), and the functions that
// turn a call (level, message, context), the bound context, the scope and the trace, span and
// correlation sources into one JSON line, with the checks on ids and the merging of contexts.
import type { HeldCall } from './held-records.js';
import type { LogScope } from './log-scope.js';
import type { LoggerConfig, SpanContextSource } from './logger-options.js';
import { processTraceId, reportError } from './logger-options.js';
import type { LogContext } from './logger-protocol.js';
import { contextMembers, hasError } from './record.js';
import { type LogLevel, recordHead } from './record-schema.js';
import { safeString } from './safe-read.js';

/** The context a logger was bound with, serialised once at bind(). */
export interface Bound {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly keys: ReadonlySet<string>;
  readonly members: string;
  readonly traceId: string | undefined;
  readonly error: boolean;
}

/** The bound context of a logger bound with nothing. */
export const EMPTY: Bound = Object.freeze({
  raw: Object.freeze({}),
  keys: new Set<string>(),
  members: '',
  traceId: undefined,
  error: false,
});

const BUFFERED_MEMBER = ',"buffered":true';
const SAMPLED_MEMBER = ',"sampled":true';

/** A record's message when `String(message)` throws. */
export const UNPRINTABLE_MESSAGE = '[unprintable message]';

/**
 * The record's JSON line: head (time, level, message, trace id), span and correlation, the scope's
 * fields, the bound and the call's context, and the `buffered` / `sampled` marker. `call` gives
 * the trace, span and correlation of a held call's moment instead of asking the sources now.
 */
export function recordLine(
  config: LoggerConfig,
  bound: Bound,
  level: LogLevel,
  message: string,
  given: LogContext | undefined,
  time: number,
  scope: LogScope | undefined,
  buffered: boolean,
  call?: HeldCall,
): string {
  const ser = config.serializer;
  const context = asContext(given);
  let members = bound.members;
  let traceId = bound.traceId;
  if (context != null && typeof context === 'object') {
    const ctxTrace = context.trace_id;
    if (ctxTrace !== undefined && ctxTrace !== null) {
      const given = String(ctxTrace);
      // An empty trace id is no trace id: the bound or ambient one stays.
      if (given !== '' && safeId(config, given)) traceId = given;
    }
    const ctxError = hasError(context);
    const keys = Object.keys(context);
    // Merging is always right; needsMerge only says when appending the call's members is not.
    // Stryker disable next-line ConditionalExpression: merging when appending would do gives the same record
    if (needsMerge(bound, keys, ctxError)) {
      const raw = safeMerge(bound.raw, context);
      members = contextMembers(ser, raw, hasError(raw));
    } else {
      members += contextMembers(ser, context, ctxError || bound.error, keys);
    }
  }
  if (traceId === undefined) traceId = call === undefined ? currentTraceId(config) : call.traceId;
  const [span, correlation] =
    call === undefined ? spanAndCorrelation(config, bound, context) : [call.span, call.correlation];
  let extra = '';
  if (scope !== undefined) {
    const fields = scope.fields;
    if (fields != null && typeof fields === 'object') extra = scopeFields(config, bound, fields, context);
  }
  const marker = buffered ? BUFFERED_MEMBER : scope?.sampled === true && config.sampling ? SAMPLED_MEMBER : '';
  return `${recordHead(time, level, ser.message(safeString(message, UNPRINTABLE_MESSAGE)), ser.id(traceId))}${span}${correlation}${extra}${members}${marker}}`;
}

/**
 * Last resort when building or writing the full record failed: a line that still gets the message
 * out. Never throws (a failing sink was already reported).
 */
export function writeEmergency(config: LoggerConfig, level: LogLevel, message: unknown, time: number): void {
  try {
    const ser = config.serializer;
    const line = `${recordHead(time, level, ser.string(safeString(message, UNPRINTABLE_MESSAGE)), ser.id(currentTraceId(config)))},"log_error":"record could not be built or written in full"}`;
    config.sink.write(line, level, time);
  } catch {
    // The sink itself is failing; that was already reported.
  }
}

/**
 * `,"span_id":..` (and flags) and `,"correlation_id":..` from the sources, unless the bound or
 * the call's context gives them.
 */
export function spanAndCorrelation(
  config: LoggerConfig,
  bound: Bound,
  context: LogContext | undefined,
): [string, string] {
  const { spanContext, correlationContext } = config;
  const span =
    spanContext === undefined || bound.keys.has('span_id') || context?.span_id !== undefined
      ? ''
      : spanMembers(config, spanContext, bound.keys.has('trace_flags') || context?.trace_flags !== undefined);
  const correlation =
    correlationContext === undefined || bound.keys.has('correlation_id') || context?.correlation_id !== undefined
      ? ''
      : correlationMember(config, correlationContext);
  return [span, correlation];
}

// The scope's fields as members, less those the bound context or the call gives (they win).
function scopeFields(
  config: LoggerConfig,
  bound: Bound,
  fields: Readonly<Record<string, unknown>>,
  context: LogContext | undefined,
): string {
  const givenAgain = (key: string): boolean =>
    bound.keys.has(key) || (context != null && typeof context === 'object' && Object.hasOwn(context, key));
  // Whether the remembered members can serve (no field is given again); the other path filters
  // and gives the same members when nothing clashes.
  // Stryker disable next-line BooleanLiteral: the filtering path gives the same members
  let clash = false;
  for (const key in fields) {
    // Stryker disable next-line ConditionalExpression: the filtering path gives the same members
    if (givenAgain(key)) {
      clash = true;
      break;
    }
  }
  const ser = config.serializer;
  // Stryker disable next-line ConditionalExpression: the filtering path gives the same members
  if (!clash) {
    const memo = config.scopeMembers;
    let members = memo.get(fields);
    // Stryker disable next-line ConditionalExpression: a cache; serialising again gives the same members
    if (members === undefined) {
      members = contextMembers(ser, fields, hasError(fields));
      memo.set(fields, members);
    }
    return members;
  }
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (!givenAgain(key)) kept[key] = fields[key];
  }
  return contextMembers(ser, kept, hasError(kept));
}

// `,"span_id":..` and, when the source gives flags and the context has none, `,"trace_flags":"01"`.
function spanMembers(config: LoggerConfig, spanContext: SpanContextSource, flagsGiven: boolean): string {
  try {
    const span = spanContext();
    if (typeof span === 'string') {
      return span !== '' && safeId(config, span) ? `,"span_id":${config.serializer.id(span)}` : '';
    }
    if (span === null || typeof span !== 'object' || typeof span.spanId !== 'string' || span.spanId === '') return '';
    if (!safeId(config, span.spanId)) return '';
    const flags = span.traceFlags;
    const flagsMember =
      !flagsGiven && Number.isInteger(flags) && (flags as number) >= 0 && (flags as number) <= 0xff
        ? `,"trace_flags":"${(flags as number).toString(16).padStart(2, '0')}"`
        : '';
    return `,"span_id":${config.serializer.id(span.spanId)}${flagsMember}`;
  } catch (e) {
    reportError(config, e);
    return '';
  }
}

function correlationMember(config: LoggerConfig, correlationContext: () => string | undefined): string {
  try {
    const id = correlationContext();
    return typeof id === 'string' && id !== '' ? `,"correlation_id":${config.serializer.string(id)}` : '';
  } catch (e) {
    reportError(config, e);
    return '';
  }
}

/** The secret check for ids, remembered for the last id seen (ids repeat across a request's records). */
function safeId(config: LoggerConfig, id: string): boolean {
  const memo = config.idMemo;
  // Stryker disable next-line ConditionalExpression: checking again gives the same verdict (the memo is a cache)
  if (memo.id !== id) {
    memo.id = id;
    memo.safe = config.serializer.isSafeId(id);
  }
  return memo.safe;
}

/** The trace id now: the trace context's, or the process's when it gives none (or a secret, or throws). */
export function currentTraceId(config: LoggerConfig): string {
  try {
    const id = config.traceContext();
    return typeof id === 'string' && id !== '' && safeId(config, id) ? id : processTraceId();
  } catch (e) {
    reportError(config, e);
    return processTraceId();
  }
}

// `logger.error('failed', err)` is a common slip: an Error passed as the context is taken as
// `{ error: err }` instead of losing its message and stack (they are not enumerable).
export function asContext(context: LogContext | undefined): LogContext | undefined {
  return context instanceof Error ? { error: context } : context;
}

// A true answer is never wrong (merging gives the same record, only slower): the mutants that only
// turn a false into a true are equivalent and disabled below.
function needsMerge(bound: Bound, keys: readonly string[], ctxError: boolean): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: merging with an empty bound context gives the same record
  if (bound.keys.size === 0) return false;
  for (const key of keys) {
    // Stryker disable next-line ConditionalExpression: merging gives the same record
    if (bound.keys.has(key)) return true;
  }
  // A new error would clash with error_* keys that the bound context wrote as plain fields.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a true here only merges when appending would do
  return ctxError && !bound.error && Object.keys(bound.raw).some((k) => k.startsWith('error_'));
}

/**
 * A shallow copy of `base` then `extra`'s own enumerable properties, frozen; a throwing getter becomes a
 * `[Throws: ...]` marker. bind() and a call's context merge with it, and the container's nested scope fields.
 */
export function safeMerge(base: Readonly<Record<string, unknown>>, extra: unknown): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...base };
  if (extra === null || typeof extra !== 'object') return Object.freeze(out);
  for (const key of Object.keys(extra)) {
    let value: unknown;
    try {
      value = (extra as Record<string, unknown>)[key];
    } catch (e) {
      value = `[Throws: ${e instanceof Error ? e.message : 'unknown'}]`;
    }
    // defineProperty, not assignment: a `__proto__` key stays an own field and never reaches the prototype.
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      // `out` is frozen below, which makes every property read-only and fixed whatever these say.
      // Stryker disable next-line BooleanLiteral: frozen below
      writable: true,
      // Stryker disable next-line BooleanLiteral: frozen below
      configurable: true,
    });
  }
  return Object.freeze(out);
}
