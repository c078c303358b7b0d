import { newTraceId, runWithTraceContext } from '@dashtam/container';
import { type LoggerProtocol, Redactor, sanitize } from '@dashtam/logger-protocol';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const CALLER_ID = /^[A-Za-z0-9._-]{1,128}$/;
const W3C_TRACE_ID = /^[0-9A-Fa-f]{32}$/;
const ALL_ZERO = /^0+$/;
// W3C traceparent: version-traceid-parentid-flags, lowercase hex.
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** What the accepted characters of an `X-Trace-Id` are, as the warning for a refused one says. */
export const ACCEPTED_TRACE_ID_HEADER = '1 to 128 characters of [A-Za-z0-9._-] that do not look like a secret';

// The built-in secret patterns: an id shaped like a JWT, a bearer token or a key is a credential
// sent in the wrong header, never a trace id to echo and log.
const secrets = new Redactor();

/** What a request's `X-Trace-Id` header is, as {@link classifyTraceIdHeader} judges it. */
export type CallerTraceId =
  /** No header. */
  | { readonly kind: 'absent' }
  /** A W3C trace id (32 hex digits, any case, not all zero), lower-cased: the request joins that trace. */
  | { readonly kind: 'w3c'; readonly traceId: string; readonly value: string }
  /** Any other accepted id: kept as `correlation_id` beside the real trace id. */
  | { readonly kind: 'correlation'; readonly value: string }
  /** Refused: ignored, and reported in a warning with its sanitised value. */
  | { readonly kind: 'rejected'; readonly value: string; readonly secret: boolean };

/**
 * The one place an `X-Trace-Id` value is judged (the OpenTelemetry propagator and the middleware
 * both ask it): refused unless it is {@link ACCEPTED_TRACE_ID_HEADER}; a W3C trace id when it has
 * that shape; else a correlation id. Add a refusal rule here and both follow.
 *
 * @example
 * ```ts
 * classifyTraceIdHeader('4BF92F3577B34DA6A3CE929D0E0E4736'); // { kind: 'w3c', traceId: '4bf9…4736', … }
 * classifyTraceIdHeader('order-7781-abc');                   // { kind: 'correlation', value: 'order-7781-abc' }
 * ```
 */
export function classifyTraceIdHeader(header: string | readonly string[] | undefined): CallerTraceId {
  if (header === undefined) return { kind: 'absent' };
  const value = typeof header === 'string' ? header : header.join(',');
  if (!CALLER_ID.test(value)) return { kind: 'rejected', value, secret: secrets.isSecretId(value) };
  if (secrets.isSecretId(value)) return { kind: 'rejected', value, secret: true };
  if (W3C_TRACE_ID.test(value) && !ALL_ZERO.test(value)) return { kind: 'w3c', traceId: value.toLowerCase(), value };
  return { kind: 'correlation', value };
}

/** The request's trace id, how it was chosen, and the caller's id when it is kept beside it. */
export interface RequestTrace {
  readonly traceId: string;
  readonly source: 'span' | 'traceparent' | 'x-trace-id' | 'generated';
  /** The caller's `X-Trace-Id` when it is not the trace id: written on every record as `correlation_id`. */
  readonly correlationId?: string;
  /** A refused `X-Trace-Id`, to report. */
  readonly rejected?: string;
  /** True when it was refused because it looks like a secret (then its value is never written). */
  readonly rejectedAsSecret?: boolean;
}

/**
 * Chooses the request's trace id, so that `trace_id` and `span_id` always name the same trace:
 * the active OpenTelemetry span's (the server span, which continues a `traceparent` or else a W3C
 * `X-Trace-Id`; see XTraceIdPropagator); else, with no tracer, the `traceparent`'s trace id; else a
 * W3C `X-Trace-Id` (lower-cased); else a fresh one. An accepted `X-Trace-Id` that is not the chosen
 * trace id (`order-7781-abc`, or a W3C id that lost to a `traceparent`) becomes `correlationId`; a
 * refused one is returned as `rejected`.
 */
export function resolveTrace(req: Request): RequestTrace {
  const caller = classifyTraceIdHeader(req.headers['x-trace-id']);
  const chosen = chooseTraceId(req, caller);
  const keepsCaller =
    (caller.kind === 'correlation' || caller.kind === 'w3c') &&
    !(caller.kind === 'w3c' && caller.traceId === chosen.traceId);
  return {
    ...chosen,
    ...(keepsCaller ? { correlationId: caller.value } : {}),
    ...(caller.kind === 'rejected' ? { rejected: caller.value, rejectedAsSecret: caller.secret } : {}),
  };
}

function chooseTraceId(req: Request, caller: CallerTraceId): Pick<RequestTrace, 'traceId' | 'source'> {
  const span = trace.getSpanContext(context.active());
  if (span !== undefined && isSpanContextValid(span)) return { traceId: span.traceId, source: 'span' };
  const parent = TRACEPARENT.exec(String(req.headers.traceparent ?? ''));
  if (parent?.[1] !== undefined && !ALL_ZERO.test(parent[1])) return { traceId: parent[1], source: 'traceparent' };
  if (caller.kind === 'w3c') return { traceId: caller.traceId, source: 'x-trace-id' };
  return { traceId: newTraceId(), source: 'generated' };
}

/**
 * Runs the rest of the request inside the container's trace context, so every log in it (the
 * request logger, event handlers, services) carries the same `trace_id`, and `correlation_id` when
 * the caller's `X-Trace-Id` is kept beside it; puts a request-scoped logger in `res.locals.logger`;
 * and on every response, errors included, sets `X-Trace-Id` to the records' `trace_id` and, when
 * there is one, `X-Correlation-Id` to the caller's id.
 */
export function traceContextMiddleware(logger: LoggerProtocol) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { traceId, correlationId, rejected, rejectedAsSecret } = resolveTrace(req);
    res.setHeader('X-Trace-Id', traceId);
    if (correlationId !== undefined) res.setHeader('X-Correlation-Id', correlationId);
    runWithTraceContext({ traceId, correlationId }, () => {
      // span_id, trace_flags and correlation_id come from the logger itself (the container gives it
      // the active span and the correlation id), as for every other record written during the request.
      const requestLogger = logger.bind({ request_path: req.path, http_method: req.method });
      res.locals.logger = requestLogger;
      res.locals.traceId = traceId;
      res.locals.correlationId = correlationId;
      if (rejected !== undefined) {
        requestLogger.warning('Invalid X-Trace-Id header ignored', {
          // A secret-looking value is not written even in part: a cut JWT no longer looks like one.
          received: rejectedAsSecret ? '[REDACTED]' : sanitize(rejected, { maxLength: 64 }),
          received_length: rejected.length,
          accepted: ACCEPTED_TRACE_ID_HEADER,
        });
      }
      next();
    });
  };
}
