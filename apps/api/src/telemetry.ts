import { createRequire } from 'node:module';
import { XTraceIdPropagator } from '@dashtam/express';
import { trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** A started tracer: `shutdown()` flushes spans to the exporter (if any) and stops. */
export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node tracer with HTTP and Express instrumentation: every request gets a
 * server span (continuing an incoming W3C `traceparent`, else a W3C-shaped `X-Trace-Id`), whose
 * trace id the logs carry. No exporter unless `otlpEndpoint` is given (then OTLP over HTTP).
 *
 * Instrumentation patches modules as they are required, so this must run before `express` and
 * `http` are loaded; both are required here, through the CommonJS loader, so an ESM app that
 * imports them afterwards gets the patched modules.
 */
export function startTelemetry(options: { otlpEndpoint?: string | undefined; serviceName?: string } = {}): Telemetry {
  const provider = new NodeTracerProvider({
    spanProcessors: options.otlpEndpoint
      ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))]
      : [],
  });
  // The SDK's default propagators (traceparent, baggage), then X-Trace-Id when no traceparent came.
  provider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator(), new XTraceIdPropagator()],
    }),
  });
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
  });
  const require = createRequire(import.meta.url);
  require('node:http');
  require('express');
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
    },
  };
}
