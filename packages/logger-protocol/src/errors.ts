/** Stable codes for every error this package throws. */
export const LoggerProtocolErrorCode = {
  InvalidLogLevel: 'DASHTAM_INVALID_LOG_LEVEL',
  InvalidOptions: 'DASHTAM_INVALID_OPTIONS',
  SinkFailed: 'DASHTAM_SINK_FAILED',
  InvalidLevelSpec: 'DASHTAM_INVALID_LEVEL_SPEC',
  InvalidLoggerName: 'DASHTAM_INVALID_LOGGER_NAME',
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

/**
 * A level setting such as `info,db=debug,http=warning` with an entry that is not accepted; the
 * message names the entry and says what is.
 *
 * @example
 * ```ts
 * try { parseLevelSpec('info,db=loud'); } catch (e) { if (e instanceof InvalidLevelSpecError) console.error(e.entry); } // 'db=loud'
 * ```
 */
export class InvalidLevelSpecError extends LoggerProtocolError {
  readonly entry: string;
  constructor(entry: string, problem: string) {
    super(
      LoggerProtocolErrorCode.InvalidLevelSpec,
      `Invalid level entry ${JSON.stringify(entry)}: ${problem}. Accepted: a level (debug, info, warning, error, critical; warn for warning) and name=level entries, comma-separated, e.g. "info,db=debug,http=warning"`,
    );
    this.entry = entry;
  }
}

/** A logger name that is not accepted (`child(name)`, `setLevel(level, name)`, a level entry). */
export class InvalidLoggerNameError extends LoggerProtocolError {
  readonly value: unknown;
  constructor(value: unknown) {
    super(
      LoggerProtocolErrorCode.InvalidLoggerName,
      `Invalid logger name ${describe(value)}: expected letters, digits, "_" or "-", in dot-separated parts (e.g. "db" or "db.pool"), at most 128 characters`,
    );
    this.value = value;
  }
}
