import type { LivenessProbe } from './owner.js';
import type { SharedState } from './shared-state.js';

/** What a spool passes to its worker thread (structured-cloned; the shared memory is shared). */
export interface SpoolWorkerData {
  readonly spool: {
    readonly root: string;
    readonly own: string;
    readonly route: string;
    readonly state: SharedState;
    readonly maxBytes: number;
    readonly staleMs: number;
    readonly self: LivenessProbe['self'];
    /** The fallback's fd; null: lines are posted to the main thread, which writes them. */
    readonly fallbackFd: number | null;
    /** The `source` of the fallback's reports. */
    readonly source: string;
    readonly adoptEveryMs: number;
    /**
     * Set for a restarted worker: how far the writer had written when the last one died. That
     * worker may have sent any of these records without learning so: they go marked replayed.
     */
    readonly suspectUntil?: { readonly segment: number; readonly offset: number };
  };
  /** The sink's own data for its destination. */
  readonly destination: unknown;
}
