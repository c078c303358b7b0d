// The CommonJS twin of spool-worker-path.esm.ts (see scripts/build-package.mjs): the worker's
// CommonJS build is beside this file in dist/cjs/.
import path = require('node:path');

namespace SpoolWorkerPath {
  /** The worker-thread entry of a spooled OTLP sink. */
  export const SPOOL_WORKER: string = path.join(__dirname, 'spool-worker.js');
}

export = SpoolWorkerPath;
