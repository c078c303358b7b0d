import { AsyncResource } from 'node:async_hooks';
import { getLogger } from '@dashtam/container';
import { newRequestId } from '@dashtam/container/internal';
import { type LogContext, type LoggerProtocol, LogLevel } from '@dashtam/logger-protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describeValue, MissingTraceContextError } from './errors.js';
import { requestError } from './request-error.js';
import { clientAddress, countResponseBytes, queryOf, responseSize, routeTemplate } from './request-facts.js';
import {
  type RequestLoggerConfig,
  type RequestLoggerOptions,
  type ResolvedRequestLogLevel,
  requestLogLevel,
  resolveRequestLoggerConfig,
  SILENT,
} from './request-logger-options.js';
import { onResponseDone } from './response-done.js';

export type { RequestLoggerOptions } from './request-logger-options.js';

// A record's context as it is built (LogContext is read-only for callers).
type Fields = Record<string, unknown>;

const RECEIVED = 'Request received';
const COMPLETED = 'Request completed';

function defaultLevel(config: RequestLoggerConfig, req: Request, res: Response, err: unknown): LogLevel {
  // An answered 4xx error is the client's: warning, as any 4xx.
  if (res.statusCode >= 500 || (err !== undefined && res.statusCode < 400)) return LogLevel.Error;
  if (res.statusCode >= 400) return LogLevel.Warning;
  return config.healthPaths.has(req.path) ? LogLevel.Debug : LogLevel.Info;
}

// A user's callback must not break the request or the log: its failure is written beside the record.
function attempt<T>(f: () => T): { value: T } | { failed: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

// The level of a request's record: `useLevel`, `level`'s answer (`err` undefined for `Request
// received`), or `fallback` (the default); a failed or unknown answer gives the fallback and why.
// A plain level in the common case: no object per record.
function recordLevel(
  config: RequestLoggerConfig,
  req: Request,
  res: Response,
  err: unknown,
  fallback: LogLevel,
): ResolvedRequestLogLevel | { readonly level: LogLevel; readonly error: string } {
  if (config.useLevel !== undefined) return config.useLevel;
  if (config.level === undefined) return fallback;
  const chosen = attempt(() => config.level?.(req, res, err));
  const level = 'value' in chosen ? requestLogLevel(chosen.value) : undefined;
  if (level !== undefined) return level;
  return { level: fallback, error: 'failed' in chosen ? chosen.failed : `not a level: ${describeValue(chosen.value)}` };
}

// A custom message, or the default with the reason it was not used.
function messageOf(custom: (() => string) | undefined, fallback: string, context: Fields): string {
  if (custom === undefined) return fallback;
  const given = attempt(custom);
  if ('value' in given && typeof given.value === 'string' && given.value !== '') return given.value;
  context.message_error =
    'failed' in given ? given.failed : `a message must be a non-empty string, got ${describeValue(given.value)}`;
  return fallback;
}

// A serializer's answer under its key, or the reason it failed.
function serialize(
  context: Fields,
  key: 'req' | 'res' | 'err',
  f: ((v: never) => unknown) | undefined,
  value: unknown,
) {
  if (f === undefined) return;
  const given = attempt(() => f(value as never));
  if ('value' in given) context[key] = given.value;
  else context.serializer_error = `${key}: ${given.failed}`;
}

// The record with the fields renamed by customAttributeKeys.
function renamed(context: Fields, keys: ReadonlyMap<string, string> | undefined): LogContext {
  if (keys === undefined) return context;
  const out: Fields = {};
  for (const key of Object.keys(context)) out[keys.get(key) ?? key] = context[key];
  return out;
}

/**
 * Logs `Request received` when a request arrives and `Request completed` when its response is
 * finished or the connection closes, whichever comes first, on `req.log`, so both carry the
 * request's `trace_id` and `request_id`. The completion says `status_code` (or `response_sent:
 * false` when nothing was sent), `duration_ms`, `route` (the matched template), `query` (the
 * parameters, redacted by name and shape), `client_ip` (Express's `req.ip`: `trust proxy`
 * decides), `response_size` (body bytes) and `aborted` when the client went away. Its level comes
 * from `level(req, res, err)`: by default 5xx (or an error answered by `problemDetails()`) at
 * `error`, 4xx at `warning`, health checks at `debug`, the rest at `info`; `'silent'` logs
 * nothing. Mount it after `traceContext()`; mounted without it, it writes one warning naming the
 * mistake (`DASHTAM_EXPRESS_MISSING_TRACE_CONTEXT`) to `logger` (the container's by default) and
 * logs every request there all the same, each with a request id of its own.
 *
 * @throws {InvalidMiddlewareOptionsError} when an option is not what is accepted.
 * @example
 * ```ts
 * app.use(traceContext({ logger }));
 * app.use(requestLogger({ headers: ['user-agent'], ignore: (req) => req.path.startsWith('/static/') }));
 * ```
 */
export function requestLogger(options: RequestLoggerOptions = {}): RequestHandler {
  const config = resolveRequestLoggerConfig(options);
  const { serializers } = config;
  let warned = false;
  // Without traceContext() before this middleware there is no req.log: the mistake is said once,
  // where the logs go, and the request is still logged (without the trace context's scope).
  const fallback = (req: Request): LoggerProtocol => {
    const base = config.logger ?? getLogger();
    if (!warned) {
      warned = true;
      const error = new MissingTraceContextError();
      base.warning(error.message, { error_code: error.code });
    }
    // req.id is typed as always set: it is, to the id on the request's records.
    const id = newRequestId();
    (req as { id: string }).id = id;
    return base.bind({ request_id: id, request_path: req.path, http_method: req.method });
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    // res.locals.logger keeps the request's bindings when req.log is quiet (quietReqLogger).
    const logger = (res.locals as Partial<Response['locals']>).logger ?? (req as Partial<Request>).log ?? fallback(req);
    const ignored = config.ignore === undefined ? { value: false } : attempt(() => config.ignore?.(req) === true);
    if ('value' in ignored && ignored.value) {
      next();
      return;
    }
    const quiet = config.healthPaths.has(req.path);
    const headers = pickHeaders(config, req);
    if (config.logReceived) {
      const chosen = recordLevel(config, req, res, undefined, quiet ? LogLevel.Debug : LogLevel.Info);
      const level = typeof chosen === 'string' ? chosen : chosen.level;
      if (
        level !== SILENT &&
        typeof chosen === 'string' &&
        serializers.req === undefined &&
        config.receivedMessage === undefined &&
        config.keys === undefined
      ) {
        // The common case: nothing to add to the record, no object to build.
        logger[level](RECEIVED, headers);
      } else if (level !== SILENT) {
        const context: Fields = headers === undefined ? {} : { ...headers };
        serialize(context, 'req', serializers.req, req);
        if (typeof chosen !== 'string') context.level_error = chosen.error;
        const message = messageOf(
          config.receivedMessage && (() => config.receivedMessage?.(req, res) as string),
          RECEIVED,
          context,
        );
        logger[level](message, renamed(context, config.keys));
      }
    }
    const started = performance.now();
    countResponseBytes(res);
    // Done on 'finish' or 'close', whichever comes first (onResponseDone); not finished when the
    // connection went away first.
    const complete = (finished: boolean): void => {
      const aborted = !finished;
      const err = requestError(res);
      const chosen = recordLevel(config, req, res, err, defaultLevel(config, req, res, err));
      const level = typeof chosen === 'string' ? chosen : chosen.level;
      const levelError = typeof chosen === 'string' ? undefined : chosen.error;
      if (level === SILENT) return;
      const extra = config.fields === undefined ? undefined : attempt(() => config.fields?.(req, res));
      const duration = Math.round((performance.now() - started) * 100) / 100;
      const context: Fields = extra !== undefined && 'value' in extra ? { ...extra.value } : {};
      if (!config.logReceived && headers !== undefined) context.request_headers = headers.request_headers;
      // A client that left before any response: no status was sent, so none is written.
      if (aborted && !res.headersSent) context.response_sent = false;
      else context.status_code = res.statusCode;
      context.duration_ms = duration;
      const route = routeTemplate(req);
      if (route !== undefined) context.route = route;
      const query =
        config.redactQuery === undefined ? undefined : queryOf(req.originalUrl ?? req.url, config.redactQuery);
      if (query !== undefined) {
        context.query = query.query;
        if (query.truncated) context.query_truncated = true;
      }
      const ip = clientAddress(req);
      if (ip !== undefined) context.client_ip = ip;
      context.response_size = responseSize(res);
      const failed = err !== undefined || res.statusCode >= 500;
      // Why a 4xx failed (a 5xx's error is logged in full as `Unhandled exception`).
      if (err !== undefined && serializers.err !== undefined) serialize(context, 'err', serializers.err, err);
      else if (err !== undefined && res.statusCode < 500) Object.assign(context, errorSummary(err));
      serialize(context, 'req', config.logReceived ? undefined : serializers.req, req);
      serialize(context, 'res', serializers.res, res);
      if (aborted) context.aborted = true;
      if (levelError !== undefined) context.level_error = levelError;
      if (extra !== undefined && 'failed' in extra) context.fields_error = extra.failed;
      if ('failed' in ignored) context.ignore_error = ignored.failed;
      const custom = failed
        ? config.errorMessage && (() => config.errorMessage?.(req, res, err) as string)
        : config.successMessage && (() => config.successMessage?.(req, res, duration) as string);
      logger[level](messageOf(custom, COMPLETED, context), renamed(context, config.keys));
    };
    // Run in this moment's async context (the request's trace scope, its OpenTelemetry context): a
    // response done by a 'close' outside it (a client that left, a socket destroyed after an error)
    // is still logged with the request's trace_id, correlation_id and fields. An AsyncResource and
    // runInAsyncScope, not AsyncResource.bind: bind also defines a deprecated `asyncResource`
    // accessor pair on every bound function, which cost more than the rest of the request logger.
    const scope = new AsyncResource('dashtam.requestLogger');
    if (onResponseDone(res, complete, scope)) {
      next();
      return;
    }
    // The client left before this middleware ran: the request still runs, then is logged as aborted.
    next();
    complete(false);
  };
}

// The type and message of the error a 4xx was answered for; reads that throw give what they can.
function errorSummary(err: unknown): LogContext {
  try {
    const e = err as { name?: unknown; message?: unknown; constructor?: { name?: unknown } };
    const type = typeof e?.name === 'string' && e.name !== '' ? e.name : String(e?.constructor?.name ?? typeof err);
    const message = typeof e?.message === 'string' ? e.message : String(err);
    return { error_type: type, error_message: message };
  } catch {
    return { error_type: 'unknown' };
  }
}

// undefined when no header is to be logged: the record is the same as with an empty context, for less work.
function pickHeaders(config: RequestLoggerConfig, req: Request): LogContext | undefined {
  if (config.headers.length === 0) return undefined;
  const picked: Record<string, string | string[]> = {};
  for (const name of config.headers) {
    const value = req.headers[name];
    if (value === undefined) continue;
    picked[name] = config.redactHeaders.has(name) ? '[REDACTED]' : value;
  }
  return { request_headers: picked };
}
