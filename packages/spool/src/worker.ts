// `@dashtam/spool/worker`: what a sink's worker-thread entry uses. The entry builds its
// destination (the network half of the sink) from the data its sink passed, and hands it to
// runSpoolWorker, which ships the spool until the sink closes.
import { parentPort, workerData } from 'node:worker_threads';
import { FallbackWriter } from '@dashtam/fd-writer/internal';
import type { Destination } from './destination.js';
import { liveProbe } from './owner.js';
import { Shipper } from './shipper.js';
import type { SpoolWorkerData } from './worker-data.js';

export type { Destination, Refused, ShipResult } from './destination.js';
export { markReplayed } from './destination.js';
export type { SpoolRecord } from './frame.js';

/**
 * Runs in the worker thread a spooled sink starts: builds the destination from the sink's data
 * (`create` is given what the sink passed as `destination` data, and the fallback for its reports) and ships the spool with it
 * until the sink stops it. A destination that cannot be built ends the worker with that error
 * (the sink reports it and keeps the records on disk for the next start).
 */
export async function runSpoolWorker(
  create: (data: unknown, context: { readonly fallback: FallbackWriter }) => Destination | Promise<Destination>,
  options: { readonly redact?: (text: string) => string } = {},
): Promise<void> {
  const data = workerData as SpoolWorkerData;
  const spool = data.spool;
  const to =
    spool.fallbackFd ??
    ({
      write: (chunk: string) => parentPort?.postMessage({ type: 'fallback', chunk }),
    } as const);
  // The sink's own redaction of its reports: they quote errors and a backend's answers.
  const fallback = new FallbackWriter(to, {
    source: spool.source,
    ...(options.redact !== undefined ? { redact: options.redact } : {}),
  });
  const destination = await create(data.destination, { fallback });
  const shipper = new Shipper({
    root: spool.root,
    own: spool.own,
    route: spool.route,
    state: spool.state,
    destination,
    fallback,
    maxBytes: spool.maxBytes,
    probe: liveProbe(spool.self, spool.staleMs),
    adoptEveryMs: spool.adoptEveryMs,
    ...(spool.suspectUntil !== undefined ? { suspectUntil: spool.suspectUntil } : {}),
  });
  // Atomics.waitAsync holds no reference on the event loop: without this timer the thread would
  // end whenever it waits for records. (The sink unrefs the worker: it never keeps the process up.)
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await shipper.run();
  } finally {
    clearInterval(keepAlive);
    await destination.close?.();
  }
}
