import { InvalidOptionsError } from './errors.js';
import { parseLogLevel } from './levels.js';
import { isLogSink, type LogSink, type SinkStats } from './log-sink.js';
import type { LogContext, ManagedLogger, TraceContext } from './logger-protocol.js';
import { contextMembers, hasError } from './record.js';
import { LOG_LEVEL_VALUES, type LogLevel, recordHead } from './record-schema.js';
import { type RedactionOptions, Redactor } from './redactor.js';
import { reportFailure } from './report-failure.js';
import { SafeSerializer } from './safe-serializer.js';
import { resolveSerializeLimits, type SerializeLimitsOptions } from './serialize-limits.js';

/** Where `span_id` (and `trace_flags`) come from: the active span's id, or its id and W3C trace flags. */
export type SpanContextSource = () => string | { readonly spanId: string; readonly traceFlags?: number } | undefined;

/** Receives the logger's own failures. It is called inside a guard: what it throws is ignored. */
export type InternalErrorHandler = (error: unknown) => void;

/** What a user may pass to a {@link Logger}. Everything but `sink` is optional. */
export interface LoggerOptions {
  /** Where records go: a console, CloudWatch, a test's memory, or several (`fanOut`). */
  readonly sink: LogSink;
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

// The resolved form of LoggerOptions, shared by a logger and everything bound from it.
interface LoggerConfig {
  readonly sink: LogSink;
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

/** Validates options and applies defaults. @throws {InvalidOptionsError} naming the bad option. */
function resolveConfig(options: LoggerOptions): LoggerConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('options', 'expected an object with at least a sink');
  }
  const sink = options.sink;
  if (!isLogSink(sink)) {
    throw new InvalidOptionsError(
      'sink',
      'expected a LogSink: an object with write(line, level, time), flush() and close() methods',
    );
  }
  for (const name of ['traceContext', 'spanContext', 'correlationContext', 'clock', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidOptionsError(name, `expected a function, got ${typeof options[name]}`);
    }
  }
  const level = parseLogLevel(options.level ?? 'debug');
  const redactor = new Redactor(options.redaction);
  // A sink that takes nothing below some level (a fan-out whose outputs all start at info) spares
  // the logger from building records no output wants.
  const sinkLevel = sink.level === undefined ? level : parseLogLevel(sink.level);
  const effective = LOG_LEVEL_VALUES[sinkLevel] > LOG_LEVEL_VALUES[level] ? sinkLevel : level;
  return {
    sink,
    level: effective,
    minimum: LOG_LEVEL_VALUES[effective],
    traceContext: options.traceContext ?? processTraceId,
    spanContext: options.spanContext,
    correlationContext: options.correlationContext,
    clock: options.clock ?? Date.now,
    serializer: new SafeSerializer(redactor, resolveSerializeLimits(options.limits)),
    // The logger's own failure reports are redacted with its rules, the user's patterns included.
    onError: options.onError ?? ((e: unknown) => reportFailure(e, undefined, redactor)),
    // Empty ids never reach the memo (they are absent ids), so its first entry is never read.
    // Stryker disable next-line ObjectLiteral,StringLiteral,BooleanLiteral: the initial entry is never consulted
    idMemo: { id: '', safe: true },
  };
}

// What bind() hands to the constructor: the shared config and the child's bound context. Private
// to this module, so a user's options can never be taken for it.
class Child {
  constructor(
    readonly config: LoggerConfig,
    readonly bound: Bound,
  ) {}
}

/**
 * The one implementation of {@link LoggerProtocol}: it builds the record (schema, trace id,
 * redaction, safe serialisation) and hands one JSON line to its {@link LogSink}. Outputs differ
 * only in their sink. A call below the minimum level returns after one comparison; a call never
 * throws. Every logger bound from this one writes to the same sink, so `flush()`, `close()` and
 * `stats()` work from any of them.
 *
 * @example
 * ```ts
 * const logger = new Logger({ sink: new ConsoleSink({ format: 'json' }), level: 'info' });
 * const log = logger.bind({ request_path: '/users' });
 * log.info('Request received', { http_method: 'POST' });
 * await log.flush();
 * ```
 */
export class Logger implements ManagedLogger {
  readonly #config: LoggerConfig;
  readonly #bound: Bound;

  /** @throws {InvalidOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: LoggerOptions) {
    if (options instanceof Child) {
      this.#config = options.config;
      this.#bound = options.bound;
    } else {
      this.#config = resolveConfig(options);
      this.#bound = EMPTY;
    }
    // Levels below the minimum become no-op own methods (as pino does): a filtered call costs a
    // call to an empty function, which the compiler can inline away with its arguments.
    const min = this.#config.minimum;
    if (min > 10) this.debug = noop;
    if (min > 20) this.info = noop;
    if (min > 30) this.warning = noop;
    if (min > 40) this.error = noop;
  }

  /** The minimum level this logger writes (its own, or its sink's when that is higher). */
  get level(): LogLevel {
    return this.#config.level;
  }

  /** The sink this logger (and every logger bound from it) writes to. */
  get sink(): LogSink {
    return this.#config.sink;
  }

  /** Resolves once every record logged before the call is delivered or handed to a fallback. Never rejects. */
  flush(): Promise<void> {
    return this.#settle(() => this.#config.sink.flush());
  }

  /** Flushes and releases the sink's resources. Never rejects. */
  close(): Promise<void> {
    return this.#settle(() => this.#config.sink.close());
  }

  /** The sink's counters (`{}` when it keeps none). Never throws. */
  stats(): SinkStats {
    try {
      return this.#config.sink.stats?.() ?? {};
    } catch (e) {
      this.#report(e);
      return {};
    }
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

  bind(context: LogContext): Logger {
    try {
      const raw = safeMerge(this.#bound.raw, asContext(context));
      const error = hasError(raw);
      const given = raw.trace_id === undefined || raw.trace_id === null ? '' : String(raw.trace_id);
      // A trace id that looks like a secret is refused, an empty one ignored: the records carry the
      // ambient id instead.
      const traceId = given !== '' && this.#config.serializer.isSafeId(given) ? given : undefined;
      const members = contextMembers(this.#config.serializer, raw, error);
      return new Logger(
        new Child(this.#config, {
          raw,
          keys: new Set(Object.keys(raw)),
          members,
          traceId,
          error,
        }) as unknown as LoggerOptions,
      );
    } catch (e) {
      this.#report(e);
      return this;
    }
  }

  withContext(context: LogContext): Logger {
    return this.bind(context);
  }

  async #settle(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (e) {
      this.#report(e);
    }
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
    return `${recordHead(time, level, ser.message(safeText(message)), ser.id(traceId))}${span}${correlation}${members}}`;
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
      const line = `${recordHead(time, level, ser.string(safeText(message)), ser.id(this.#traceId()))},"log_error":"record could not be built or written in full"}`;
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
