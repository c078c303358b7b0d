export { InvalidLogLevelError, InvalidOptionsError, LoggerProtocolError, LoggerProtocolErrorCode } from './errors.js';
export { isLevelEnabled, LOG_LEVEL_VALUES, LOG_LEVELS, LogLevel, parseLogLevel } from './levels.js';
export type { LogContext, LoggerProtocol, ManagedLogger, TraceContext } from './logger-protocol.js';
export type { LogRecord } from './record.js';
export { CLASH_PREFIX, ERROR_KEYS, isoTimestamp, RECORD_KEYS } from './record.js';
export type {
  InternalErrorHandler,
  RecordLoggerConfig,
  RecordLoggerOptions,
  RecordSink,
} from './record-logger.js';
export { RecordLogger, reportToStderr, resolveRecordLoggerConfig } from './record-logger.js';
export type { CensorFunction, RedactionOptions } from './redactor.js';
export { REDACTED, Redactor } from './redactor.js';
export { SafeSerializer } from './safe-serializer.js';
export type { SanitizeOptions } from './sanitize.js';
export { escapeControlCharacters, sanitize, truncate } from './sanitize.js';
export { DEFAULT_SECRET_KEYS, normalizeKey } from './secret-keys.js';
export type { SecretPattern } from './secret-patterns.js';
export { DEFAULT_SECRET_PATTERNS, isLuhnValid } from './secret-patterns.js';
export type { SerializeLimits, SerializeLimitsOptions } from './serialize-limits.js';
export { DEFAULT_SERIALIZE_LIMITS, resolveSerializeLimits } from './serialize-limits.js';
