// The public surface of @dashtam/logger-protocol: every name a consumer may import, re-exported
// from the file that holds it.
export type { DebugTail, DebugTailLimits, DebugTailStats } from './debug-tail.js';
export { DebugTailBuffer } from './debug-tail.js';
export {
  InvalidLevelSpecError,
  InvalidLoggerNameError,
  InvalidLogLevelError,
  InvalidOptionsError,
  LoggerProtocolError,
  LoggerProtocolErrorCode,
  SinkFailedError,
} from './errors.js';
export type { FanOutEntry } from './fan-out.js';
export { fanOut } from './fan-out.js';
export { flushDebugTail } from './held-records.js';
export type { LevelSpec } from './level-control.js';
export { parseLevelSpec } from './level-control.js';
export { isLevelEnabled, parseLogLevel } from './levels.js';
export type { LogScope, LogScopeSource } from './log-scope.js';
export type { LogSink, SinkStats } from './log-sink.js';
export { Logger } from './logger.js';
export type { InternalErrorHandler, LoggerOptions, SpanContextSource } from './logger-options.js';
export type { LogContext, LoggerProtocol, ManagedLogger, TraceContext } from './logger-protocol.js';
export type { LogRecord } from './record-schema.js';
export { LOG_LEVEL_VALUES, LOG_LEVELS, LogLevel, RECORD_HEAD_KEYS, RECORD_LEADING_KEYS } from './record-schema.js';
export type { CensorFunction, RedactionOptions } from './redactor.js';
export { REDACTED, Redactor } from './redactor.js';
export { reportFailure } from './report-failure.js';
export type { SanitizeOptions } from './sanitize.js';
export { escapeControlCharacters, sanitize } from './sanitize.js';
export type { SecretPattern } from './secret-patterns.js';
export type { SerializeLimitsOptions } from './serialize-limits.js';
