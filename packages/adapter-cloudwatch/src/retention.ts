/**
 * The retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy's `retentionInDays`).
 * The one copy that the published packages use (the container validates `LOG_RETENTION_DAYS` with
 * it); the private local endpoint models the service with its own list, checked against this one
 * in `test/retention.test.ts`.
 */
export const CLOUDWATCH_RETENTION_DAYS = Object.freeze([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const);

/** One of {@link CLOUDWATCH_RETENTION_DAYS}. */
export type CloudWatchRetentionDays = (typeof CLOUDWATCH_RETENTION_DAYS)[number];

/** The retention the spec sets on the group (30 days) when the adapter creates it. */
export const DEFAULT_RETENTION_DAYS: CloudWatchRetentionDays = 30;

/** True for a retention period CloudWatch accepts. */
export function isCloudWatchRetentionDays(value: unknown): value is CloudWatchRetentionDays {
  return (CLOUDWATCH_RETENTION_DAYS as readonly unknown[]).includes(value);
}
