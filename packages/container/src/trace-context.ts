import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, context as otelContext, type SpanContext, trace } from '@opentelemetry/api';
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
}

interface TraceStore {
  readonly traceId: string;
  readonly correlationId: string | undefined;
  /** Set by runWithTraceId: a caller chose this id, so it wins over an OpenTelemetry span. */
  readonly explicit: boolean;
}

const storage = new AsyncLocalStorage<TraceStore>();

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
  return storage.run({ traceId: scope.traceId, correlationId: scope.correlationId, explicit: true }, fn);
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
  return storage.run({ traceId, correlationId: undefined, explicit: true }, fn);
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
  storage.enterWith({ traceId, correlationId: undefined, explicit: false });
  return traceId;
}

/** The active OpenTelemetry span id, if a span is active. */
export function getSpanId(): string | undefined {
  const span = trace.getSpanContext(otelContext.active());
  return span !== undefined && isSpanContextValid(span) ? span.spanId : undefined;
}

/** The correlation id set by {@link runWithTraceContext}, if any. */
export function getCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/**
 * The active OpenTelemetry span's context (id and W3C trace flags), if a valid span is active. The
 * loggers the container builds write it as `span_id` and `trace_flags`.
 */
export function getActiveSpanContext(): SpanContext | undefined {
  const span = trace.getSpanContext(otelContext.active());
  return span !== undefined && isSpanContextValid(span) ? span : undefined;
}
