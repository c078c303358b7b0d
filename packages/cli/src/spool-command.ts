import type { Writable } from 'node:stream';
import { inspectSpool, SpoolRootError } from '@dashtam/spool';
import { SpoolReadError } from './errors.js';
import { write } from './output.js';
import { formatSpoolReport } from './spool-report.js';

/** What `dashtam-logs spool` was asked. */
export interface SpoolCommandOptions {
  /** The spool root (`LOG_SPOOL_DIR`). */
  readonly dir: string;
  /** Print the report as JSON instead of text. */
  readonly json: boolean;
}

/**
 * `dashtam-logs spool`: prints what a spool directory holds (per destination, per directory, the
 * total) without shipping or changing anything.
 *
 * @throws {SpoolReadError} when the directory is missing, not a directory, or cannot be read.
 * @example
 * ```ts
 * await runSpool({ dir: '/var/spool/app', json: false }, process.stdout);
 * ```
 */
export async function runSpool(
  options: SpoolCommandOptions,
  out: Writable,
  now: () => number = Date.now,
): Promise<void> {
  let report: ReturnType<typeof inspectSpool>;
  try {
    report = inspectSpool(options.dir, { now });
  } catch (error) {
    if (error instanceof SpoolRootError) {
      throw new SpoolReadError(`${error.message} (LOG_SPOOL_DIR or the [dir] argument names the spool)`, {
        cause: error,
      });
    }
    throw error;
  }
  await write(out, options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSpoolReport(report));
}
