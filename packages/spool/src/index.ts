export { SpoolError, SpoolErrorCode, SpoolRootError } from './errors.js';
export type { SpoolRecord } from './frame.js';
export type {
  InspectSpoolOptions,
  SpoolDestinationReport,
  SpoolDirReport,
  SpoolDirState,
  SpoolReport,
  SpoolWaiting,
} from './inspect.js';
export { inspectSpool } from './inspect.js';
export type { ResolvedSpoolSettings, SpoolSettings } from './settings.js';
export { resolveSpoolSettings, SPOOL_DEFAULTS } from './settings.js';
export type { SpoolOptions, SpoolStats } from './spool.js';
export { Spool } from './spool.js';
