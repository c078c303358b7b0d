/**
 * `@dashtam/adapter-cloudwatch/internal`: what the container shares with this adapter to check its
 * environment variables against the sink's own rules: the batching ranges, PutLogEvents' limits,
 * CloudWatch's retention periods and the EMF namespace rule.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

export { PUT_LOG_EVENTS_LIMITS } from './batch.js';
export { checkEmfNamespace } from './emf-options.js';
export { BATCHING_LIMITS } from './options.js';
export { CLOUDWATCH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, isCloudWatchRetentionDays } from './retention.js';
