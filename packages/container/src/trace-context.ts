// The scope store: the AsyncLocalStorage that carries a trace scope (trace id, correlation id,
// fields, sampling, debug tail) through the code it runs, across awaits, and the functions that
// open, run and end scopes (runWithTraceContext, runWithTraceId, runWithContext, openTraceScope).
// Beside it: the policy new scopes get (scope-policy.ts), the sampling hash (trace-sampling.ts),
// the checks on scope fields (context-fields.ts), and the ids of the running code (active-ids.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { processWide } from '@dashtam/fd-writer/internal';
import type { LogContext } from '@dashtam/logger-protocol';
import { flushDebugTail, type LogScope } from '@dashtam/logger-protocol';
import type { DebugTail } from '@dashtam/logger-protocol/internal';
import { checkFields, mergeFields } from './context-fields.js';
import { currentScopePolicy } from './scope-policy.js';
import { newTraceId } from './trace-id.js';
import { isTraceSampled } from './trace-sampling.js';

/** What {@link runWithTraceContext} sets for the code it runs. */
export interface TraceScope {
  /** The trace id every record carries (unless it gives its own). */
  readonly traceId: string;
  /**
   * An id the caller gave that is not the trace id (e.g. a non-W3C `X-Trace-Id`): every record
   * carries it as `correlation_id`. @default none
   */
  readonly correlationId?: string | undefined;
  /** Fields for every record written in the scope, as {@link runWithContext} adds them. @default none */
  readonly fields?: LogContext | undefined;
}

/** @internal A trace scope as the store holds it: the scope the logger sees, and its ids. */
export interface TraceStore extends LogScope {
  readonly traceId: string;
  readonly correlationId: string | undefined;
  /** Set by runWithTraceId: a caller chose this id, so it wins over an OpenTelemetry span. */
  readonly explicit: boolean;
  /**
   * Set on the store getTraceId enters for code outside any scope: it only keeps that code's trace
   * id, and is not a scope that runWithContext joins (it has no tail, and its trace id is shared by
   * everything that ran outside a scope).
   */
  readonly implicit?: true;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
  readonly sampled: boolean;
  readonly tail: DebugTail<unknown> | undefined;
}

/**
 * @internal The store of the code running now (read by active-ids.ts). One per process, on
 * globalThis: a scope opened through the CommonJS copy of this package is the scope the ESM copy
 * reads, and the other way round.
 */
export const storage = processWide('dashtam.trace-context.v1', () => new AsyncLocalStorage<TraceStore>());

// Ends a scope: when it failed, what its debug tail held is written first (in the scope, as before
// an error record); then the tail closes, dropping what is left.
function endScope(store: TraceStore, failed: boolean): void {
  const tail = store.tail;
  if (tail === undefined) return;
  if (failed) storage.run(store, () => flushDebugTail(store));
  tail.close();
}

// Runs fn and ends the scope when it has settled: returned or resolved (the tail's records are
// dropped), thrown or rejected (they are written first; the error goes on to the caller).
function runScope<T>(store: TraceStore, fn: () => T): T {
  if (store.tail === undefined) return storage.run(store, fn);
  const failed = (e: unknown): never => {
    endScope(store, true);
    throw e;
  };
  let result: T;
  try {
    result = storage.run(store, fn);
  } catch (e) {
    return failed(e);
  }
  if (result instanceof Promise) {
    return result.then((value) => {
      endScope(store, false);
      return value;
    }, failed) as T;
  }
  endScope(store, false);
  return result;
}

function traceStore(
  traceId: string,
  correlationId: string | undefined,
  explicit: boolean,
  fields: Readonly<Record<string, unknown>> | undefined,
): TraceStore {
  const policy = currentScopePolicy();
  return {
    traceId,
    correlationId,
    explicit,
    fields,
    sampled: isTraceSampled(traceId, policy.sampleRate),
    tail: policy.debugTail?.open(),
  };
}

/**
 * Runs `fn` with the scope's trace id and correlation id: every log inside it, across awaits,
 * carries `trace_id` and (when given) `correlation_id`. As with {@link runWithTraceId}, the trace
 * id wins over an active OpenTelemetry span's, so pass the span's own trace id when a span is
 * active (the demo API does), or `trace_id` and `span_id` name different traces.
 *
 * @example
 * ```ts
 * // The server span's trace, and the caller's own id kept beside it.
 * runWithTraceContext({ traceId: span.traceId, correlationId: 'order-7781-abc' }, () => next());
 * ```
 */
export function runWithTraceContext<T>(scope: TraceScope, fn: () => T): T {
  const fields = mergeFields(storage.getStore()?.fields, checkFields(scope.fields, 'runWithTraceContext'));
  return runScope(traceStore(scope.traceId, scope.correlationId, true, fields), fn);
}

/** A trace scope opened by {@link openTraceScope}: run code in it, and end it when the work is done. */
export interface TraceScopeHandle {
  /** The scope (fields, sampling, debug tail) as the logger sees it. */
  readonly scope: LogScope;
  /** Runs `fn` (and everything it awaits) in the scope; the scope stays open when it returns. */
  run<T>(fn: () => T): T;
  /**
   * Ends the scope: with `failed`, what its debug tail held is written first (as before an error
   * record); then the tail closes, dropping what is left. Later calls do nothing.
   */
  end(failed?: boolean): void;
}

/**
 * Opens a trace scope as {@link runWithTraceContext} does, for work whose end is not a function's
 * return (an HTTP request ends when its response is done): `run` code in it, `end` it once. The
 * Express middleware uses it: `end(res.statusCode >= 500)` when the response finishes or closes.
 * Outside any other scope, `fields` is kept as given, not copied (one copy less per request): the
 * caller hands over a fresh object of plain data that it never changes.
 *
 * @throws {InvalidContextFieldsError} as runWithTraceContext.
 * @example
 * ```ts
 * const handle = openTraceScope({ traceId });
 * handle.run(() => next());
 * res.on('close', () => handle.end(res.statusCode >= 500));
 * ```
 */
export function openTraceScope(scope: TraceScope): TraceScopeHandle {
  const own = checkFields(scope.fields, 'openTraceScope');
  const outer = storage.getStore()?.fields;
  const fields = outer === undefined && own !== undefined && hasFields(own) ? own : mergeFields(outer, own);
  const store = traceStore(scope.traceId, scope.correlationId, true, fields);
  let ended = false;
  return {
    scope: store,
    run: (fn) => storage.run(store, fn),
    end: (failed = false) => {
      if (ended) return;
      ended = true;
      endScope(store, failed);
    },
  };
}

function hasFields(fields: Readonly<Record<string, unknown>>): boolean {
  for (const _ in fields) return true;
  return false;
}

/**
 * Runs `fn` with `fields` on every record written inside it, across awaits (event handlers and
 * services included), without passing a logger around. Nested scopes merge (the inner field wins);
 * a field the bound context or the call gives wins over the scope's; fields are redacted like any
 * context. The trace id, sampling and debug tail of the enclosing scope carry on inside; outside
 * any scope (a record written there first included) it opens its own: a new trace id, sampling and
 * debug tail.
 *
 * @throws {InvalidContextFieldsError} when `fields` is not an object, or names a key the record
 * writes itself (`trace_id`, `level`, `error`, ...).
 * @example
 * ```ts
 * await runWithContext({ tenant_id: 't-9', user_id: user.id }, () => syncAccounts(user));
 * ```
 */
export function runWithContext<T>(fields: LogContext, fn: () => T): T {
  const own = checkFields(fields, 'runWithContext');
  const outer = storage.getStore();
  if (outer !== undefined && outer.implicit !== true) {
    return storage.run({ ...outer, fields: mergeFields(outer.fields, own) }, fn);
  }
  return runScope(traceStore(newTraceId(), undefined, false, mergeFields(undefined, own)), fn);
}

/**
 * The scope of the code running now (its fields, sampling and debug tail): the logger the
 * container builds reads it on every call (logger-factory.ts passes it as the logger's `scope`).
 */
export function getLogScope(): LogScope | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` with `traceId` as the current trace id: every log inside it, across awaits, carries it.
 * An id chosen this way wins over an active OpenTelemetry span's (the caller asked for it); the
 * API's trace middleware passes the span's id here itself when the request carries no X-Trace-Id.
 *
 * @example
 * ```ts
 * await runWithTraceId(req.get('x-trace-id') ?? newTraceId(), () => handle(req));
 * ```
 */
export function runWithTraceId<T>(traceId: string, fn: () => T): T {
  return runScope(traceStore(traceId, undefined, true, storage.getStore()?.fields), fn);
}
