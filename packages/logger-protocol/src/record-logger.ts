import { InvalidOptionsError } from './errors.js';
import { LOG_LEVEL_VALUES, type LogLevel, parseLogLevel } from './levels.js';
import type { LogContext, LoggerProtocol, TraceContext } from './logger-protocol.js';
import { contextMembers, hasError, isoTimestamp } from './record.js';
import { type RedactionOptions, Redactor } from './redactor.js';
import { SafeSerializer } from './safe-serializer.js';
import { resolveSerializeLimits, type SerializeLimitsOptions } from './serialize-limits.js';

/**
 * Where a {@link RecordLogger} puts finished records. `line` is the record as one line of JSON
 * (no newline), already redacted and safe; `time` is its epoch-milliseconds timestamp.
 * A sink must not throw; if it does, the failure goes to `onError` and the logger carries on.
 */
export interface RecordSink {
  write(line: string, level: LogLevel, time: number): void;
}

/** Where `span_id` (and `trace_flags`) come from: the active span's id, or its id and W3C trace flags. */
export type SpanContextSource = () => string | { readonly spanId: string; readonly traceFlags?: number } | undefined;

/** Receives the logger's own failures. It is called inside a guard: what it throws is ignored. */
export type InternalErrorHandler = (error: unknown) => void;

/** What a user may pass to a {@link RecordLogger}. Everything but `sink` is optional. */
export interface RecordLoggerOptions {
  readonly sink: RecordSink;
  /** Records below this level are dropped at the call, before any work. @default 'debug' */
  readonly level?: LogLevel | string;
  /** Supplies `trace_id` when the context has none. @default one random id for the process */
  readonly traceContext?: TraceContext;
  /**
   * Supplies `span_id` (written right after `trace_id`) when the record's context and bound context
   * have none; returning undefined writes nothing. It may return the span id, or the span id with
   * its W3C trace flags (an OpenTelemetry `SpanContext` fits): then `trace_flags` follows `span_id`
   * as two lowercase hex digits, as in a `traceparent` (`"01"`: sampled). @default none
   */
  readonly spanContext?: SpanContextSource;
  /**
   * Supplies `correlation_id` (written after the span fields) when the record's context and bound
   * context have none: an id a caller gave that is not the trace id. Returning undefined writes
   * nothing; the value is redacted like any string value. @default none
   */
  readonly correlationContext?: () => string | undefined;
  /** Epoch milliseconds now. @default Date.now */
  readonly clock?: () => number;
  /** Extra secret keys and patterns. @default the built-in rules only */
  readonly redaction?: RedactionOptions;
  /** Caps on depth, width and length. */
  readonly limits?: SerializeLimitsOptions;
  /** Where the logger's own failures go. @default one line on stderr */
  readonly onError?: InternalErrorHandler;
}

/** The resolved form of {@link RecordLoggerOptions}, shared by a logger and everything bound from it. */
export interface RecordLoggerConfig {
  readonly sink: RecordSink;
  readonly level: LogLevel;
  readonly minimum: number;
  readonly traceContext: TraceContext;
  readonly spanContext: SpanContextSource | undefined;
  readonly correlationContext: (() => string | undefined) | undefined;
  readonly clock: () => number;
  readonly serializer: SafeSerializer;
  readonly onError: InternalErrorHandler;
  /** The last id checked for secrets and the verdict (shared by a logger and its children). */
  readonly idMemo: { id: string; safe: boolean };
}

interface Bound {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly keys: ReadonlySet<string>;
  readonly members: string;
  readonly traceId: string | undefined;
  readonly error: boolean;
}

const EMPTY: Bound = Object.freeze({
  raw: Object.freeze({}),
  keys: new Set<string>(),
  members: '',
  traceId: undefined,
  error: false,
});

const noop = (): void => {};

const processTraceId = (() => {
  let id: string | undefined;
  return () => {
    // Made once per process, before any mutant can be active: its 32-hex form is checked by the
    // test 'gives every record a trace id even without a trace context'.
    // Stryker disable next-line StringLiteral: computed once per process
    id ??= globalThis.crypto.randomUUID().replaceAll('-', '');
    return id;
  };
})();

// Failure messages quote what failed (a getter's error, a connection error), which can hold a
// secret: the default report redacts with the built-in rules.
const defaultRedactor = new Redactor();

/** Writes a failure report on stderr without ever throwing; its text is redacted (built-in rules). */
export function reportToStderr(error: unknown): void {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `{"level":"error","message":"dashtam logger internal error","error_message":${JSON.stringify(defaultRedactor.redactString(text))}}\n`,
    );
  } catch {
    // Nowhere left to report to.
  }
}

/** Validates options and applies defaults. @throws {InvalidOptionsError} naming the bad option. */
export function resolveRecordLoggerConfig(options: RecordLoggerOptions): RecordLoggerConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('options', 'expected an object with at least a sink');
  }
  if (typeof options.sink?.write !== 'function') {
    throw new InvalidOptionsError('sink', 'expected an object with a write(line, level, time) method');
  }
  for (const name of ['traceContext', 'spanContext', 'correlationContext', 'clock', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidOptionsError(name, `expected a function, got ${typeof options[name]}`);
    }
  }
  const level = parseLogLevel(options.level ?? 'debug');
  return {
    sink: options.sink,
    level,
    minimum: LOG_LEVEL_VALUES[level],
    traceContext: options.traceContext ?? processTraceId,
    spanContext: options.spanContext,
    correlationContext: options.correlationContext,
    clock: options.clock ?? Date.now,
    serializer: new SafeSerializer(new Redactor(options.redaction), resolveSerializeLimits(options.limits)),
    onError: options.onError ?? reportToStderr,
    // Empty ids never reach the memo (they are absent ids), so its first entry is never read.
    // Stryker disable next-line ObjectLiteral,StringLiteral,BooleanLiteral: the initial entry is never consulted
    idMemo: { id: '', safe: true },
  };
}

/**
 * The one implementation of {@link LoggerProtocol} that every adapter shares: it builds the record
 * (schema, trace id, redaction, safe serialisation) and hands one JSON line to a {@link RecordSink}.
 * Adapters differ only in their sink. A call below the minimum level returns after one comparison;
 * a call never throws.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logger = new RecordLogger({ sink: { write: (line) => lines.push(line) }, level: 'info' });
 * logger.bind({ request_path: '/users' }).info('Request received', { http_method: 'POST' });
 * ```
 */
export class RecordLogger implements LoggerProtocol {
  readonly #config: RecordLoggerConfig;
  readonly #bound: Bound;

  constructor(options: RecordLoggerOptions | RecordLoggerConfig, bound: Bound = EMPTY) {
    this.#config = isConfig(options) ? options : resolveRecordLoggerConfig(options);
    this.#bound = bound;
    // Levels below the minimum become no-op own methods (as pino does): a filtered call costs a
    // call to an empty function, which the compiler can inline away with its arguments.
    const min = this.#config.minimum;
    if (min > 10) this.debug = noop;
    if (min > 20) this.info = noop;
    if (min > 30) this.warning = noop;
    if (min > 40) this.error = noop;
  }

  /** The minimum level this logger writes. */
  get level(): LogLevel {
    return this.#config.level;
  }

  /** True when a call at `level` would be written. */
  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVEL_VALUES[level] >= this.#config.minimum;
  }

  debug(message: string, context?: LogContext): void {
    this.#emit('debug', message, context);
  }

  info(message: string, context?: LogContext): void {
    this.#emit('info', message, context);
  }

  warning(message: string, context?: LogContext): void {
    this.#emit('warning', message, context);
  }

  error(message: string, context?: LogContext): void {
    this.#emit('error', message, context);
  }

  critical(message: string, context?: LogContext): void {
    this.#emit('critical', message, context);
  }

  bind(context: LogContext): RecordLogger {
    try {
      const raw = safeMerge(this.#bound.raw, asContext(context));
      const error = hasError(raw);
      const given = raw.trace_id === undefined || raw.trace_id === null ? '' : String(raw.trace_id);
      // A trace id that looks like a secret is refused, an empty one ignored: the records carry the
      // ambient id instead.
      const traceId = given !== '' && this.#config.serializer.isSafeId(given) ? given : undefined;
      const members = contextMembers(this.#config.serializer, raw, error);
      return new RecordLogger(this.#config, { raw, keys: new Set(Object.keys(raw)), members, traceId, error });
    } catch (e) {
      this.#report(e);
      return this;
    }
  }

  withContext(context: LogContext): RecordLogger {
    return this.bind(context);
  }

  /** The resolved configuration (shared with every logger bound from this one). */
  protected get config(): RecordLoggerConfig {
    return this.#config;
  }

  #emit(level: LogLevel, message: string, context: LogContext | undefined): void {
    const config = this.#config;
    let time = 0;
    try {
      time = config.clock();
      config.sink.write(this.#line(level, message, context, time), level, time);
    } catch (e) {
      this.#report(e);
      this.#emergency(level, message, time);
    }
  }

  #line(level: LogLevel, message: string, given: LogContext | undefined, time: number): string {
    const ser = this.#config.serializer;
    const context = asContext(given);
    const bound = this.#bound;
    let members = bound.members;
    let traceId = bound.traceId;
    if (context != null && typeof context === 'object') {
      const ctxTrace = context.trace_id;
      if (ctxTrace !== undefined && ctxTrace !== null) {
        const given = String(ctxTrace);
        // An empty trace id is no trace id: the bound or ambient one stays.
        if (given !== '' && this.#safeId(given)) traceId = given;
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
    if (traceId === undefined) traceId = this.#traceId();
    const { spanContext, correlationContext } = this.#config;
    const span =
      spanContext === undefined || bound.keys.has('span_id') || context?.span_id !== undefined
        ? ''
        : this.#spanMembers(spanContext, bound.keys.has('trace_flags') || context?.trace_flags !== undefined);
    const correlation =
      correlationContext === undefined || bound.keys.has('correlation_id') || context?.correlation_id !== undefined
        ? ''
        : this.#correlationMember(correlationContext);
    return `{"timestamp":"${isoTimestamp(time)}","level":"${level}","message":${ser.string(safeText(message))},"trace_id":${ser.id(traceId)}${span}${correlation}${members}}`;
  }

  // `,"span_id":..` and, when the source gives flags and the context has none, `,"trace_flags":"01"`.
  #spanMembers(spanContext: SpanContextSource, flagsGiven: boolean): string {
    try {
      const span = spanContext();
      if (typeof span === 'string') {
        return span !== '' && this.#safeId(span) ? `,"span_id":${this.#config.serializer.id(span)}` : '';
      }
      if (span === null || typeof span !== 'object' || typeof span.spanId !== 'string' || span.spanId === '') return '';
      if (!this.#safeId(span.spanId)) return '';
      const flags = span.traceFlags;
      const flagsMember =
        !flagsGiven && Number.isInteger(flags) && (flags as number) >= 0 && (flags as number) <= 0xff
          ? `,"trace_flags":"${(flags as number).toString(16).padStart(2, '0')}"`
          : '';
      return `,"span_id":${this.#config.serializer.id(span.spanId)}${flagsMember}`;
    } catch (e) {
      this.#report(e);
      return '';
    }
  }

  #correlationMember(correlationContext: () => string | undefined): string {
    try {
      const id = correlationContext();
      return typeof id === 'string' && id !== '' ? `,"correlation_id":${this.#config.serializer.string(id)}` : '';
    } catch (e) {
      this.#report(e);
      return '';
    }
  }

  /** The secret check for ids, remembered for the last id seen (ids repeat across a request's records). */
  #safeId(id: string): boolean {
    const memo = this.#config.idMemo;
    // Stryker disable next-line ConditionalExpression: checking again gives the same verdict (the memo is a cache)
    if (memo.id !== id) {
      memo.id = id;
      memo.safe = this.#config.serializer.isSafeId(id);
    }
    return memo.safe;
  }

  #traceId(): string {
    try {
      const id = this.#config.traceContext();
      return typeof id === 'string' && id !== '' && this.#safeId(id) ? id : processTraceId();
    } catch (e) {
      this.#report(e);
      return processTraceId();
    }
  }

  // Last resort when building or writing the full record failed: the message still gets out.
  #emergency(level: LogLevel, message: unknown, time: number): void {
    try {
      const ser = this.#config.serializer;
      const line = `{"timestamp":"${isoTimestamp(time)}","level":"${level}","message":${ser.string(safeText(message))},"trace_id":${ser.id(this.#traceId())},"log_error":"record could not be built or written in full"}`;
      this.#config.sink.write(line, level, time);
    } catch {
      // The sink itself is failing; that was already reported.
    }
  }

  #report(error: unknown): void {
    try {
      this.#config.onError(error);
    } catch {
      // onError must not throw; if it does there is nowhere left to report.
    }
  }
}

// `logger.error('failed', err)` is a common slip: an Error passed as the context is taken as
// `{ error: err }` instead of losing its message and stack (they are not enumerable).
function asContext(context: LogContext | undefined): LogContext | undefined {
  return context instanceof Error ? { error: context } : context;
}

function isConfig(o: RecordLoggerOptions | RecordLoggerConfig): o is RecordLoggerConfig {
  return o !== null && typeof o === 'object' && 'serializer' in o && o.serializer instanceof SafeSerializer;
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

/** A shallow copy of `base` then `extra`'s own enumerable properties; a throwing getter becomes a marker. */
function safeMerge(base: Readonly<Record<string, unknown>>, extra: unknown): Readonly<Record<string, unknown>> {
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

function safeText(value: unknown): string {
  try {
    // String() (unlike a template or `+`) also turns a Symbol into text.
    return String(value);
  } catch {
    return '[unprintable message]';
  }
}
