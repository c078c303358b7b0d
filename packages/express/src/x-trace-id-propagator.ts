import { randomBytes } from 'node:crypto';
import {
  type Context,
  isSpanContextValid,
  type TextMapGetter,
  type TextMapPropagator,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { classifyTraceIdHeader } from './trace-id-header.js';

const HEADER = 'x-trace-id';

/**
 * Extracts a W3C-shaped `X-Trace-Id` as a remote parent, as if it had come in a `traceparent`, so
 * the HTTP instrumentation starts the server span in the caller's trace and the records' `trace_id`
 * is the trace their `span_id` belongs to. Runs after the W3C propagators: a valid `traceparent`
 * wins. Any other `X-Trace-Id` is left to the trace middleware (kept as `correlation_id`).
 *
 * The header carries no parent span id, so a random one stands for the caller's side (sampled): the
 * server span's parent is then not among the exported spans, as with a `traceparent` from a caller
 * that exports nothing. Injects nothing: outgoing requests carry `traceparent`.
 *
 * @example
 * ```ts
 * provider.register({ propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new XTraceIdPropagator()] }) });
 * ```
 */
export class XTraceIdPropagator implements TextMapPropagator {
  inject(): void {
    // Nothing: the W3C propagator writes traceparent.
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const parent = trace.getSpanContext(context);
    if (parent !== undefined && isSpanContextValid(parent)) return context;
    const caller = classifyTraceIdHeader(getter.get(carrier, HEADER));
    if (caller.kind !== 'w3c') return context;
    return trace.setSpanContext(context, {
      traceId: caller.traceId,
      spanId: randomSpanId(),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  }

  fields(): string[] {
    return [HEADER];
  }
}

function randomSpanId(): string {
  for (;;) {
    const id = randomBytes(8).toString('hex');
    if (id !== '0000000000000000') return id;
  }
}
