export {
  ExpressMiddlewareError,
  ExpressMiddlewareErrorCode,
  InvalidMiddlewareOptionsError,
  MissingTraceContextError,
} from './errors.js';
export type { FieldError, ProblemExtras } from './problem-details.js';
export { HttpError, notFound, problemDetails, sendProblem } from './problem-details.js';
export type { RequestLoggerConfig, RequestLoggerOptions } from './request-logger.js';
export {
  DEFAULT_HEALTH_PATHS,
  DEFAULT_REDACT_HEADERS,
  requestLogger,
  resolveRequestLoggerConfig,
} from './request-logger.js';
export type { RequestMetricsOptions } from './request-metrics.js';
export { ABORTED_STATUS_CLASS, REQUEST_METRICS, requestMetrics, UNMATCHED_ROUTE } from './request-metrics.js';
export type { RequestTrace, TraceContextOptions } from './trace-context.js';
export { resolveTrace, traceContext } from './trace-context.js';
export type { CallerTraceId } from './trace-id-header.js';
export { ACCEPTED_TRACE_ID_HEADER, classifyTraceIdHeader } from './trace-id-header.js';
export { XTraceIdPropagator } from './x-trace-id-propagator.js';
