export {
  FdWriterError,
  FdWriterErrorCode,
  FdWriteTimeoutError,
  InvalidFdWriterOptionsError,
} from './errors.js';
export type { FallbackDestination } from './fallback-writer.js';
export type { WriteAllSyncOptions } from './write-all-sync.js';
export { writeAllSync } from './write-all-sync.js';
