export { InvalidMetricError, MetricsProtocolError, MetricsProtocolErrorCode } from './errors.js';
export { checkMetric } from './metric-check.js';
export { METRIC_UNITS, type MetricUnit } from './metric-units.js';
export type { ManagedMetrics, MetricDimensions, MetricsProtocol, MetricsStats } from './metrics-protocol.js';
