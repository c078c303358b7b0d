/**
 * The units CloudWatch accepts for a metric (the `Unit` of a MetricDatum, and the pattern AWS's
 * EMF JSON schema checks `Unit` against). Other backends map them or keep them as text.
 */
export const METRIC_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

/** One of {@link METRIC_UNITS}. */
export type MetricUnit = (typeof METRIC_UNITS)[number];

const UNITS: ReadonlySet<string> = new Set(METRIC_UNITS);

/** True when `value` is one of {@link METRIC_UNITS} (exact case, as CloudWatch compares them). */
export function isMetricUnit(value: unknown): value is MetricUnit {
  return typeof value === 'string' && UNITS.has(value);
}
