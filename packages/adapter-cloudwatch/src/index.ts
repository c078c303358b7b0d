export { batchLength, chronological, cutUtf8, PUT_LOG_EVENTS_LIMITS, truncateRecord, utcDay } from './batch.js';
export { CloudWatchAdapter } from './cloudwatch-adapter.js';
export type { CloudWatchStats } from './delivery.js';
export { CloudWatchAdapterError, CloudWatchAdapterErrorCode, InvalidCloudWatchOptionsError } from './errors.js';
export type { CloudWatchAdapterConfig, CloudWatchAdapterOptions, FallbackDestination } from './options.js';
export { resolveCloudWatchConfig } from './options.js';
export type { FailureKind } from './retry.js';
export { backoffDelay, classifyFailure } from './retry.js';
