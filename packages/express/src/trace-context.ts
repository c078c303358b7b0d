import { InvalidContextFieldsError } from '@dashtam/container';
import { checkContextFields, newTraceId, openTraceScope } from '@dashtam/container/internal';
import { type LogContext, Logger, type LoggerProtocol, sanitize } from '@dashtam/logger-protocol';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describeValue, InvalidMiddlewareOptionsError } from './errors.js';
import { checkLoggerOption } from './logger-option.js';
import { countResponseBytes } from './request-facts.js';
import { DEFAULT_REQUEST_ID_KEY, type RequestIdChoice, requestIdConfig, requestIdOf } from './request-id.js';
import { onResponseDone } from './response-done.js';
import { ACCEPTED_TRACE_ID_HEADER, type CallerTraceId, classifyTraceIdHeader } from './trace-id-header.js';

declare global {
  // Declaration merging into Express's own open interfaces is how Express types request and
  // response extensions (@types/express-serve-static-core declares them for this); a namespace is
  // the only way to reach them.
  namespace Express {
    interface Request {
      /** The request's logger (set by `traceContext()`): bound to `request_path` and `http_method`. */
      log: LoggerProtocol;
      /** The request's id (set by `traceContext()`): on every record as `request_id`, echoed in `X-Request-Id`. */
      id: string;
    }
    interface Locals {
      /** The same logger as `req.log`, for code that only has the response. */
      logger: LoggerProtocol;
      /** The `trace_id` of every record of this request, also sent in the `X-Trace-Id` response header. */
      traceId: string;
      /** The caller's `X-Trace-Id` when it is not the trace id (sent back in `X-Correlation-Id`). */
      correlationId?: string | undefined;
      /** The request's id, as `req.id`. */
      requestId: string;
    }
  }
}

// W3C traceparent: version-traceid-parentid-flags, lowercase hex.
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ALL_ZERO = /^0+$/;

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
 * `X-Trace-Id`; see {@link XTraceIdPropagator}); else, with no tracer, the `traceparent`'s trace id;
 * else a W3C `X-Trace-Id` (lower-cased); else a fresh one. An accepted `X-Trace-Id` that is not the
 * chosen trace id (`order-7781-abc`, or a W3C id that lost to a `traceparent`) becomes
 * `correlationId`; a refused one is returned as `rejected`.
 *
 * @example
 * ```ts
 * const { traceId, correlationId } = resolveTrace(req);
 * ```
 */
export function resolveTrace(req: Pick<Request, 'headers'>): RequestTrace {
  const caller = classifyTraceIdHeader(req.headers['x-trace-id']);
  const chosen = chooseTraceId(req, caller);
  if (caller.kind === 'absent') return chosen;
  const keepsCaller =
    (caller.kind === 'correlation' || caller.kind === 'w3c') &&
    !(caller.kind === 'w3c' && caller.traceId === chosen.traceId);
  return {
    ...chosen,
    ...(keepsCaller ? { correlationId: caller.value } : {}),
    ...(caller.kind === 'rejected' ? { rejected: caller.value, rejectedAsSecret: caller.secret } : {}),
  };
}

function chooseTraceId(req: Pick<Request, 'headers'>, caller: CallerTraceId): Pick<RequestTrace, 'traceId' | 'source'> {
  const span = trace.getSpanContext(context.active());
  if (span !== undefined && isSpanContextValid(span)) return { traceId: span.traceId, source: 'span' };
  const parent = TRACEPARENT.exec(String(req.headers.traceparent ?? ''));
  if (parent?.[1] !== undefined && !ALL_ZERO.test(parent[1])) return { traceId: parent[1], source: 'traceparent' };
  if (caller.kind === 'w3c') return { traceId: caller.traceId, source: 'x-trace-id' };
  return { traceId: newTraceId(), source: 'generated' };
}

/** What {@link traceContext} is built from. */
export interface TraceContextOptions {
  /** The logger every request logger is bound from (e.g. `getLogger()` from `@dashtam/container`). */
  readonly logger: LoggerProtocol;
  /**
   * Fields for every record written while the request is handled (event handlers and services
   * included, whatever logger they use from the container): e.g. `(req) => ({ tenant_id:
   * req.get('x-tenant-id') })`. Undefined values are left out; the fields are redacted like any
   * context. A throwing function is reported in a warning and the request goes on. @default none
   */
  readonly fields?: (req: Request) => LogContext | undefined;
  /**
   * The header a caller's request id is read from (checked as `X-Trace-Id` is; a refused one is
   * reported and replaced), or `false` to always make one (an edge facing the internet). The id
   * is echoed in this header. @default 'x-request-id'
   */
  readonly requestIdHeader?: string | false;
  /**
   * Makes the request's id when the caller sent none that is accepted (pino-http's `genReqId`):
   * a number, or a string checked as `X-Request-Id` is (1 to 128 characters of `[A-Za-z0-9._-]`,
   * not shaped like a secret). A throw or another answer is reported in a warning (never with its
   * value) and a UUIDv7 is used. @default a UUIDv7 (RFC 9562: time-ordered)
   */
  readonly genReqId?: (req: Request, res: Response) => string | number;
  /** The field the request id is written in on every record. @default 'request_id' */
  readonly requestIdKey?: string;
  /**
   * `req.log` is not bound to `request_path` and `http_method` (pino-http's `quietReqLogger`); the
   * request id and trace id are on its records all the same, and `res.locals.logger` and
   * `requestLogger()` keep the full bindings. @default false
   */
  readonly quietReqLogger?: boolean;
}

/**
 * Runs the rest of the request inside the container's trace context, so every log in it (the
 * request logger, event handlers, services) carries the same `trace_id`, and `correlation_id` when
 * the caller's `X-Trace-Id` is kept beside it; puts a request-scoped logger (bound to
 * `request_path` and `http_method`) in `req.log` and `res.locals.logger`; and on every response,
 * errors included, sets `X-Trace-Id` to the records' `trace_id` and, when there is one,
 * `X-Correlation-Id` to the caller's id. An `X-Trace-Id` that is refused (bad characters, too long,
 * or shaped like a secret) is ignored and reported in a warning; a secret-looking one is never
 * echoed or written, not even in part. Mount it first.
 *
 * @throws {InvalidMiddlewareOptionsError} when `logger` is not a logger.
 * @example
 * ```ts
 * app.use(traceContext({ logger: getLogger() }));
 * app.get('/users/:id', (req, res) => { req.log.info('User read', { user_id: req.params.id }); … });
 * ```
 */
export function traceContext(options: TraceContextOptions): RequestHandler {
  const logger = checkLoggerOption('traceContext', (options as Partial<TraceContextOptions> | undefined)?.logger);
  const fieldsOf = (options as Partial<TraceContextOptions>).fields;
  if (fieldsOf !== undefined && typeof fieldsOf !== 'function') {
    throw new InvalidMiddlewareOptionsError(
      `traceContext({ fields }): fields must be a function of the request returning an object, got ${describeValue(fieldsOf)}`,
    );
  }
  const ids = requestIdConfig(options);
  const quiet = (options as Partial<TraceContextOptions>).quietReqLogger;
  if (quiet !== undefined && typeof quiet !== 'boolean') {
    throw new InvalidMiddlewareOptionsError(
      `traceContext({ quietReqLogger }): quietReqLogger must be true or false, got ${describeValue(quiet)}`,
    );
  }
  const requestLoggerFor = boundLoggers(logger);
  return (req: Request, res: Response, next: NextFunction): void => {
    const { traceId, correlationId, rejected, rejectedAsSecret } = resolveTrace(req);
    const requestId = requestIdOf(req, res, ids);
    // The body counter goes on the app's response prototype here, before any middleware mounted
    // after this one captures res.write (requestLogger() reads the count).
    countResponseBytes(res);
    res.setHeader('X-Trace-Id', traceId);
    if (correlationId !== undefined) res.setHeader('X-Correlation-Id', correlationId);
    res.setHeader(ids.echo, requestId.id);
    let { fields, failed } =
      fieldsOf === undefined ? { fields: undefined, failed: undefined } : requestFields(fieldsOf, req);
    if (fields !== undefined) {
      // A field the record writes itself (trace_id, level, ...) is refused by the container: the
      // request goes on without the fields, and the refusal is reported.
      try {
        checkContextFields(fields);
      } catch (e) {
        if (!(e instanceof InvalidContextFieldsError)) throw e;
        failed = { fields_error: e.message };
        fields = undefined;
      }
    }
    // The request id is a scope field: on every record written while the request is handled,
    // whatever logger writes it; written first, and not replaced by a user field of the same name.
    const scopeFields =
      fields === undefined && ids.key === DEFAULT_REQUEST_ID_KEY
        ? { request_id: requestId.id }
        : { [ids.key]: requestId.id, ...fields, [ids.key]: requestId.id };
    const handle = openTraceScope({ traceId, correlationId, fields: scopeFields });
    // With a debug tail (LOG_DEBUG_TAIL=on) the scope ends when the response is done: a 5xx writes
    // what the request held, then the scope closes (dropping what is left). Done is 'finish' or
    // 'close', whichever comes first: a response that a serverless adapter made by hand finishes
    // but never closes, and one whose client left closes without finishing. A client that left
    // before this middleware ran ('close' was emitted already) ends it once the request has run.
    const ends = handle.scope.tail !== undefined;
    const waiting = ends && onResponseDone(res, () => handle.end(res.statusCode >= 500));
    handle.run(() => {
      // span_id, trace_flags and correlation_id come from the logger itself (the container gives it
      // the active span and the correlation id), as for every other record written during the request.
      const requestLogger = requestLoggerFor(req.path, req.method);
      req.log = quiet === true ? logger : requestLogger;
      req.id = requestId.id;
      res.locals.logger = requestLogger;
      res.locals.traceId = traceId;
      res.locals.correlationId = correlationId;
      res.locals.requestId = requestId.id;
      if (requestId.refused !== undefined || requestId.genError !== undefined)
        reportRequestId(requestLogger, ids.echo, requestId);
      if (rejected !== undefined) warnRefused(requestLogger, 'X-Trace-Id', rejected, rejectedAsSecret === true);
      if (failed !== undefined)
        requestLogger.warning('traceContext fields failed; the request goes on without them', failed);
      next();
    });
    // With a debug tail (LOG_DEBUG_TAIL=on) the scope lasts until the response is done; the ending
    // is registered above, before the request runs (a response may finish within next()).
    if (ends && !waiting) handle.end(res.statusCode >= 500);
  };
}

// A caller's id that was refused (X-Trace-Id, X-Request-Id). A secret-looking value is not written
// even in part: a cut JWT no longer looks like one.
function warnRefused(logger: LoggerProtocol, header: string, value: string, secret: boolean): void {
  logger.warning(`Invalid ${header} header ignored`, {
    received: secret ? '[REDACTED]' : sanitize(value, { maxLength: 64 }),
    received_length: value.length,
    accepted: ACCEPTED_TRACE_ID_HEADER,
  });
}

// A refused caller request id or a failed genReqId.
function reportRequestId(logger: LoggerProtocol, header: string, choice: RequestIdChoice): void {
  if (choice.refused !== undefined) warnRefused(logger, header, choice.refused.value, choice.refused.secret);
  if (choice.genError !== undefined) logger.warning('genReqId failed; a UUIDv7 is used', { reason: choice.genError });
}

// The user's fields for a request, without undefined values; a throw becomes a report.
function requestFields(
  fieldsOf: (req: Request) => LogContext | undefined,
  req: Request,
): { fields: LogContext | undefined; failed: LogContext | undefined } {
  try {
    const given = fieldsOf(req);
    if (given === undefined) return { fields: undefined, failed: undefined };
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      return {
        fields: undefined,
        failed: { fields_error: `fields(req) must return an object, got ${describeValue(given)}` },
      };
    }
    const fields: Record<string, unknown> = {};
    let kept = 0;
    for (const [k, v] of Object.entries(given)) {
      if (v === undefined) continue;
      fields[k] = v;
      kept++;
    }
    return { fields: kept === 0 ? undefined : fields, failed: undefined };
  } catch (e) {
    return { fields: undefined, failed: { error: e } };
  }
}

// Binding builds the bound members (redacted, serialised) each time: about 1.5-2 µs a request with
// the container's logger. A Logger is immutable (bind returns a new one, the trace id comes
// from the trace context at each call), so the logger bound to a (method, path) pair is kept and
// reused: the records are the same. At most BOUND_CACHE_SIZE pairs are kept (paths can be
// anything a client sends): when full, the cache starts over. Any other LoggerProtocol is bound
// per request, as it may not be immutable.
const BOUND_CACHE_SIZE = 256;

function boundLoggers(logger: LoggerProtocol): (path: string, method: string) => LoggerProtocol {
  if (!(logger instanceof Logger)) {
    return (path, method) => logger.bind({ request_path: path, http_method: method });
  }
  const cache = new Map<string, LoggerProtocol>();
  return (path, method) => {
    const key = `${method} ${path}`;
    let bound = cache.get(key);
    if (bound === undefined) {
      if (cache.size >= BOUND_CACHE_SIZE) cache.clear();
      bound = logger.bind({ request_path: path, http_method: method });
      cache.set(key, bound);
    }
    return bound;
  };
}
