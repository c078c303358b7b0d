import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogContext } from '@dashtam/logger-protocol';
import {
  type DebugTail,
  type DebugTailBuffer,
  flushDebugTail,
  type LogScope,
  RECORD_LEADING_KEYS,
} from '@dashtam/logger-protocol/internal';
import { isSpanContextValid, context as otelContext, type SpanContext, trace } from '@opentelemetry/api';
import { InvalidContextFieldsError } from './errors.js';
import { newTraceId } from './trace-id.js';

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

interface TraceStore extends LogScope {
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

const storage = new AsyncLocalStorage<TraceStore>();

// What a new trace scope gets: a debug tail (LOG_DEBUG_TAIL=on) and sampling (LOG_SAMPLE_RATE).
// Set by the container (and by createLogger) from the settings.
let policy: { readonly debugTail: DebugTailBuffer | undefined; readonly sampleRate: number } = {
  debugTail: undefined,
  sampleRate: 0,
};

/** @internal Sets what new trace scopes get (the logger factory calls it). */
export function setScopePolicy(next: { debugTail: DebugTailBuffer | undefined; sampleRate: number }): void {
  policy = { debugTail: next.debugTail, sampleRate: next.sampleRate };
}

// Makes the policy the current settings' (the container builds its settings and tail buffer if
// not built yet) before a scope reads it: a scope opened before the first getLogger() (a worker's
// first job) or after a shutdown() would otherwise get no tail or sampling, or the old settings'.
let ensurePolicy: () => void = () => {};

/** @internal The container sets it. */
export function setScopePolicySource(ensure: () => void): void {
  ensurePolicy = ensure;
}

/**
 * Whether a trace is sampled at `rate`: decided by the trace id alone (FNV-1a hash), so every
 * record of a request, and every service that sees the same trace id, decides the same.
 */
export function isTraceSampled(traceId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  let hash = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    hash ^= traceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000 < rate;
}

// Keys the record writes itself, and the error key (its fields would clash with a call's error).
const RESERVED_FIELDS: ReadonlySet<string> = new Set([
  ...RECORD_LEADING_KEYS,
  'error',
  'logger',
  'buffered',
  'sampled',
]);

function checkFields(fields: unknown, where: string): Readonly<Record<string, unknown>> | undefined {
  if (fields === undefined) return undefined;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new InvalidContextFieldsError(
      `${where}: fields must be an object such as { user_id: 'u-1' }, got ${fields === null ? 'null' : Array.isArray(fields) ? 'an array' : typeof fields}`,
    );
  }
  for (const key of Object.keys(fields)) {
    if (RESERVED_FIELDS.has(key)) {
      throw new InvalidContextFieldsError(
        `${where}: ${JSON.stringify(key)} is written by the logger itself and cannot be a scope field (use runWithTraceContext for trace and correlation ids); reserved: ${[...RESERVED_FIELDS].join(', ')}`,
      );
    }
  }
  return fields as Readonly<Record<string, unknown>>;
}

/**
 * Checks scope fields as {@link runWithContext} does, without running anything.
 *
 * @throws {InvalidContextFieldsError} when `fields` is not an object or names a key the record writes itself.
 */
export function checkContextFields(fields: LogContext): void {
  checkFields(fields, 'fields');
}

function mergeFields(
  outer: Readonly<Record<string, unknown>> | undefined,
  inner: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (inner === undefined || Object.keys(inner).length === 0) return outer;
  const merged: Record<string, unknown> = { ...outer };
  for (const key of Object.keys(inner)) {
    let value: unknown;
    try {
      value = inner[key];
    } catch (e) {
      // A getter that throws becomes a marker, as in bind(): the scope and its records go on.
      value = `[Throws: ${e instanceof Error ? e.message : 'unknown'}]`;
    }
    // defineProperty, not assignment: a `__proto__` key stays an own field.
    Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return Object.freeze(merged);
}

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
  ensurePolicy();
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
  const fields = mergeFields(storage.getStore()?.fields, checkFields(scope.fields, 'openTraceScope'));
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
 * The scope of the code running now (its fields, sampling and debug tail), for the logger the
 * container builds and for middleware that must act on it later (e.g. on a 5xx response).
 */
export function getLogScope(): LogScope | undefined {
  return storage.getStore();
}

/**
 * Writes what a scope's debug tail holds, oldest first, marked `buffered: true`: the Express
 * middleware calls it when the response is a 5xx. Nothing happens without a tail. Never throws.
 */
export function flushScopeTail(scope: LogScope | undefined): void {
  flushDebugTail(scope);
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

/**
 * The current trace id: the one set by {@link runWithTraceId}; else the active OpenTelemetry
 * span's; else a fresh one that is kept for the rest of this async context.
 */
export function getTraceId(): string {
  const store = storage.getStore();
  if (store?.explicit) return store.traceId;
  const span = trace.getSpanContext(otelContext.active());
  if (span !== undefined && isSpanContextValid(span)) return span.traceId;
  if (store !== undefined) return store.traceId;
  const traceId = newTraceId();
  storage.enterWith({
    traceId,
    correlationId: undefined,
    explicit: false,
    fields: undefined,
    sampled: false,
    tail: undefined,
    implicit: true,
  });
  return traceId;
}

/**
 * The active OpenTelemetry span id, if a span of the current trace is active (see
 * {@link getActiveSpanContext}).
 */
export function getSpanId(): string | undefined {
  return getActiveSpanContext()?.spanId;
}

/** The correlation id set by {@link runWithTraceContext}, if any. */
export function getCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/**
 * The active OpenTelemetry span's context (id and W3C trace flags), if a valid span of the current
 * trace is active. The loggers the container builds write it as `span_id` and `trace_flags`.
 */
export function getActiveSpanContext(): SpanContext | undefined {
  const span = trace.getSpanContext(otelContext.active());
  if (span === undefined || !isSpanContextValid(span)) return undefined;
  // Inside runWithTraceId / runWithTraceContext with an id of another trace than the span's, the
  // span is not the records': its id beside their trace_id would join them to a span of another
  // trace. Records then carry their trace_id and no span_id.
  const store = storage.getStore();
  if (store?.explicit === true && store.traceId !== span.traceId) return undefined;
  return span;
}
