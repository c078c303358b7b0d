/** Stable codes of the errors this package throws. */
export const ExpressMiddlewareErrorCode = {
  InvalidOptions: 'DASHTAM_EXPRESS_INVALID_OPTIONS',
  MissingTraceContext: 'DASHTAM_EXPRESS_MISSING_TRACE_CONTEXT',
} as const;
export type ExpressMiddlewareErrorCode = (typeof ExpressMiddlewareErrorCode)[keyof typeof ExpressMiddlewareErrorCode];

/** Base of every error `@dashtam/express` throws; `code` is stable across versions. */
export class ExpressMiddlewareError extends Error {
  readonly code: ExpressMiddlewareErrorCode;
  constructor(code: ExpressMiddlewareErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExpressMiddlewareError';
    this.code = code;
  }
}

/** A middleware factory was given an option it cannot use: thrown when the middleware is built. */
export class InvalidMiddlewareOptionsError extends ExpressMiddlewareError {
  constructor(message: string) {
    super(ExpressMiddlewareErrorCode.InvalidOptions, message);
    this.name = 'InvalidMiddlewareOptionsError';
  }
}

/** `requestLogger()` ran on a request that `traceContext()` had not seen (it must be mounted first). */
export class MissingTraceContextError extends ExpressMiddlewareError {
  constructor() {
    super(
      ExpressMiddlewareErrorCode.MissingTraceContext,
      'requestLogger() found no req.log: mount traceContext({ logger }) before it, e.g. app.use(traceContext({ logger })); app.use(requestLogger())',
    );
    this.name = 'MissingTraceContextError';
  }
}

/** Describes a value for an error message: its type, and short values themselves. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}
