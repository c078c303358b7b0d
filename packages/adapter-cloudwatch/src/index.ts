export { PUT_LOG_EVENTS_LIMITS } from './batch.js';
export { CloudWatchSink } from './cloudwatch-sink.js';
export type { CloudWatchStats } from './delivery.js';
export type { EmfMetricsStats } from './emf-metrics.js';
export { EmfMetrics } from './emf-metrics.js';
export type { EmfMetricsConfig, EmfMetricsOptions } from './emf-options.js';
export { checkEmfNamespace, EMF_LIMITS } from './emf-options.js';
export {
  CloudWatchAdapterError,
  CloudWatchAdapterErrorCode,
  InvalidCloudWatchOptionsError,
  InvalidEmfOptionsError,
} from './errors.js';
export { LOG_FORMAT_HEADER, LogFormat } from './log-format.js';
export type { CloudWatchSinkConfig, CloudWatchSinkOptions, FallbackDestination } from './options.js';
export { BATCHING_LIMITS } from './options.js';
export type { CloudWatchRetentionDays } from './retention.js';
export { CLOUDWATCH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, isCloudWatchRetentionDays } from './retention.js';
