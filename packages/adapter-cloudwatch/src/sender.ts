import { type CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { errorName, errorText } from './aws-errors.js';
import { type QueuedEvent, utcDay } from './batch.js';
import { type CountedFallback, REPORT } from './counted-fallback.js';
import type { DeliveryCounters } from './counters.js';
import type { FlushBarrier } from './flush-barrier.js';
import type { InFlight } from './in-flight.js';
import { withLogFormat } from './log-format.js';
import type { CloudWatchSinkConfig } from './options.js';
import type { Provisioning } from './provisioning.js';
import type { RecordQueue } from './queue.js';
import { backoffDelay, classifyFailure } from './retry.js';

/** The settings the sender needs. */
export type SenderConfig = Pick<
  CloudWatchSinkConfig,
  'logGroup' | 'streamFor' | 'flushInterval' | 'retryBaseDelay' | 'retryMaxDelay'
> &
  Partial<Pick<CloudWatchSinkConfig, 'logFormat'>>;

/** What the sender works with, besides the client and its settings. */
export interface SenderParts {
  readonly queue: RecordQueue;
  readonly inFlight: InFlight;
  readonly barrier: FlushBarrier;
  readonly provisioning: Provisioning;
  readonly fallback: CountedFallback;
  readonly counters: DeliveryCounters;
}

/** What PutLogEvents says it refused, by index in the batch as sent. */
type RejectedInfo =
  | { tooNewLogEventStartIndex?: number; tooOldLogEventEndIndex?: number; expiredLogEventEndIndex?: number }
  | undefined;

/**
 * The one PutLogEvents call in flight, off the log call's path. A batch is sent when a whole one
 * waits, when `flushInterval` has passed since the first record waited, or while a flush waits.
 * Throttling, 5xx and network failures are retried with backoff until a flush deadline; a missing
 * stream or group is created (up to three times for a batch); any other failure hands the batch to
 * the fallback. Nothing is dropped silently.
 */
export class Sender {
  readonly #client: CloudWatchLogsClient;
  readonly #config: SenderConfig;
  readonly #queue: RecordQueue;
  readonly #inFlight: InFlight;
  readonly #barrier: FlushBarrier;
  readonly #provisioning: Provisioning;
  readonly #fallback: CountedFallback;
  readonly #counters: DeliveryCounters;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #kickScheduled = false;
  #intervalDue = false;
  #wake: (() => void) | undefined;

  constructor(client: CloudWatchLogsClient, config: SenderConfig, parts: SenderParts) {
    this.#client = client;
    this.#config = config;
    this.#queue = parts.queue;
    this.#inFlight = parts.inFlight;
    this.#barrier = parts.barrier;
    this.#provisioning = parts.provisioning;
    this.#fallback = parts.fallback;
    this.#counters = parts.counters;
  }

  /** A record was queued: sends soon when a whole batch waits, else within `flushInterval`. */
  queued(): void {
    if (this.#queue.fullBatchReady()) this.kickSoon();
    else if (this.#timer === undefined) this.#armTimer();
  }

  /** Starts the sender on the next turn of the event loop, never inside a log call. */
  kickSoon(): void {
    if (this.#kickScheduled || this.#running) return;
    this.#kickScheduled = true;
    setImmediate(() => {
      this.#kickScheduled = false;
      void this.#run();
    });
  }

  /** Cuts a backoff wait short (a flush started, or a deadline passed). */
  wake(): void {
    this.#wake?.();
  }

  /** Stops the interval timer. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #armTimer(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#intervalDue = true;
      this.kickSoon();
    }, this.#config.flushInterval);
    this.#timer.unref();
  }

  // Only kickSoon() calls it, never while the sender runs: one PutLogEvents call in flight at a time.
  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0 && (this.#queue.fullBatchReady() || this.#intervalDue || this.#barrier.active)) {
        const batch = this.#queue.takeBatch();
        if (this.#queue.length === 0) this.#intervalDue = false;
        this.#inFlight.start(batch);
        await this.#deliver(batch);
        this.#inFlight.finish();
        this.#barrier.settle();
      }
    } catch (e) {
      // #deliver handles its own failures; this is a bug guard so the sender never dies silently.
      this.#fallback.report(REPORT.sender, 'CloudWatch sender failed unexpectedly', { error: errorText(e) });
      this.#fallback.records(this.#inFlight.abandon());
      this.#inFlight.finish();
    } finally {
      this.#running = false;
      this.#intervalDue = false;
      if (this.#queue.length > 0) {
        if (this.#queue.fullBatchReady() || this.#barrier.active) this.kickSoon();
        else if (this.#timer === undefined) this.#armTimer();
      }
      this.#barrier.settle();
    }
  }

  async #deliver(batch: QueuedEvent[]): Promise<void> {
    // Never empty: the sender takes a batch only while records wait.
    const first = batch[0] as QueuedEvent;
    const stream = this.#config.streamFor(utcDay(first.time));
    let attempt = 0;
    let recreated = 0;
    // Send first: a least-privilege role may call PutLogEvents and nothing else. The group and
    // stream are created only when PutLogEvents says they are missing.
    let provision = false;
    for (;;) {
      try {
        if (provision) await this.#provisioning.provision(stream);
        provision = false;
        const response = await this.#client.send(
          withLogFormat(
            new PutLogEventsCommand({
              logGroupName: this.#config.logGroup,
              logStreamName: stream,
              logEvents: batch.map((e) => ({ timestamp: e.time, message: e.message })),
            }),
            this.#config.logFormat,
          ),
        );
        this.#counters.batches++;
        this.#accept(batch, response.rejectedLogEventsInfo);
        this.#fallback.resetReports();
        return;
      } catch (error) {
        const kind = classifyFailure(error);
        if (kind === 'recreate' && recreated < 3) {
          recreated++;
          provision = true;
          continue;
        }
        if (kind === 'retry' && Date.now() < this.#barrier.deadline) {
          this.#counters.retries++;
          this.#fallback.report(`retry:${errorName(error)}`, 'CloudWatch delivery failing, retrying with backoff', {
            error: errorText(error),
            buffered: this.#queue.length + batch.length,
          });
          await this.#sleep(backoffDelay(attempt++, this.#config.retryBaseDelay, this.#config.retryMaxDelay));
          continue;
        }
        this.#fallback.report(
          `give_up:${errorName(error)}`,
          'CloudWatch delivery failed; records written to this fallback',
          {
            error: errorText(error),
            records: batch.length,
          },
        );
        if (!this.#inFlight.abandoned) this.#fallback.records(batch.map((e) => e.message));
        return;
      }
    }
  }

  // CloudWatch stored the batch but for the records it rejected (too old, expired, too new): those
  // would be rejected again if resent, so they go to the fallback, counted as rejected and fallback.
  // The indexes refer to the batch as sent (chronological): [0, oldEnd) and [newStart, length).
  #accept(batch: QueuedEvent[], info: RejectedInfo): void {
    const n = batch.length;
    const clamp = (i: number | undefined, fallback: number) => Math.min(n, Math.max(0, i ?? fallback));
    const oldEnd = Math.max(clamp(info?.tooOldLogEventEndIndex, 0), clamp(info?.expiredLogEventEndIndex, 0));
    const newStart = Math.max(oldEnd, clamp(info?.tooNewLogEventStartIndex, n));
    const rejected = oldEnd + (n - newStart);
    this.#counters.delivered += n - rejected;
    if (rejected === 0) return;
    this.#counters.rejected += rejected;
    this.#fallback.report(
      REPORT.rejected,
      'CloudWatch rejected records (too old, expired or too new); written to this fallback',
      {
        too_old_or_expired: oldEnd,
        too_new: n - newStart,
      },
    );
    // A batch a flush deadline already handed to the fallback is there in full.
    if (!this.#inFlight.abandoned) {
      this.#fallback.records([...batch.slice(0, oldEnd), ...batch.slice(newStart)].map((e) => e.message));
    }
  }

  // Waits `ms`, at most until the flush deadline; wake() ends it early.
  async #sleep(ms: number): Promise<void> {
    // Stryker disable next-line ArithmeticOperator: the deadline's expiry wakes the sleep anyway; the cap only makes the two coincide
    const wait = Math.max(0, Math.min(ms, this.#barrier.deadline - Date.now()));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      timer.unref();
      this.#wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
    this.#wake = undefined;
  }
}
