import type { FallbackWriter } from './fallback.js';

/** Why records went to the fallback. */
export const FallbackReason = {
  /** More than `maxQueueSize` records were waiting: new ones went straight to the fallback. */
  Overflow: 'overflow',
  /** The collector refused the export with a status that is not retried (400, 401, 403, 413, 500, ...). */
  Rejected: 'rejected',
  /** Not exported by a `flush()`/`close()` deadline (collector down or too slow). */
  Deadline: 'deadline',
  /** Still unexported when the process exited. */
  Exit: 'exit',
  /** Written after `close()`. */
  Closed: 'closed',
  /** The SDK refused or threw on the record (not expected; reported once on the fallback). */
  Failed: 'failed',
} as const;
export type FallbackReason = (typeof FallbackReason)[keyof typeof FallbackReason];

/**
 * What the sink did. At any moment `written = exported + fallback + queued`; `duplicated` counts
 * records that reached the collector after they were handed to the fallback at a deadline (their
 * request was in flight), so they are in both places.
 */
export type OtlpStats = {
  readonly written: number;
  readonly exported: number;
  /** Written, neither exported nor in the fallback yet (in the SDK's queue, in flight or being retried). */
  readonly queued: number;
  readonly fallback: number;
  readonly fallback_reasons: Readonly<Record<FallbackReason, number>>;
  /** Exports the sink retried after the SDK's own retries gave up. */
  readonly retries: number;
  readonly duplicated: number;
  /** Always 0: `maxQueueSize` bounds `queued`, so the SDK's queue (the same size) never fills and drops. */
  readonly dropped: number;
};

/**
 * Every record written and not yet settled (exported or handed to the fallback), by sequence
 * number, oldest first; the counters; and `flush()`'s waiters. A record is settled exactly once.
 */
export class Ledger {
  readonly #open = new Map<number, string>();
  readonly #fallback: FallbackWriter;
  readonly #reasons: Record<FallbackReason, number> = {
    overflow: 0,
    rejected: 0,
    deadline: 0,
    exit: 0,
    closed: 0,
    failed: 0,
  };
  #waiters: { target: number; resolve: () => void }[] = [];
  #last = 0;
  written = 0;
  exported = 0;
  fallback = 0;
  retries = 0;
  duplicated = 0;

  constructor(fallback: FallbackWriter) {
    this.#fallback = fallback;
  }

  /** Records waiting now. */
  get size(): number {
    return this.#open.size;
  }

  /** The sequence number of the last record opened. */
  get last(): number {
    return this.#last;
  }

  /** Opens a record; returns its sequence number. */
  open(line: string): number {
    this.#last += 1;
    this.#open.set(this.#last, line);
    return this.#last;
  }

  isOpen(seq: number): boolean {
    return this.#open.has(seq);
  }

  /** The open records up to `target` (all when omitted), oldest first. */
  openUpTo(target = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    for (const seq of this.#open.keys()) {
      if (seq > target) break;
      out.push(seq);
    }
    return out;
  }

  /** True when every record up to `target` is settled. */
  settledUpTo(target: number): boolean {
    const first = this.#open.keys().next();
    return first.done === true || first.value > target;
  }

  /** The collector accepted these records. */
  markExported(seqs: readonly number[]): void {
    for (const seq of seqs) {
      if (this.#open.delete(seq)) this.exported += 1;
      else this.duplicated += 1;
    }
    this.#wake();
  }

  /** Hands the still-open ones of these records to the fallback, counted under `reason`. */
  toFallback(seqs: readonly number[], reason: FallbackReason): void {
    const lines: string[] = [];
    for (const seq of seqs) {
      const line = this.#open.get(seq);
      if (line === undefined) continue;
      this.#open.delete(seq);
      lines.push(line);
    }
    this.#count(lines.length, reason);
    this.#fallback.records(lines);
    this.#wake();
  }

  /** Sends a record that was never opened (overflow, after close or exit) to the fallback. */
  direct(line: string, reason: FallbackReason): void {
    this.#count(1, reason);
    this.#fallback.records([line]);
  }

  /** Resolves once every record up to `target` is settled. */
  waitFor(target: number): Promise<void> {
    if (this.settledUpTo(target)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ target, resolve }));
  }

  stats(): OtlpStats {
    return {
      written: this.written,
      exported: this.exported,
      queued: this.#open.size,
      fallback: this.fallback,
      fallback_reasons: { ...this.#reasons },
      retries: this.retries,
      duplicated: this.duplicated,
      dropped: 0,
    };
  }

  #count(n: number, reason: FallbackReason): void {
    this.fallback += n;
    this.#reasons[reason] += n;
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const first = this.#open.keys().next();
    const settled = first.done === true ? Number.POSITIVE_INFINITY : first.value - 1;
    const still: { target: number; resolve: () => void }[] = [];
    for (const w of this.#waiters) {
      if (w.target <= settled) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }
}
