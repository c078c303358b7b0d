export { type RecordedMetric, RecordingMetrics } from './recording-metrics.js';
