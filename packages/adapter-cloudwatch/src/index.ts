export { PUT_LOG_EVENTS_LIMITS } from './batch.js';
export { CloudWatchSink } from './cloudwatch-sink.js';
export type { CloudWatchStats } from './delivery.js';
export { CloudWatchAdapterError, CloudWatchAdapterErrorCode, InvalidCloudWatchOptionsError } from './errors.js';
export type { CloudWatchSinkConfig, CloudWatchSinkOptions, FallbackDestination } from './options.js';
export { BATCHING_LIMITS } from './options.js';
export type { CloudWatchRetentionDays } from './retention.js';
export { CLOUDWATCH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, isCloudWatchRetentionDays } from './retention.js';
