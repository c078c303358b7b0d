/**
 * `@dashtam/metrics-protocol/internal`: what the dashtam metrics implementations share with the
 * port: the limits `checkMetric` applies, the kinds of call and each kind's default unit.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

export { METRIC_LIMITS } from './metric-check.js';
export { DEFAULT_UNITS, MetricKind } from './metrics-protocol.js';
