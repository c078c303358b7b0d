import type { DebugTail, DebugTailBuffer } from './debug-tail.js';
import { InvalidOptionsError } from './errors.js';
import { checkLoggerName, type LevelCell, LevelControl } from './level-control.js';
import { parseLogLevel } from './levels.js';
import type { LogScope, LogScopeSource } from './log-scope.js';
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
  /**
   * Levels of named loggers (`logger.child('db')`), by name: `{ db: 'debug', http: 'warning' }`.
   * A name's level covers the names below it (`db` covers `db.pool`). @default none
   */
  readonly levels?: Readonly<Record<string, LogLevel | string>>;
  /**
   * The scope of the code running now (request fields, sampling, the debug tail): the container
   * passes its AsyncLocalStorage's. @default none
   */
  readonly scope?: LogScopeSource;
  /**
   * Holds records below the level in the scope's tail until an `error`/`critical` comes in that
   * scope (then they are written first, marked `buffered: true`). Its counters are in
   * `stats().debug_tail`. @default none (records below the level are dropped)
   */
  readonly debugTail?: DebugTailBuffer;
  /** Writes records below the level in a scope marked `sampled` (see {@link LogScope}). @default false */
  readonly sampling?: boolean;
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
  readonly levels: LevelControl;
  /** The sink's own minimum: nothing below it is built, held or sampled. */
  readonly floor: number;
  readonly scope: LogScopeSource | undefined;
  readonly debugTail: DebugTailBuffer | undefined;
  readonly sampling: boolean;
  /** True when a call below the level may still be written (sampling) or held (debug tail). */
  readonly captures: boolean;
  /** Serialised scope fields, by fields object. */
  readonly scopeMembers: WeakMap<object, string>;
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

// A record held in a scope's debug tail, so that it reads as if written at the call (time, trace,
// span, correlation and the context's values): either its line, built at the call (a context with
// nested values; held at its real size), or the call itself with what it took from that moment (a
// flat context; built only if written).
interface Held {
  readonly logger: Logger;
  readonly level: LogLevel;
  readonly message: unknown;
  readonly time: number;
  /** The record, built at the call; undefined for a call kept as it was (see `call`). */
  readonly line: string | undefined;
  /** A call whose context is flat, kept unbuilt: built only if it is written. */
  readonly call?: HeldCall;
}

// What a record takes from the moment of its call, for a call held unbuilt.
interface HeldCall {
  readonly context: LogContext | undefined;
  readonly scope: LogScope;
  readonly traceId: string;
  readonly span: string;
  readonly correlation: string;
}

// The levels whose methods a name's class swaps (critical is always written).
const SWAPPED_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
type SwappedLevel = (typeof SWAPPED_LEVELS)[number];
type LevelMethod = (this: Logger, message: string, context?: LogContext) => void;
// Methods that hand a call below the level to #below (set by Logger's static block).
const belowMethods = {} as Record<SwappedLevel, LevelMethod>;
const noop: LevelMethod = () => {};

// The class of the loggers of one name (kept in its level cell): a subclass of Logger whose
// prototype holds, per level, Logger's writing method, or a no-op / #below when the name's level
// is above it. setLevel changes these four properties once for every logger of the name.
function classFor(cell: LevelCell, captures: boolean): typeof Logger {
  if (cell.carrier === undefined) {
    cell.carrier = class extends Logger {};
    applyLevel(cell, captures);
  }
  return cell.carrier as typeof Logger;
}

function applyLevel(cell: LevelCell, captures: boolean): void {
  const proto = (cell.carrier as typeof Logger).prototype as unknown as Record<SwappedLevel, LevelMethod>;
  for (const level of SWAPPED_LEVELS) {
    proto[level] =
      LOG_LEVEL_VALUES[level] >= cell.minimum ? Logger.prototype[level] : captures ? belowMethods[level] : noop;
  }
}

// Writes a held record through the logger that was called (set by Logger's static block).
let writeHeld: (held: Held) => void = () => {};

const BUFFERED_MEMBER = ',"buffered":true';
const SAMPLED_MEMBER = ',"sampled":true';

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
  for (const name of ['traceContext', 'spanContext', 'correlationContext', 'clock', 'onError', 'scope'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidOptionsError(name, `expected a function, got ${typeof options[name]}`);
    }
  }
  const level = parseLogLevel(options.level ?? 'debug');
  const levels: Record<string, LogLevel> = {};
  if (options.levels !== undefined) {
    if (options.levels === null || typeof options.levels !== 'object') {
      throw new InvalidOptionsError('levels', "expected an object of logger names to levels, e.g. { db: 'debug' }");
    }
    for (const [name, l] of Object.entries(options.levels)) levels[checkLoggerName(name)] = parseLogLevel(l);
  }
  if (options.debugTail !== undefined && typeof options.debugTail?.open !== 'function') {
    throw new InvalidOptionsError('debugTail', 'expected a DebugTailBuffer');
  }
  if (options.sampling !== undefined && typeof options.sampling !== 'boolean') {
    throw new InvalidOptionsError('sampling', `expected true or false, got ${typeof options.sampling}`);
  }
  const redactor = new Redactor(options.redaction);
  // A sink that takes nothing below some level (a fan-out whose outputs all start at info) spares
  // the logger from building records no output wants.
  const sinkLevel = sink.level === undefined ? undefined : parseLogLevel(sink.level);
  const sampling = options.sampling === true;
  const captures = options.scope !== undefined && (sampling || options.debugTail !== undefined);
  return {
    sink,
    levels: new LevelControl(level, levels, sinkLevel, (cell) => {
      if (cell.carrier !== undefined) applyLevel(cell, captures);
    }),
    floor: sinkLevel === undefined ? 0 : LOG_LEVEL_VALUES[sinkLevel],
    scope: options.scope,
    debugTail: options.debugTail,
    sampling,
    captures,
    scopeMembers: new WeakMap(),
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
    readonly name: string,
    readonly cell: LevelCell,
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
  readonly #name: string;
  // Shared by every logger of this name and changed in place by setLevel: a call reads one number.
  readonly #cell: LevelCell;

  /** @throws {InvalidOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: LoggerOptions) {
    if (options instanceof Child) {
      this.#config = options.config;
      this.#bound = options.bound;
      this.#name = options.name;
      this.#cell = options.cell;
      return;
    }
    const config = resolveConfig(options);
    // Stryker disable next-line StringLiteral: any name no level names resolves to the default level
    const cell = config.levels.cell('');
    this.#config = config;
    this.#bound = EMPTY;
    this.#name = '';
    this.#cell = cell;
    // The root is an instance of its name's class of level methods, as every logger is.
    const Root = classFor(cell, config.captures);
    // biome-ignore lint/correctness/noConstructorReturn: the logger the caller gets is of its level's class (see classFor)
    return new Root(new Child(config, EMPTY, '', cell) as unknown as LoggerOptions);
  }

  /** The minimum level this logger writes now (its name's, or its sink's when that is higher). */
  get level(): LogLevel {
    return this.#cell.level;
  }

  /** This logger's name (`db`, `db.pool`), written on its records as `logger`; '' for the root. */
  get name(): string {
    return this.#name;
  }

  /**
   * Sets the level of every logger of `name` (and of the names below it that have no level of
   * their own), at once for loggers that exist already. Without a name it sets this logger's own
   * name's level (`logger.child('db').setLevel('debug')` is `setLevel('debug', 'db')`), or the
   * default level when called on an unnamed logger.
   *
   * @throws {InvalidLogLevelError} when `level` names no level.
   * @throws {InvalidLoggerNameError} when `name` is not a logger name.
   * @example
   * ```ts
   * logger.setLevel('debug', 'db'); // logger.child('db') and child('db.pool') now write debug
   * ```
   */
  setLevel(level: LogLevel | string, name?: string): void {
    const parsed = parseLogLevel(level);
    const target = name === undefined ? this.#name : checkLoggerName(name);
    this.#config.levels.set(parsed, target === '' ? undefined : target);
  }

  /**
   * A named logger: `logger` on every record (`db`; a child of a named logger adds to its name:
   * `db.pool`), its level from `levels` / `LOG_LEVEL=info,db=debug` / `setLevel`. It shares this
   * logger's sink and bound context.
   *
   * @throws {InvalidLoggerNameError} when `name` is not letters, digits, `_`, `-` in dot-separated parts.
   */
  child(name: string): Logger {
    const full = checkLoggerName(this.#name === '' ? name : `${this.#name}.${checkLoggerName(name)}`);
    return this.#derive({ logger: full }, full, this.#config.levels.cell(full));
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

  /** The sink's counters (`{}` when it keeps none), and the debug tail's in `debug_tail`. Never throws. */
  stats(): SinkStats {
    let stats: SinkStats = {};
    try {
      stats = this.#config.sink.stats?.() ?? {};
    } catch (e) {
      this.#report(e);
    }
    const tail = this.#config.debugTail;
    return tail === undefined ? stats : { ...stats, debug_tail: { ...tail.stats() } };
  }

  /** True when a call at `level` would be written now. */
  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVEL_VALUES[level] >= this.#cell.minimum;
  }

  // The methods below write. For a level under a name's minimum, the name's class (see classFor)
  // replaces them with a no-op, or, with a debug tail or sampling, with one that hands the call to
  // #below: a filtered call is a call to an empty function, as in pino, and setLevel swaps them.
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
    return this.#derive(context, this.#name, this.#cell);
  }

  #derive(context: LogContext, name: string, cell: LevelCell): Logger {
    try {
      const raw = safeMerge(this.#bound.raw, asContext(context));
      const error = hasError(raw);
      const given = raw.trace_id === undefined || raw.trace_id === null ? '' : String(raw.trace_id);
      // A trace id that looks like a secret is refused, an empty one ignored: the records carry the
      // ambient id instead.
      const traceId = given !== '' && this.#config.serializer.isSafeId(given) ? given : undefined;
      const members = contextMembers(this.#config.serializer, raw, error);
      const Named = classFor(cell, this.#config.captures);
      return new Named(
        new Child(
          this.#config,
          {
            raw,
            keys: new Set(Object.keys(raw)),
            members,
            traceId,
            error,
          },
          name,
          cell,
        ) as unknown as LoggerOptions,
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
      // Stryker disable next-line ConditionalExpression: #scope() gives undefined without a source
      const scope = config.scope === undefined ? undefined : this.#scope();
      // An error in a scope with a debug tail: what was held is written first, in order.
      if (scope?.tail !== undefined && LOG_LEVEL_VALUES[level] >= 40) flushHeld(scope.tail);
      time = config.clock();
      config.sink.write(this.#line(level, message, context, time, scope, false), level, time);
    } catch (e) {
      this.#report(e);
      this.#emergency(level, message, time);
    }
  }

  // A call below this logger's level, when sampling or a debug tail may still want it.
  #below(level: LogLevel, message: string, context: LogContext | undefined): void {
    const config = this.#config;
    if (LOG_LEVEL_VALUES[level] < config.floor) return;
    try {
      const scope = this.#scope();
      if (scope === undefined) return;
      if (scope.sampled === true && config.sampling) {
        this.#emit(level, message, context);
        return;
      }
      const tail = scope.tail;
      if (tail === undefined || config.debugTail === undefined) return;
      // After the scope ended (its response done): dropped, as what it held was, without building.
      // Stryker disable next-line ConditionalExpression,BlockStatement: hold() counts a closed tail's record as dropped too
      if (tail.closed) {
        tail.dropLate();
        return;
      }
      const time = config.clock();
      const given = asContext(context);
      // Which of the two ways a call is held changes its cost, not its record (both take it as it
      // was at the call): the choice is marked equivalent for Stryker.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: both ways give the same record
      const flat = given == null ? undefined : flatCopy(given);
      // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: both ways give the same record
      if (given == null || flat !== undefined) {
        // A context of primitive values cannot change after the call: the call is kept as it is,
        // with what the record takes from this moment, and built only if it is written.
        const [span, correlation] = this.#spanAndCorrelation(flat);
        const call: HeldCall = { context: flat, scope, traceId: this.#traceId(), span, correlation };
        // Stryker disable next-line ArithmeticOperator: an estimate
        const bytes = HELD_OVERHEAD + this.#bound.members.length + estimateLength(message, flat);
        tail.hold({ logger: this, level, message, time, line: undefined, call } satisfies Held, bytes);
        return;
      }
      // Built now: the record shows nested values as they were at the call, and is held at its real size.
      const line = this.#line(level, message, context, time, scope, true);
      tail.hold({ logger: this, level, message, time, line } satisfies Held, line.length);
    } catch (e) {
      this.#report(e);
    }
  }

  static {
    writeHeld = (held) => held.logger.#writeHeld(held);
    for (const level of SWAPPED_LEVELS) {
      belowMethods[level] = function (this: Logger, message: string, context?: LogContext): void {
        this.#below(level, message, context);
      };
    }
  }

  #writeHeld(held: Held): void {
    try {
      const call = held.call;
      const line =
        // Stryker disable next-line OptionalChaining: a held call without a line always has its call
        held.line ?? this.#line(held.level, safeText(held.message), call?.context, held.time, call?.scope, true, call);
      this.#config.sink.write(line, held.level, held.time);
    } catch (e) {
      this.#report(e);
      this.#emergency(held.level, held.message, held.time);
    }
  }

  #scope(): LogScope | undefined {
    try {
      // Stryker disable next-line OptionalChaining: only called when there is a source
      const scope = this.#config.scope?.();
      return scope !== null && typeof scope === 'object' ? scope : undefined;
    } catch (e) {
      this.#report(e);
      return undefined;
    }
  }

  // `,"span_id":..` (and flags) and `,"correlation_id":..` from the sources, unless the bound or
  // the call's context gives them.
  #spanAndCorrelation(context: LogContext | undefined): [string, string] {
    const bound = this.#bound;
    const { spanContext, correlationContext } = this.#config;
    const span =
      spanContext === undefined || bound.keys.has('span_id') || context?.span_id !== undefined
        ? ''
        : this.#spanMembers(spanContext, bound.keys.has('trace_flags') || context?.trace_flags !== undefined);
    const correlation =
      correlationContext === undefined || bound.keys.has('correlation_id') || context?.correlation_id !== undefined
        ? ''
        : this.#correlationMember(correlationContext);
    return [span, correlation];
  }

  // The scope's fields as members, less those the bound context or the call gives (they win).
  #scopeFields(fields: Readonly<Record<string, unknown>>, context: LogContext | undefined): string {
    const bound = this.#bound;
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
    const ser = this.#config.serializer;
    // Stryker disable next-line ConditionalExpression: the filtering path gives the same members
    if (!clash) {
      const memo = this.#config.scopeMembers;
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

  #line(
    level: LogLevel,
    message: string,
    given: LogContext | undefined,
    time: number,
    scope: LogScope | undefined,
    buffered: boolean,
    call?: HeldCall,
  ): string {
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
    if (traceId === undefined) traceId = call === undefined ? this.#traceId() : call.traceId;
    const [span, correlation] = call === undefined ? this.#spanAndCorrelation(context) : [call.span, call.correlation];
    let extra = '';
    if (scope !== undefined) {
      const fields = scope.fields;
      if (fields != null && typeof fields === 'object') extra = this.#scopeFields(fields, context);
    }
    const marker = buffered ? BUFFERED_MEMBER : scope?.sampled === true && this.#config.sampling ? SAMPLED_MEMBER : '';
    return `${recordHead(time, level, ser.message(safeText(message)), ser.id(traceId))}${span}${correlation}${extra}${members}${marker}}`;
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

// What a call held unbuilt is counted as, besides its message, context and bound members: the
// record's own fields (timestamp, level, trace and span ids, the marker) and some room for scope fields.
const HELD_OVERHEAD = 256;

// A copy of a context whose values are all primitives (they cannot change after the call), or
// undefined when a value is an object or a function, a getter throws, or a key is `__proto__`.
// Stryker disable all: a context taken as not flat is built at the call, which gives the same record
function flatCopy(context: LogContext): Record<string, unknown> | undefined {
  const copy: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(context)) {
      const value = context[key];
      if (key === '__proto__' || (value !== null && (typeof value === 'object' || typeof value === 'function'))) {
        return undefined;
      }
      copy[key] = value;
    }
  } catch {
    return undefined;
  }
  return copy;
}

// The message's and a flat context's length as JSON would roughly take it (strings by length plus
// quotes, anything else as 24).
// Stryker disable all: an estimate (the tests check it is no less than the record's length)
function estimateLength(message: unknown, context: Readonly<Record<string, unknown>> | undefined): number {
  let length = typeof message === 'string' ? message.length + 2 : 24;
  if (context !== undefined) {
    for (const key of Object.keys(context)) {
      const value = context[key];
      length += key.length + 4 + (typeof value === 'string' ? value.length + 2 : 24);
    }
  }
  return length;
}

// Stryker restore all
// Writes what a debug tail held, oldest first, each through the logger that was called.
function flushHeld(tail: DebugTail<unknown>): void {
  for (const held of tail.drain()) writeHeld(held as Held);
}

/**
 * Writes what the scope's debug tail holds now, oldest first, marked `buffered: true` (the Express
 * middleware calls it for a 5xx response). Nothing happens without a tail or records. Never throws.
 *
 * @example
 * ```ts
 * if (res.statusCode >= 500) flushDebugTail(scope);
 * ```
 */
export function flushDebugTail(scope: LogScope | undefined): void {
  const tail = tailOf(scope);
  if (tail !== undefined) flushHeld(tail);
}

// A scope's tail, or undefined (also when reading it throws: a scope object of the user's).
function tailOf(scope: LogScope | undefined): DebugTail<unknown> | undefined {
  try {
    return scope?.tail;
  } catch {
    return undefined;
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
