// The options of a Logger and their checks: what a user may pass (LoggerOptions), the resolved
// form a logger and everything bound from it share (LoggerConfig), and resolveConfig, which
// validates the one and builds the other.
import type { DebugTailBuffer } from './debug-tail.js';
import { InvalidOptionsError } from './errors.js';
import { checkLoggerName, LevelControl } from './level-control.js';
import { applyLevel } from './level-dispatch.js';
import { parseLogLevel } from './levels.js';
import type { LogScopeSource } from './log-scope.js';
import { isLogSink, type LogSink } from './log-sink.js';
import type { TraceContext } from './logger-protocol.js';
import { LOG_LEVEL_VALUES, type LogLevel } from './record-schema.js';
import { type RedactionOptions, Redactor } from './redactor.js';
import { reportFailure } from './report-failure.js';
import { SafeSerializer } from './safe-serializer.js';
import { ScopeMembersMemo } from './scope-members-memo.js';
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
export interface LoggerConfig {
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
  readonly scopeMembers: ScopeMembersMemo;
  readonly traceContext: TraceContext;
  readonly spanContext: SpanContextSource | undefined;
  readonly correlationContext: (() => string | undefined) | undefined;
  readonly clock: () => number;
  readonly serializer: SafeSerializer;
  readonly onError: InternalErrorHandler;
  /** The last id checked for secrets and the verdict (shared by a logger and its children). */
  readonly idMemo: { id: string; safe: boolean };
}

/** The trace id of records whose context and trace context give none: one random id for the process. */
export const processTraceId = (() => {
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
export function resolveConfig(options: LoggerOptions): LoggerConfig {
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
    scopeMembers: new ScopeMembersMemo(),
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

/** Hands one of the logger's own failures to `onError`, guarded: what it throws is ignored. */
export function reportError(config: LoggerConfig, error: unknown): void {
  try {
    config.onError(error);
  } catch {
    // onError must not throw; if it does there is nowhere left to report.
  }
}
