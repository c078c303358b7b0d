import type { QueuedEvent } from './batch.js';

/**
 * The batch whose PutLogEvents call is in flight. A flush deadline or the process exit may take it
 * out of delivery's hands (to the fallback) while the request still runs: it is then *abandoned*,
 * no longer counted as buffered or waited on, and its outcome must not hand it over again.
 */
export class InFlight {
  #batch: readonly QueuedEvent[] = [];
  #abandoned = false;

  /** The batch about to be sent. */
  start(batch: readonly QueuedEvent[]): void {
    this.#batch = batch;
    this.#abandoned = false;
  }

  /** Its request is over. */
  finish(): void {
    this.#batch = [];
    this.#abandoned = false;
  }

  /** True once the batch in flight was handed to the fallback. */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  /** Records in flight still in delivery's hands (none once abandoned). */
  get size(): number {
    return this.#abandoned ? 0 : this.#batch.length;
  }

  /** The lowest `seq` still in delivery's hands; infinity when none. */
  get minSeq(): number {
    if (this.#abandoned) return Number.POSITIVE_INFINITY;
    return this.#batch.reduce((m, e) => Math.min(m, e.seq), Number.POSITIVE_INFINITY);
  }

  /** The messages of the batch, the first time it is abandoned; none after, or with no batch. */
  abandon(): string[] {
    if (this.#batch.length === 0 || this.#abandoned) return [];
    this.#abandoned = true;
    return this.#batch.map((e) => e.message);
  }
}
