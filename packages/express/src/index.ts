export {
  ExpressMiddlewareError,
  ExpressMiddlewareErrorCode,
  InvalidMiddlewareOptionsError,
  MissingTraceContextError,
} from './errors.js';
export type { FieldError } from './problem-details.js';
export { HttpError, notFound, problemDetails, sendProblem } from './problem-details.js';
export { DEFAULT_REDACT_QUERY } from './request-facts.js';
export { requestLogger } from './request-logger.js';
export type {
  RenameableKey,
  RequestLoggerOptions,
  RequestLogLevel,
  RequestSerializers,
} from './request-logger-options.js';
export { DEFAULT_HEALTH_PATHS, DEFAULT_REDACT_HEADERS, RENAMEABLE_KEYS } from './request-logger-options.js';
export type { RequestMetricsOptions } from './request-metrics.js';
export { ABORTED_STATUS_CLASS, REQUEST_METRICS, requestMetrics, UNMATCHED_ROUTE } from './request-metrics.js';
export type { TraceContextOptions } from './trace-context.js';
export { traceContext } from './trace-context.js';
export { XTraceIdPropagator } from './x-trace-id-propagator.js';
