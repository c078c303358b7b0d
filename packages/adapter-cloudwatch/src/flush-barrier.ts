import { type CountedFallback, REPORT, type ReportKey } from './counted-fallback.js';
import type { InFlight } from './in-flight.js';
import type { RecordQueue } from './queue.js';

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * The flushes waiting on delivery. A flush waits for every record up to a `seq` (what was enqueued
 * before it) to be *settled*: delivered or handed to the fallback. While any flush waits, the
 * sender sends partial batches and retries only until the earliest deadline. At a flush's
 * deadline, what it waits for that is still queued, and the batch in flight, go to the fallback.
 */
export class FlushBarrier {
  readonly #queue: RecordQueue;
  readonly #inFlight: InFlight;
  readonly #fallback: CountedFallback;
  readonly #wake: () => void;
  // Stryker disable next-line ArrayDeclaration: a waiter without a seq is never resolved and blocks nothing
  #waiters: Waiter[] = [];
  #flushing = 0;
  #deadline = Number.POSITIVE_INFINITY;

  /** `wake` cuts the sender's backoff short: called when a flush starts and at a deadline. */
  constructor(queue: RecordQueue, inFlight: InFlight, fallback: CountedFallback, wake: () => void) {
    this.#queue = queue;
    this.#inFlight = inFlight;
    this.#fallback = fallback;
    this.#wake = wake;
  }

  /** True while a flush waits. */
  get active(): boolean {
    return this.#flushing > 0;
  }

  /** The earliest deadline (epoch ms) of the flushes waiting; infinity when none waits. */
  get deadline(): number {
    return this.#deadline;
  }

  /** True when no record up to `seq` is queued or in flight any more. */
  settledThrough(seq: number): boolean {
    return this.#queue.headSeq > seq && this.#inFlight.minSeq > seq;
  }

  /**
   * Resolves once every record up to `seq` is settled, or at `timeoutMs`, when what is left of them
   * goes to the fallback. A ref'd timer: the process stays up until then. Never rejects.
   */
  wait(seq: number, timeoutMs: number): Promise<void> {
    this.#flushing++;
    this.#deadline = Math.min(this.#deadline, Date.now() + timeoutMs);
    const done = new Promise<void>((resolve) => this.#waiters.push({ seq, resolve }));
    const timer = setTimeout(() => this.#expire(seq), timeoutMs);
    this.#wake();
    return done.finally(() => {
      clearTimeout(timer);
      this.#flushing--;
      if (this.#flushing === 0) this.#deadline = Number.POSITIVE_INFINITY;
    });
  }

  /** Resolves the flushes whose records are all settled now. */
  settle(): void {
    this.#resolve((w) => this.settledThrough(w.seq));
  }

  /**
   * At process exit, where only synchronous work runs: everything not acknowledged, the batch in
   * flight included, goes to the fallback now, reported once.
   */
  drainAtExit(): void {
    this.#drainAll(
      REPORT.exit,
      'Process exiting with CloudWatch records undelivered; written to this fallback (the batch in flight included: it may also have arrived)',
    );
  }

  /**
   * After `close()`'s flush: what is still queued (records logged while it waited, or left at its
   * deadline) or in flight goes to the fallback now, counted: the sink sends nothing more.
   */
  drainAtClose(): void {
    this.#drainAll(
      REPORT.closed,
      'CloudWatch sink closed with records undelivered; written to this fallback (the batch in flight included: it may also have arrived)',
    );
  }

  #drainAll(key: ReportKey, message: string): void {
    const inFlight = this.#inFlight.size;
    const out = this.#abandon(Number.POSITIVE_INFINITY);
    if (out.length === 0) return;
    this.#fallback.report(key, message, { records: out.length, in_flight: inFlight });
    this.#fallback.records(out);
  }

  // At a flush deadline: what is still queued (up to the flush's target) goes to the fallback, and so
  // does the batch in flight. That request may still succeed afterwards: then the records are in
  // both places (at least once), never in neither.
  #expire(seq: number): void {
    const out = this.#abandon(seq);
    if (out.length > 0) {
      this.#fallback.report(
        REPORT.deadline,
        'CloudWatch flush deadline passed; undelivered records written to this fallback',
        {
          records: out.length,
        },
      );
      this.#fallback.records(out);
    }
    this.#wake();
    this.#resolve((w) => w.seq <= seq);
  }

  // Resolves the waiters `done` picks and keeps the others.
  #resolve(done: (w: Waiter) => boolean): void {
    // Stryker disable next-line ArrayDeclaration: a waiter without a seq is never resolved and blocks nothing
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (done(w)) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }

  // Takes the batch in flight (once) and the queued records up to `seq` out of delivery's hands.
  #abandon(seq: number): string[] {
    return [...this.#inFlight.abandon(), ...this.#queue.takeThrough(seq)];
  }
}
