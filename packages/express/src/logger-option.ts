// The check of a middleware's `logger` option, one for every middleware that takes a logger
// (traceContext, requestLogger): what it calls on it (bind, warning) must be there.
import type { LoggerProtocol } from '@dashtam/logger-protocol';
import { describeValue, InvalidMiddlewareOptionsError } from './errors.js';

/**
 * `logger` when it is a logger, for the middleware `middleware` (`traceContext`).
 * @throws {InvalidMiddlewareOptionsError} naming the middleware and what is accepted.
 */
export function checkLoggerOption(middleware: string, logger: unknown): LoggerProtocol {
  const l = logger as Partial<LoggerProtocol> | null | undefined;
  if (typeof l?.bind !== 'function' || typeof l.warning !== 'function') {
    throw new InvalidMiddlewareOptionsError(
      `${middleware}({ logger }): logger must be a LoggerProtocol (e.g. getLogger() from @dashtam/container), got ${describeValue(logger)}`,
    );
  }
  return logger as LoggerProtocol;
}
