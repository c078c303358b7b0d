// Holding records for the debug tail: how a call below the level is kept in its scope's tail (as
// the call itself with what it took from that moment, or as its line built at the call), and how
// what a tail held is written, oldest first and marked `buffered: true`, when the scope fails.
// The bounded buffer itself (DebugTailBuffer, DebugTail) is in debug-tail.ts.
import type { DebugTail } from './debug-tail.js';
import type { LogScope } from './log-scope.js';
import { type LoggerConfig, reportError } from './logger-options.js';
import type { LogContext } from './logger-protocol.js';
import {
  asContext,
  type Bound,
  currentTraceId,
  recordLine,
  spanAndCorrelation,
  UNPRINTABLE_MESSAGE,
  writeEmergency,
} from './record-line.js';
import type { LogLevel } from './record-schema.js';
import { safeString } from './safe-read.js';

// A record held in a scope's debug tail, so that it reads as if written at the call (time, trace,
// span, correlation and the context's values): either its line, built at the call (a context with
// nested values; held at its real size), or the call itself with what it took from that moment (a
// flat context; built only if written). It is written with the config and bound context of the
// logger that was called.
interface Held {
  readonly config: LoggerConfig;
  readonly bound: Bound;
  readonly level: LogLevel;
  readonly message: unknown;
  readonly time: number;
  /** The record, built at the call; undefined for a call kept as it was (see `call`). */
  readonly line: string | undefined;
  /** A call whose context is flat, kept unbuilt: built only if it is written. */
  readonly call?: HeldCall;
}

/** What a record takes from the moment of its call, for a call held unbuilt. */
export interface HeldCall {
  readonly context: LogContext | undefined;
  readonly scope: LogScope;
  readonly traceId: string;
  readonly span: string;
  readonly correlation: string;
}

// What a call held unbuilt is counted as, besides its message, context and bound members: the
// record's own fields (timestamp, level, trace and span ids, the marker) and some room for scope fields.
const HELD_OVERHEAD = 256;

/**
 * Holds a call below the level in the scope's debug tail, when there is one (and the logger has a
 * debug tail buffer). May throw: the caller reports it.
 */
export function holdBelow(
  config: LoggerConfig,
  bound: Bound,
  scope: LogScope,
  level: LogLevel,
  message: string,
  context: LogContext | undefined,
): void {
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
    const [span, correlation] = spanAndCorrelation(config, bound, flat);
    const call: HeldCall = { context: flat, scope, traceId: currentTraceId(config), span, correlation };
    // Stryker disable next-line ArithmeticOperator: an estimate
    const bytes = HELD_OVERHEAD + bound.members.length + estimateLength(message, flat);
    tail.hold({ config, bound, level, message, time, line: undefined, call } satisfies Held, bytes);
    return;
  }
  // Built now: the record shows nested values as they were at the call, and is held at its real size.
  const line = recordLine(config, bound, level, message, context, time, scope, true);
  tail.hold({ config, bound, level, message, time, line } satisfies Held, line.length);
}

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
// Writes a held record with the config and bound context of the logger that was called.
function writeHeld(held: Held): void {
  const { config, bound, level, time, call } = held;
  try {
    // biome-ignore format: on one line, the Stryker comment covers both optional chains
    // Stryker disable next-line OptionalChaining: a held call without a line always has its call
    const line = held.line ?? recordLine(config, bound, level, safeString(held.message, UNPRINTABLE_MESSAGE), call?.context, time, call?.scope, true, call);
    config.sink.write(line, level, time);
  } catch (e) {
    reportError(config, e);
    writeEmergency(config, level, held.message, time);
  }
}

// Writes what a debug tail held, oldest first, each as the logger that was called would have.
export function flushHeld(tail: DebugTail<unknown>): void {
  for (const held of tail.drain()) writeHeld(held as Held);
}

/**
 * Writes what the scope's debug tail holds now, oldest first, marked `buffered: true`. The
 * container's trace scopes call it when they fail (`runWithTraceContext`, `runWithTraceId`, and
 * `runWithContext` when it opened a scope of its own, when their function throws or rejects
 * (a nested `runWithContext` joins the scope around it); an `openTraceScope` handle's
 * `end(true)`, which the Express middleware calls when a response ends with a 5xx); the logger
 * itself writes a scope's tail before an `error` or `critical` record in that scope. Nothing
 * happens without a tail or records. Never throws.
 *
 * @example
 * ```ts
 * // Code that runs its own scopes, at the end of a failed one:
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
