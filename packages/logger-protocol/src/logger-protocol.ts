import type { SinkStats } from './log-sink.js';

/**
 * Structured context for one log call: key-value pairs, never an interpolated string.
 *
 * Two keys have a meaning of their own:
 * - `error`: the error being reported; it is serialised to `error_type`, `error_message`,
 *   `error_stack` and `error_cause` (the cause chain).
 * - `trace_id`: the trace id of this record; when absent the logger asks its trace context.
 */
export type LogContext = { readonly [key: string]: unknown; readonly error?: unknown; readonly trace_id?: unknown };

/**
 * The logging port. Application code depends on this interface only; adapters implement it.
 *
 * A call never throws and never waits on I/O, whatever the context holds.
 *
 * @example
 * ```ts
 * function register(logger: LoggerProtocol, userId: string) {
 *   const log = logger.bind({ user_id: userId, action: 'user_registration' });
 *   log.info('User registered');
 * }
 * ```
 */
export interface LoggerProtocol {
  /** Detailed diagnostics, normally disabled in production. */
  debug(message: string, context?: LogContext): void;
  /** Normal operational events. */
  info(message: string, context?: LogContext): void;
  /** Degraded but operational. */
  warning(message: string, context?: LogContext): void;
  /** An operation failed; pass the error as `context.error`. */
  error(message: string, context?: LogContext): void;
  /** System-wide failure that needs a human now. */
  critical(message: string, context?: LogContext): void;
  /** A new logger that adds `context` to every record; this logger is left unchanged. */
  bind(context: LogContext): LoggerProtocol;
  /** Alias of {@link LoggerProtocol.bind}. */
  withContext(context: LogContext): LoggerProtocol;
}

/**
 * A logger with its output's lifecycle, from any logger bound from it: `flush()` resolves once
 * everything logged before it has been written or handed to a fallback; `close()` flushes and
 * releases resources (neither rejects); `stats()` returns the output's counters.
 */
export interface ManagedLogger extends LoggerProtocol {
  bind(context: LogContext): ManagedLogger;
  withContext(context: LogContext): ManagedLogger;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): SinkStats;
}

/**
 * The trace-context port: returns the current trace id. The container provides the real one
 * (AsyncLocalStorage and OpenTelemetry); adapters call it when a record has no `trace_id`.
 */
export type TraceContext = () => string;
