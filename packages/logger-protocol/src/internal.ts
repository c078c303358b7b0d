/**
 * `@dashtam/logger-protocol/internal`: what the dashtam packages (the adapters, the container, the
 * Express middleware, the CLI) share with each other: the redactor, the failure report, a scope's
 * debug tail, the record's key lists, level parsing by logger name.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

export type { DebugTail } from './debug-tail.js';
export { InvalidLevelSpecError } from './errors.js';
export type { LevelSpec } from './level-control.js';
export { parseLevelSpec } from './level-control.js';
export { isLevelEnabled } from './levels.js';
export type { InternalErrorHandler } from './logger-options.js';
export type { TraceContext } from './logger-protocol.js';
export type { IntegerRange } from './option-checks.js';
export { integerOption } from './option-checks.js';
export { safeMerge } from './record-line.js';
export { LOG_LEVELS, RECORD_HEAD_KEYS, RECORD_LEADING_KEYS } from './record-schema.js';
export { Redactor } from './redactor.js';
export { reportFailure } from './report-failure.js';
export { escapeControlCharacters } from './sanitize.js';
