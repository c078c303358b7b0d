export { AccessPolicy } from './access-policy.js';
export { AwsError } from './aws-error.js';
export { checkEmfDocument, EMF_PROSE_LIMITS } from './emf-check.js';
export type { FaultRule } from './faults.js';
export { FaultInjector, FaultKind } from './faults.js';
export type { CallContext, StoredEvent } from './log-store.js';
export { LIMITS, LogStore, RETENTION_DAYS } from './log-store.js';
export type { LocalCloudWatchLogsOptions } from './server.js';
export { LocalCloudWatchLogs } from './server.js';
