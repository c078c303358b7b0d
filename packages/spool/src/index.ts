export type { SpoolRecord } from './frame.js';
export type { SpoolOptions, SpoolStats } from './spool.js';
export { Spool } from './spool.js';
