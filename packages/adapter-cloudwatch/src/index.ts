export { CloudWatchSink } from './cloudwatch-sink.js';
export type { CloudWatchStats } from './delivery.js';
export type { EmfMetricsStats } from './emf-metrics.js';
export { EmfMetrics } from './emf-metrics.js';
export type { EmfMetricsOptions } from './emf-options.js';
export {
  CloudWatchAdapterError,
  CloudWatchAdapterErrorCode,
  InvalidCloudWatchOptionsError,
  InvalidEmfOptionsError,
} from './errors.js';
export { LogFormat } from './log-format.js';
export type { CloudWatchSinkOptions } from './options.js';
