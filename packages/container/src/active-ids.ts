// The ids of the code running now, as the loggers the container builds write them: the trace id
// (the scope's, else the active OpenTelemetry span's, else a fresh one kept for the async
// context), the active span's id and trace flags, and the scope's correlation id.
import { isSpanContextValid, context as otelContext, type SpanContext, trace } from '@opentelemetry/api';
import { storage } from './trace-context.js';
import { newTraceId } from './trace-id.js';

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
