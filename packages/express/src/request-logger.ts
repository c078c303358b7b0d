import { AsyncResource } from 'node:async_hooks';
import { getLogger } from '@dashtam/container';
import { type LogContext, type LoggerProtocol, LogLevel } from '@dashtam/logger-protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describeValue, InvalidMiddlewareOptionsError, MissingTraceContextError } from './errors.js';
import { checkLoggerOption } from './logger-option.js';
import { requestError } from './request-error.js';
import { onResponseDone } from './response-done.js';

/** Paths logged at debug level by the default `level`, so probes do not flood the logs. */
export const DEFAULT_HEALTH_PATHS = ['/health', '/healthz', '/livez', '/readyz'] as const;
/** Header values always written as `[REDACTED]`, even when `headers` lists them. */
export const DEFAULT_REDACT_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
] as const;

/** Options of {@link requestLogger}; all optional. */
export interface RequestLoggerOptions {
  /**
   * The level of `Request completed`; `err` is the error `problemDetails()` answered for, if any.
   * @default 5xx or an error: `error`; 4xx: `warning`; a health path: `debug`; else `info`
   */
  readonly level?: (req: Request, res: Response, err: unknown) => LogLevel;
  /** Requests for which nothing is logged (e.g. static files). @default none */
  readonly ignore?: (req: Request) => boolean;
  /** Request headers to log as `request_headers`, by name (any case): an allow-list. @default none */
  readonly headers?: readonly string[];
  /** Header names whose values are written as `[REDACTED]` when `headers` lists them. @default {@link DEFAULT_REDACT_HEADERS} */
  readonly redactHeaders?: readonly string[];
  /** Extra fields for `Request completed` (they go through the logger's redaction). @default none */
  readonly fields?: (req: Request, res: Response) => LogContext;
  /** Paths the default `level` logs at debug. @default {@link DEFAULT_HEALTH_PATHS} */
  readonly healthPaths?: readonly string[];
  /** Also log `Request received` when the request arrives (at info, debug on health paths). @default true */
  readonly logReceived?: boolean;
  /**
   * Where requests are logged when `traceContext()` was not mounted before this middleware (no
   * `req.log`): a warning naming the mistake is written there once, and every request is still
   * logged (bound with its path and method). @default the container's `getLogger()`
   */
  readonly logger?: LoggerProtocol;
}

/** The resolved form of {@link RequestLoggerOptions}. */
export interface RequestLoggerConfig {
  readonly level: ((req: Request, res: Response, err: unknown) => LogLevel) | undefined;
  readonly ignore: ((req: Request) => boolean) | undefined;
  readonly headers: readonly string[];
  readonly redactHeaders: ReadonlySet<string>;
  readonly fields: ((req: Request, res: Response) => LogContext) | undefined;
  readonly healthPaths: ReadonlySet<string>;
  readonly logReceived: boolean;
  readonly logger: LoggerProtocol | undefined;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LEVELS: ReadonlySet<string> = new Set(Object.values(LogLevel));

function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ ${name} }): ${name} must be a function, got ${describeValue(value)}`,
    );
  }
  return value;
}

function headerNames(name: string, value: readonly string[] | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ ${name} }): ${name} must be an array of header names (e.g. ['user-agent']), got ${describeValue(value)}`,
    );
  }
  return value.map((h: unknown) => {
    if (typeof h !== 'string' || !HEADER_NAME.test(h)) {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ ${name} }): ${describeValue(h)} is not a header name; accepted: HTTP token characters, e.g. 'user-agent'`,
      );
    }
    return h.toLowerCase();
  });
}

/**
 * Validates and defaults {@link RequestLoggerOptions}.
 *
 * @throws {InvalidMiddlewareOptionsError} naming the option, what it was and what is accepted.
 * @example
 * ```ts
 * resolveRequestLoggerConfig({ headers: ['user-agent'] }).redactHeaders.has('authorization'); // true
 * ```
 */
export function resolveRequestLoggerConfig(options: RequestLoggerOptions = {}): RequestLoggerConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger(options): options must be an object, got ${describeValue(options)}`,
    );
  }
  const healthPaths = options.healthPaths ?? DEFAULT_HEALTH_PATHS;
  if (!Array.isArray(healthPaths) || healthPaths.some((p: unknown) => typeof p !== 'string' || !p.startsWith('/'))) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ healthPaths }): healthPaths must be an array of paths starting with '/', got ${describeValue(healthPaths)}`,
    );
  }
  if (options.logReceived !== undefined && typeof options.logReceived !== 'boolean') {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ logReceived }): logReceived must be true or false, got ${describeValue(options.logReceived)}`,
    );
  }
  return {
    level: fn('level', options.level),
    ignore: fn('ignore', options.ignore),
    headers: headerNames('headers', options.headers, []),
    redactHeaders: new Set(headerNames('redactHeaders', options.redactHeaders, DEFAULT_REDACT_HEADERS)),
    fields: fn('fields', options.fields),
    healthPaths: new Set(healthPaths),
    logReceived: options.logReceived ?? true,
    logger: options.logger === undefined ? undefined : checkLoggerOption('requestLogger', options.logger),
  };
}

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

/**
 * Logs `Request received` when a request arrives and `Request completed` when its response is
 * finished or the connection closes, whichever comes first (`status_code`, `duration_ms`, `aborted` when the client went
 * away), on `req.log`, so both carry the request's `trace_id`. The completion level comes from
 * `level(req, res, err)`: by default 5xx (or an error answered by `problemDetails()`) at `error`,
 * 4xx at `warning`, health checks at `debug`, the rest at `info`. Mount it after `traceContext()`;
 * mounted without it, it writes one warning naming the mistake (`DASHTAM_EXPRESS_MISSING_TRACE_CONTEXT`)
 * to `logger` (the container's by default) and logs every request there all the same.
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
    return base.bind({ request_path: req.path, http_method: req.method });
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const logger = (req as Partial<Request>).log ?? fallback(req);
    const ignored = config.ignore === undefined ? { value: false } : attempt(() => config.ignore?.(req) === true);
    if ('value' in ignored && ignored.value) {
      next();
      return;
    }
    const quiet = config.healthPaths.has(req.path);
    const headers = pickHeaders(config, req);
    if (config.logReceived) logger[quiet ? 'debug' : 'info']('Request received', headers);
    const started = performance.now();
    // Done on 'finish' or 'close', whichever comes first (onResponseDone); not finished when the
    // connection went away first.
    const complete = (finished: boolean): void => {
      const aborted = !finished;
      const err = requestError(res);
      const chosen = config.level === undefined ? undefined : attempt(() => config.level?.(req, res, err) as LogLevel);
      const chosenOk = chosen !== undefined && 'value' in chosen && LEVELS.has(chosen.value);
      const level = chosenOk ? (chosen as { value: LogLevel }).value : defaultLevel(config, req, res, err);
      const extra = config.fields === undefined ? undefined : attempt(() => config.fields?.(req, res));
      const duration = Math.round((performance.now() - started) * 100) / 100;
      // Why a 4xx failed (a 5xx's error is logged in full as `Unhandled exception`).
      const why = err !== undefined && res.statusCode < 500 ? errorSummary(err) : undefined;
      let context: LogContext;
      if (
        extra === undefined &&
        headers === undefined &&
        !aborted &&
        chosen === undefined &&
        why === undefined &&
        'value' in ignored
      ) {
        // The common case (no callbacks, no headers to log): the record's fields without spreading.
        context = { status_code: res.statusCode, duration_ms: duration };
      } else {
        context = {
          ...(extra !== undefined && 'value' in extra ? extra.value : {}),
          ...(config.logReceived || headers === undefined ? {} : headers),
          // A client that left before any response: no status was sent, so none is written.
          ...(aborted && !res.headersSent ? { response_sent: false } : { status_code: res.statusCode }),
          duration_ms: duration,
          ...(why ?? {}),
          ...(aborted ? { aborted: true } : {}),
          ...(chosen !== undefined && !chosenOk
            ? { level_error: 'failed' in chosen ? chosen.failed : `not a level: ${describeValue(chosen.value)}` }
            : {}),
          ...(extra !== undefined && 'failed' in extra ? { fields_error: extra.failed } : {}),
          ...('failed' in ignored ? { ignore_error: ignored.failed } : {}),
        };
      }
      logger[level]('Request completed', context);
    };
    // Bound to this moment's async context (the request's trace scope, its OpenTelemetry context):
    // a response done by a 'close' outside it (a client that left, a socket destroyed after an
    // error) is still logged with the request's trace_id, correlation_id and fields.
    if (onResponseDone(res, AsyncResource.bind(complete))) {
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
