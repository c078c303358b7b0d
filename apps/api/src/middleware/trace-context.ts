import { newTraceId, runWithTraceId } from '@dashtam/container';
import { type LoggerProtocol, sanitize } from '@dashtam/logger-protocol';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const TRACE_ID = /^[A-Za-z0-9._-]{1,128}$/;
// W3C traceparent: version-traceid-parentid-flags, lowercase hex.
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's trace id and how it was chosen. */
export interface RequestTrace {
  readonly traceId: string;
  readonly source: 'x-trace-id' | 'span' | 'traceparent' | 'generated';
  readonly rejected?: string;
}

/**
 * Chooses the request's trace id: a valid `X-Trace-Id` (1 to 128 characters of `[A-Za-z0-9._-]`);
 * else the active OpenTelemetry span's (which continues an incoming `traceparent`); else the
 * `traceparent` trace id itself when no tracer runs; else a fresh one. An invalid `X-Trace-Id` is
 * returned as `rejected` so it can be reported.
 */
export function resolveTrace(req: Request): RequestTrace {
  const header = req.headers['x-trace-id'];
  const value = Array.isArray(header) ? header.join(',') : header;
  const rejected = value !== undefined && !TRACE_ID.test(value) ? value : undefined;
  if (value !== undefined && rejected === undefined) return { traceId: value, source: 'x-trace-id' };
  const span = trace.getSpanContext(context.active());
  const base = rejected === undefined ? {} : { rejected };
  if (span !== undefined && isSpanContextValid(span)) return { traceId: span.traceId, source: 'span', ...base };
  const parent = TRACEPARENT.exec(String(req.headers.traceparent ?? ''));
  if (parent?.[1] !== undefined && parent[1] !== '0'.repeat(32))
    return { traceId: parent[1], source: 'traceparent', ...base };
  return { traceId: newTraceId(), source: 'generated', ...base };
}

/**
 * Runs the rest of the request inside the container's trace context, so every log in it (the
 * request logger, event handlers, services) carries the same `trace_id`; puts a request-scoped
 * logger in `res.locals.logger`; and echoes `X-Trace-Id` on every response, errors included.
 */
export function traceContextMiddleware(logger: LoggerProtocol) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { traceId, rejected } = resolveTrace(req);
    res.setHeader('X-Trace-Id', traceId);
    runWithTraceId(traceId, () => {
      // span_id comes from the logger itself (the container gives it the active span), as for
      // every other record written during the request.
      const requestLogger = logger.bind({ request_path: req.path, http_method: req.method });
      res.locals.logger = requestLogger;
      res.locals.traceId = traceId;
      if (rejected !== undefined) {
        requestLogger.warning('Invalid X-Trace-Id header ignored', {
          received: sanitize(rejected, { maxLength: 64 }),
          received_length: rejected.length,
          accepted: '1 to 128 characters of [A-Za-z0-9._-]',
        });
      }
      next();
    });
  };
}
