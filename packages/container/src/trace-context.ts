import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, context as otelContext, trace } from '@opentelemetry/api';
import { newTraceId } from './trace-id.js';

interface TraceStore {
  readonly traceId: string;
  /** Set by runWithTraceId: a caller chose this id, so it wins over an OpenTelemetry span. */
  readonly explicit: boolean;
}

const storage = new AsyncLocalStorage<TraceStore>();

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
  return storage.run({ traceId, explicit: true }, fn);
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
  storage.enterWith({ traceId, explicit: false });
  return traceId;
}

/** The active OpenTelemetry span id, if a span is active. */
export function getSpanId(): string | undefined {
  const span = trace.getSpanContext(otelContext.active());
  return span !== undefined && isSpanContextValid(span) ? span.spanId : undefined;
}
