// CloudWatch Embedded Metric Format documents: the container's metrics, written beside the records
// (stdout in development, the `metrics/{INSTANCE_ID}/{day}` streams in CloudWatch). They are JSON
// but not log records. One rule for both commands: when a filter (--level, --grep, --trace-id) is
// set, they are left out, as records below the level are; tail also skips the metrics streams
// unless --stream-prefix names them.

/** Streams the container writes its metrics (EMF documents) to: `metrics/{INSTANCE_ID}/{day}`. */
export const METRICS_STREAM_PREFIX = 'metrics/';

/** True for a stream of metrics documents. */
export function isMetricsStream(streamName: string | undefined): boolean {
  return streamName?.startsWith(METRICS_STREAM_PREFIX) === true;
}

/**
 * True for a line that is an EMF document: a JSON object whose `_aws` has a `CloudWatchMetrics`
 * array.
 *
 * @example
 * ```ts
 * isMetricDocument('{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"m":1}'); // true
 * ```
 */
export function isMetricDocument(line: string): boolean {
  // Cheap test first: most lines are not.
  if (!line.includes('"_aws"') || !line.trimStart().startsWith('{')) return false;
  try {
    const doc = JSON.parse(line) as { _aws?: { CloudWatchMetrics?: unknown } } | null;
    return typeof doc?._aws === 'object' && doc._aws !== null && Array.isArray(doc._aws.CloudWatchMetrics);
  } catch {
    return false;
  }
}
