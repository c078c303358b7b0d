export { InvalidMetricError, MetricsProtocolError, MetricsProtocolErrorCode } from './errors.js';
export { checkMetric, METRIC_LIMITS } from './metric-check.js';
export { isMetricUnit, METRIC_UNITS, type MetricUnit } from './metric-units.js';
export {
  DEFAULT_UNITS,
  type ManagedMetrics,
  type MetricDimensions,
  MetricKind,
  type MetricsProtocol,
  type MetricsStats,
} from './metrics-protocol.js';
