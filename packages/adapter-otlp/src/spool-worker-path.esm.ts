// Where the spool worker's file is (ESM build: beside this one in dist/). Run from the sources
// (vitest), the built file in dist/ is used. Its CommonJS twin is spool-worker-path.cts.
import { existsSync } from 'node:fs';

const beside = new URL('./spool-worker.js', import.meta.url);

/** The worker-thread entry of a spooled OTLP sink. */
export const SPOOL_WORKER: URL = existsSync(beside) ? beside : new URL('../dist/spool-worker.js', import.meta.url);
