// `@dashtam/logger-protocol`: what applications and sink authors use, re-exported from the file
// that holds each name. What the dashtam packages share with each other is in `./internal.ts`
// (`@dashtam/logger-protocol/internal`); test helpers are in `./testing/`
// (`@dashtam/logger-protocol/testing`).
export { DebugTailBuffer } from './debug-tail.js';
export {
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
export { parseLogLevel } from './levels.js';
export type { LogScope } from './log-scope.js';
export type { LogSink, SinkStats } from './log-sink.js';
export { Logger } from './logger.js';
export type { LoggerOptions } from './logger-options.js';
export type { LogContext, LoggerProtocol, ManagedLogger } from './logger-protocol.js';
export type { LogRecord } from './record-schema.js';
export { LogLevel } from './record-schema.js';
export type { RedactionOptions } from './redactor.js';
export { REDACTED } from './redactor.js';
export { sanitize } from './sanitize.js';
export type { SecretPattern } from './secret-patterns.js';
