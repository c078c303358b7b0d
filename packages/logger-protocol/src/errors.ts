/** Stable codes for every error this package throws. */
export const LoggerProtocolErrorCode = {
  InvalidLogLevel: 'DASHTAM_INVALID_LOG_LEVEL',
  InvalidOptions: 'DASHTAM_INVALID_OPTIONS',
  SinkFailed: 'DASHTAM_SINK_FAILED',
} as const;
export type LoggerProtocolErrorCode = (typeof LoggerProtocolErrorCode)[keyof typeof LoggerProtocolErrorCode];

/**
 * Base of every error thrown by `@dashtam/logger-protocol`. Errors are only thrown while building
 * things (parsing a level, validating options); a log call never throws.
 */
export class LoggerProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A log level string that is not one of the accepted names.
 *
 * @example
 * ```ts
 * try { parseLogLevel('verbose'); } catch (e) { if (e instanceof InvalidLogLevelError) console.error(e.code); }
 * ```
 */
export class InvalidLogLevelError extends LoggerProtocolError {
  readonly value: unknown;
  constructor(value: unknown, accepted: readonly string[]) {
    super(
      LoggerProtocolErrorCode.InvalidLogLevel,
      `Invalid log level ${describe(value)}: expected one of ${accepted.join(', ')} (any case; WARN is accepted for warning)`,
    );
    this.value = value;
  }
}

/** Options that do not make sense; the message says which option and what is accepted. */
export class InvalidOptionsError extends LoggerProtocolError {
  readonly option: string;
  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(LoggerProtocolErrorCode.InvalidOptions, `Invalid option "${option}": ${message}`, options);
    this.option = option;
  }
}

/**
 * Not thrown: what `fanOut` reports (on stderr, redacted) when one of its sinks throws from `write`,
 * or rejects from `flush`/`close`. The other sinks carry on.
 */
export class SinkFailedError extends LoggerProtocolError {
  readonly sink: string;
  constructor(sink: string, cause: unknown) {
    super(
      LoggerProtocolErrorCode.SinkFailed,
      `Sink ${JSON.stringify(sink)} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.sink = sink;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : `${typeof value} ${String(value)}`;
}
