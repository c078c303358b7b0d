import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, context as otelContext, trace } from '@opentelemetry/api';
import { newTraceId } from './trace-id.js';

interface TraceStore {
  readonly traceId: string;
}

const storage = new AsyncLocalStorage<TraceStore>();

/**
 * Runs `fn` with `traceId` as the current trace id: every log inside it, across awaits, carries it
 * (unless an OpenTelemetry span is active, whose trace id wins).
 *
 * @example
 * ```ts
 * await runWithTraceId(req.get('x-trace-id') ?? newTraceId(), () => handle(req));
 * ```
 */
export function runWithTraceId<T>(traceId: string, fn: () => T): T {
  return storage.run({ traceId }, fn);
}

/**
 * The current trace id: the active OpenTelemetry span's, else the one set by
 * {@link runWithTraceId}, else a fresh one that is kept for the rest of this async context.
 */
export function getTraceId(): string {
  const span = trace.getSpanContext(otelContext.active());
  if (span !== undefined && isSpanContextValid(span)) return span.traceId;
  const store = storage.getStore();
  if (store !== undefined) return store.traceId;
  const traceId = newTraceId();
  storage.enterWith({ traceId });
  return traceId;
}

/** The active OpenTelemetry span id, if a span is active. */
export function getSpanId(): string | undefined {
  const span = trace.getSpanContext(otelContext.active());
  return span !== undefined && isSpanContextValid(span) ? span.spanId : undefined;
}
