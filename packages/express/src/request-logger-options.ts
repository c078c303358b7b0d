// The options of requestLogger(): what each means, their checks (a clear error naming the option,
// what it was and what is accepted) and their resolved form.
import { type LogContext, type LoggerProtocol, LogLevel } from '@dashtam/logger-protocol';
import type { Request, Response } from 'express';
import { describeValue, InvalidMiddlewareOptionsError } from './errors.js';
import { checkLoggerOption } from './logger-option.js';
import { checkFieldName, HEADER_NAME } from './option-checks.js';
import { DEFAULT_REDACT_QUERY } from './request-facts.js';

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

/** What `level` or `useLevel` may give besides a log level: nothing is logged for the request. */
export const SILENT = 'silent';
/** A level of a request's record, or {@link SILENT}; pino's `warn`, `fatal` and `trace` are taken as `warning`, `critical` and `debug`. */
export type RequestLogLevel = LogLevel | typeof SILENT | 'warn' | 'fatal' | 'trace';
/** A {@link RequestLogLevel} with pino's names taken as ours. */
export type ResolvedRequestLogLevel = LogLevel | typeof SILENT;

/** The fields of `Request received` / `Request completed` that `customAttributeKeys` can rename. */
export const RENAMEABLE_KEYS = [
  'status_code',
  'duration_ms',
  'response_sent',
  'aborted',
  'route',
  'query',
  'client_ip',
  'response_size',
  'error_type',
  'error_message',
  'request_headers',
  'req',
  'res',
  'err',
] as const;
export type RenameableKey = (typeof RENAMEABLE_KEYS)[number];

/** Serializers of pino-http's kind: each answer is written under `req`, `res` or `err` (redacted as any field). */
export interface RequestSerializers {
  /** Written as `req` on `Request received` and `Request completed`. */
  readonly req?: (req: Request) => unknown;
  /** Written as `res` on `Request completed`. */
  readonly res?: (res: Response) => unknown;
  /** Written as `err` on a `Request completed` answered for an error, instead of `error_type` and `error_message`. */
  readonly err?: (err: unknown) => unknown;
}

/** Options of `requestLogger()`; all optional. */
export interface RequestLoggerOptions {
  /**
   * The level of `Request completed`, and of `Request received` (asked with `err` undefined, before
   * any response), as pino-http's `customLogLevel`; `'silent'` logs nothing. `err` is the error
   * `problemDetails()` answered for, if any.
   * @default 5xx or an error: `error`; 4xx: `warning`; a health path: `debug`; else `info`
   */
  readonly level?: (req: Request, res: Response, err: unknown) => RequestLogLevel;
  /** One level for both records of every request (pino-http's `useLevel`); not with `level`. @default the default `level` */
  readonly useLevel?: RequestLogLevel;
  /** Requests for which nothing is logged (e.g. static files). @default none */
  readonly ignore?: (req: Request) => boolean;
  /** Request headers to log as `request_headers`, by name (any case): an allow-list. @default none */
  readonly headers?: readonly string[];
  /** Header names whose values are written as `[REDACTED]` when `headers` lists them. @default {@link DEFAULT_REDACT_HEADERS} */
  readonly redactHeaders?: readonly string[];
  /**
   * Write the query's parameters on `Request completed` as `query` (each value judged by the
   * logger's redaction, and the names in `redactQuery` always redacted); `false` leaves it out.
   * @default true
   */
  readonly query?: boolean;
  /** Query parameter names (any case) whose values are always written `[REDACTED]`. @default {@link DEFAULT_REDACT_QUERY} */
  readonly redactQuery?: readonly string[];
  /** Extra fields for `Request completed` (they go through the logger's redaction). @default none */
  readonly fields?: (req: Request, res: Response) => LogContext;
  /** Paths the default `level` logs at debug. @default {@link DEFAULT_HEALTH_PATHS} */
  readonly healthPaths?: readonly string[];
  /** Also log `Request received` when the request arrives (at info, debug on health paths). @default true */
  readonly logReceived?: boolean;
  /** The message of `Request received`. @default 'Request received' */
  readonly customReceivedMessage?: (req: Request, res: Response) => string;
  /** The message of `Request completed` when no error was answered and the status is below 500. @default 'Request completed' */
  readonly customSuccessMessage?: (req: Request, res: Response, responseTime: number) => string;
  /** The message of `Request completed` for an answered error or a 5xx (`err` may be undefined for a bare 5xx). @default 'Request completed' */
  readonly customErrorMessage?: (req: Request, res: Response, err: unknown) => string;
  /** Other names for the fields the records write, e.g. `{ duration_ms: 'responseTime' }`. @default none */
  readonly customAttributeKeys?: Partial<Record<RenameableKey, string>>;
  /** pino-http's `serializers` for `req`, `res` and `err`. @default none (the flat fields) */
  readonly serializers?: RequestSerializers;
  /**
   * Where requests are logged when `traceContext()` was not mounted before this middleware (no
   * `req.log`): a warning naming the mistake is written there once, and every request is still
   * logged (bound with its path and method). @default the container's `getLogger()`
   */
  readonly logger?: LoggerProtocol;
}

type Fn<A extends unknown[], R> = ((...args: A) => R) | undefined;

/** The resolved form of {@link RequestLoggerOptions}. */
export interface RequestLoggerConfig {
  readonly level: Fn<[Request, Response, unknown], RequestLogLevel>;
  readonly useLevel: ResolvedRequestLogLevel | undefined;
  readonly ignore: Fn<[Request], boolean>;
  readonly headers: readonly string[];
  readonly redactHeaders: ReadonlySet<string>;
  readonly fields: Fn<[Request, Response], LogContext>;
  readonly healthPaths: ReadonlySet<string>;
  readonly logReceived: boolean;
  readonly receivedMessage: Fn<[Request, Response], string>;
  readonly successMessage: Fn<[Request, Response, number], string>;
  readonly errorMessage: Fn<[Request, Response, unknown], string>;
  /** Renamed fields only; undefined when none is renamed (the records are written as they are). */
  readonly keys: ReadonlyMap<string, string> | undefined;
  readonly serializers: RequestSerializers;
  /** Query names (lower case) written `[REDACTED]`, or undefined when the query is not written. */
  readonly redactQuery: ReadonlySet<string> | undefined;
  readonly logger: LoggerProtocol | undefined;
}

/** Log levels and `silent`: what `level` and `useLevel` may give. */
export const REQUEST_LOG_LEVELS: ReadonlySet<string> = new Set([...Object.values(LogLevel), SILENT]);
// pino's names for the levels it has under another name here, taken as those (a pino-http
// customLogLevel keeps working): warn, fatal, and trace (below debug: written at debug).
const PINO_LEVELS: Readonly<Record<string, LogLevel>> = {
  warn: LogLevel.Warning,
  fatal: LogLevel.Critical,
  trace: LogLevel.Debug,
};

/** `value` as a level of a request record (a log level, `silent`, or pino's warn/fatal/trace), else undefined. */
export function requestLogLevel(value: unknown): ResolvedRequestLogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  if (REQUEST_LOG_LEVELS.has(value)) return value as ResolvedRequestLogLevel;
  return Object.hasOwn(PINO_LEVELS, value) ? PINO_LEVELS[value] : undefined;
}

function fn<T>(name: string, value: T | undefined, where = name): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ ${where} }): ${name} must be a function, got ${describeValue(value)}`,
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

function queryNames(given: unknown): string[] {
  if (given === undefined) return [...DEFAULT_REDACT_QUERY];
  if (!Array.isArray(given) || given.some((n: unknown) => typeof n !== 'string' || n === '')) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ redactQuery }): redactQuery must be an array of parameter names (e.g. ['code', 'key']), got ${describeValue(given)}`,
    );
  }
  return given.map((n: string) => n.toLowerCase());
}

// Fields the request's logger and scope write on every record: a renamed field must not hide them.
const REQUEST_FIELDS: ReadonlySet<string> = new Set(['request_id', 'request_path', 'http_method', 'correlation_id']);

function attributeKeys(given: unknown): ReadonlyMap<string, string> | undefined {
  if (given === undefined) return undefined;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ customAttributeKeys }): customAttributeKeys must be an object such as { duration_ms: 'responseTime' }, got ${describeValue(given)}`,
    );
  }
  const keys = new Map<string, string>();
  const known: ReadonlySet<string> = new Set(RENAMEABLE_KEYS);
  for (const [from, to] of Object.entries(given)) {
    if (!known.has(from)) {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ customAttributeKeys }): ${JSON.stringify(from)} is not a field the request records write; accepted: ${RENAMEABLE_KEYS.join(', ')}`,
      );
    }
    if (typeof to !== 'string' || to === '') {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ customAttributeKeys }): the new name of ${from} must be a non-empty string, got ${describeValue(to)}`,
      );
    }
    if (REQUEST_FIELDS.has(to)) {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ customAttributeKeys }): ${JSON.stringify(to)} is a field every record of the request carries (${[...REQUEST_FIELDS].join(', ')}); choose another name`,
      );
    }
    checkFieldName('requestLogger({ customAttributeKeys })', to);
    if ([...keys.values()].includes(to) || (known.has(to) && !(to in given))) {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ customAttributeKeys }): ${JSON.stringify(to)} would name two fields; give each field its own name`,
      );
    }
    if (to !== from) keys.set(from, to);
  }
  return keys.size === 0 ? undefined : keys;
}

function serializersOf(given: unknown): RequestSerializers {
  if (given === undefined) return {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ serializers }): serializers must be an object with req, res or err functions, got ${describeValue(given)}`,
    );
  }
  for (const key of Object.keys(given)) {
    if (key !== 'req' && key !== 'res' && key !== 'err') {
      throw new InvalidMiddlewareOptionsError(
        `requestLogger({ serializers }): ${JSON.stringify(key)} is not a serializer requestLogger uses; accepted: req, res, err`,
      );
    }
    fn(key, (given as Record<string, unknown>)[key], `serializers: { ${key} }`);
  }
  return given as RequestSerializers;
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
  const useLevel = options.useLevel === undefined ? undefined : requestLogLevel(options.useLevel);
  if (options.useLevel !== undefined && useLevel === undefined) {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ useLevel }): useLevel must be one of ${[...REQUEST_LOG_LEVELS, ...Object.keys(PINO_LEVELS)].join(', ')}, got ${describeValue(options.useLevel)}`,
    );
  }
  if (options.query !== undefined && typeof options.query !== 'boolean') {
    throw new InvalidMiddlewareOptionsError(
      `requestLogger({ query }): query must be true or false, got ${describeValue(options.query)}`,
    );
  }
  if (options.useLevel !== undefined && options.level !== undefined) {
    throw new InvalidMiddlewareOptionsError(
      'requestLogger({ level, useLevel }): give one of them: useLevel is one level for every request, level chooses one per request',
    );
  }
  return {
    level: fn('level', options.level),
    useLevel,
    ignore: fn('ignore', options.ignore),
    headers: headerNames('headers', options.headers, []),
    redactHeaders: new Set(headerNames('redactHeaders', options.redactHeaders, DEFAULT_REDACT_HEADERS)),
    fields: fn('fields', options.fields),
    healthPaths: new Set(healthPaths),
    logReceived: options.logReceived ?? true,
    receivedMessage: fn('customReceivedMessage', options.customReceivedMessage),
    successMessage: fn('customSuccessMessage', options.customSuccessMessage),
    errorMessage: fn('customErrorMessage', options.customErrorMessage),
    keys: attributeKeys(options.customAttributeKeys),
    serializers: serializersOf(options.serializers),
    redactQuery: options.query === false ? undefined : new Set(queryNames(options.redactQuery)),
    logger: options.logger === undefined ? undefined : checkLoggerOption('requestLogger', options.logger),
  };
}
