import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { onExit } from '@dashtam/fd-writer/internal';
import { CountedFallback } from './counted-fallback.js';
import { type CloudWatchStats, newCounters } from './counters.js';
import type { FallbackWriter } from './fallback.js';
import { FlushBarrier } from './flush-barrier.js';
import { InFlight } from './in-flight.js';
import type { CloudWatchSinkConfig } from './options.js';
import { Provisioning } from './provisioning.js';
import { RecordQueue } from './queue.js';
import { Sender } from './sender.js';

export type { CloudWatchStats } from './counters.js';

/**
 * Owns the queue and the one PutLogEvents call in flight. `enqueue` is all a log call does; the
 * rest runs off the call path: batches are sent when full or after `flushInterval`, failures are
 * retried with backoff or handed to the fallback, never dropped silently. The work is done by the
 * parts it wires together: {@link RecordQueue}, {@link Sender}, {@link Provisioning},
 * {@link FlushBarrier}.
 */
export class Delivery {
  readonly #config: CloudWatchSinkConfig;
  readonly #counters = newCounters();
  readonly #fallback: CountedFallback;
  readonly #queue: RecordQueue;
  readonly #inFlight = new InFlight();
  readonly #barrier: FlushBarrier;
  readonly #sender: Sender;
  readonly #forgetAtExit: () => void;
  #seq = 0;
  // Set once the sink is closed or the process is exiting: from then on records go straight to the fallback.
  #exited = false;

  constructor(client: CloudWatchLogsClient, config: CloudWatchSinkConfig, fallback: FallbackWriter) {
    this.#config = config;
    this.#fallback = new CountedFallback(fallback, this.#counters);
    this.#queue = new RecordQueue(config, this.#fallback, this.#counters);
    this.#barrier = new FlushBarrier(this.#queue, this.#inFlight, this.#fallback, () => this.#sender.wake());
    this.#sender = new Sender(client, config, {
      queue: this.#queue,
      inFlight: this.#inFlight,
      barrier: this.#barrier,
      provisioning: new Provisioning(client, config, this.#fallback),
      fallback: this.#fallback,
      counters: this.#counters,
    });
    this.#forgetAtExit = onExit('drain', this, 'drainSync');
  }

  /** Queues one record. O(1), no I/O; overflow goes to the fallback. Never throws. */
  enqueue(message: string, time: number): void {
    const seq = ++this.#seq;
    this.#counters.enqueued++;
    if (this.#exited) {
      // Logged after close(), or by an exit listener that ran after the drain: nothing sends it.
      this.#fallback.records([message]);
      return;
    }
    if (this.#queue.add(seq, time, message)) this.#sender.queued();
    else this.#barrier.settle();
  }

  stats(): CloudWatchStats {
    return { ...this.#counters, buffered: this.#queue.length + this.#inFlight.size };
  }

  /**
   * Resolves when everything enqueued before the call is delivered or handed to the fallback;
   * at `timeoutMs` whatever is left goes to the fallback. Never rejects.
   */
  flush(timeoutMs: number = this.#config.flushTimeout): Promise<void> {
    const target = this.#seq;
    if (this.#barrier.settledThrough(target)) return Promise.resolve();
    const done = this.#barrier.wait(target, timeoutMs);
    this.#sender.kickSoon();
    return done;
  }

  /** Stops the interval timer and forgets the exit drain. */
  stop(): void {
    this.#sender.stop();
    this.#forgetAtExit();
  }

  /**
   * Ends delivery after `close()`'s flush: what is still queued or in flight goes to the fallback,
   * counted, and so does every record enqueued afterwards (counted in `enqueued` and `fallback`).
   */
  close(): void {
    this.#exited = true;
    this.stop();
    this.#barrier.drainAtClose();
  }

  /**
   * At process exit, where only synchronous work runs: hands everything not acknowledged by
   * CloudWatch to the fallback, now, counted in `fallback`. That includes the batch in flight: its
   * request may have reached CloudWatch, but its answer never will, and dropping it could lose it;
   * so a record in flight at exit may be in both places (at least once), never in neither. Records
   * CloudWatch acknowledged are not written again. Records logged afterwards go straight to the
   * fallback.
   */
  drainSync(): void {
    this.#exited = true;
    this.stop();
    this.#barrier.drainAtExit();
  }
}
