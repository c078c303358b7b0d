import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  batchLength,
  chronological,
  PUT_LOG_EVENTS_LIMITS,
  type QueuedEvent,
  truncateRecord,
  utcDay,
  utf8Bytes,
} from './batch.js';
import { drainAtExit } from './exit-drain.js';
import type { FallbackWriter } from './fallback.js';
import type { CloudWatchSinkConfig } from './options.js';
import { backoffDelay, classifyFailure } from './retry.js';

/** Counters of what the adapter did; `buffered` is what waits in memory now. */
export interface CloudWatchStats {
  readonly enqueued: number;
  readonly delivered: number;
  readonly batches: number;
  readonly retries: number;
  readonly rejected: number;
  readonly truncated: number;
  readonly overflowed: number;
  readonly fallback: number;
  readonly buffered: number;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

const isAccessDenied = (e: unknown): boolean =>
  ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'].includes((e as Error)?.name);

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Owns the queue and the one PutLogEvents call in flight. `enqueue` is all a log call does; the
 * rest runs off the call path: batches are sent when full or after `flushInterval`, failures are
 * retried with backoff or handed to the fallback, never dropped silently.
 */
export class Delivery {
  readonly #client: CloudWatchLogsClient;
  readonly #config: CloudWatchSinkConfig;
  readonly #fallback: FallbackWriter;
  readonly #queue: QueuedEvent[] = [];
  #head = 0;
  #queuedChars = 0;
  #seq = 0;
  #inFlight: QueuedEvent[] = [];
  // True once a flush deadline has handed the batch in flight to the fallback.
  #inFlightAbandoned = false;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #kickScheduled = false;
  #intervalDue = false;
  #flushing = 0;
  #deadline = Number.POSITIVE_INFINITY;
  #waiters: Waiter[] = [];
  #wake: (() => void) | undefined;
  // Set once the process is exiting: from then on records go straight to the fallback.
  #exited = false;
  readonly #forgetAtExit: () => void;
  #stats = { enqueued: 0, delivered: 0, batches: 0, retries: 0, rejected: 0, truncated: 0, overflowed: 0, fallback: 0 };

  constructor(client: CloudWatchLogsClient, config: CloudWatchSinkConfig, fallback: FallbackWriter) {
    this.#client = client;
    this.#config = config;
    this.#fallback = fallback;
    this.#forgetAtExit = drainAtExit(this);
  }

  /** Queues one record. O(1), no I/O; overflow goes to the fallback. Never throws. */
  enqueue(message: string, time: number): void {
    const seq = ++this.#seq;
    this.#stats.enqueued++;
    if (this.#exited) {
      // Logged by an exit listener that ran after the drain: no event loop is left to send it.
      this.#toFallback([message]);
      return;
    }
    const buffered = this.#queue.length - this.#head;
    if (buffered >= this.#config.maxBufferEvents || this.#queuedChars + message.length > this.#config.maxBufferBytes) {
      this.#stats.overflowed++;
      this.#toFallback([message]);
      this.#fallback.report(
        'overflow',
        'CloudWatch buffer full: records go to this fallback until delivery catches up',
        {
          max_buffer_events: this.#config.maxBufferEvents,
          max_buffer_bytes: this.#config.maxBufferBytes,
        },
      );
      this.#settleHead();
      return;
    }
    this.#queue.push({ seq, time, chars: message.length, message, bytes: -1 });
    this.#queuedChars += message.length;
    if (buffered + 1 >= this.#config.batchSize || this.#queuedChars >= PUT_LOG_EVENTS_LIMITS.maxBytes) this.#kickSoon();
    else if (this.#timer === undefined) this.#armTimer();
  }

  stats(): CloudWatchStats {
    const inFlight = this.#inFlightAbandoned ? 0 : this.#inFlight.length;
    return { ...this.#stats, buffered: this.#queue.length - this.#head + inFlight };
  }

  /**
   * Resolves when everything enqueued before the call is delivered or handed to the fallback;
   * at `timeoutMs` whatever is left goes to the fallback. Never rejects.
   */
  flush(timeoutMs: number = this.#config.flushTimeout): Promise<void> {
    const target = this.#seq;
    if (this.#settledThrough(target)) return Promise.resolve();
    this.#flushing++;
    this.#deadline = Math.min(this.#deadline, Date.now() + timeoutMs);
    const done = new Promise<void>((resolve) => this.#waiters.push({ seq: target, resolve }));
    // A ref'd timer: the process stays up until the flush is done or the deadline passes.
    const timer = setTimeout(() => this.#expire(target), timeoutMs);
    this.#wake?.();
    this.#kickSoon();
    return done.finally(() => {
      clearTimeout(timer);
      this.#flushing--;
      if (this.#flushing === 0) this.#deadline = Number.POSITIVE_INFINITY;
    });
  }

  /** Stops the interval timer (close() calls it after its flush; the sink then routes new records to the fallback). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#forgetAtExit();
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
    const inFlight = this.#inFlightAbandoned ? 0 : this.#inFlight.length;
    const out = this.#abandon(Number.POSITIVE_INFINITY);
    if (out.length === 0) return;
    this.#fallback.report(
      'exit',
      'Process exiting with CloudWatch records undelivered; written to this fallback (the batch in flight included: it may also have arrived)',
      { records: out.length, in_flight: inFlight },
    );
    this.#toFallback(out);
  }

  #armTimer(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#intervalDue = true;
      this.#kickSoon();
    }, this.#config.flushInterval);
    this.#timer.unref();
  }

  // Starts the sender on the next turn of the event loop, never inside a log call.
  #kickSoon(): void {
    if (this.#kickScheduled || this.#running) return;
    this.#kickScheduled = true;
    setImmediate(() => {
      this.#kickScheduled = false;
      void this.#run();
    });
  }

  #buffered(): number {
    return this.#queue.length - this.#head;
  }

  #fullBatchReady(): boolean {
    return this.#buffered() >= this.#config.batchSize || this.#queuedChars >= PUT_LOG_EVENTS_LIMITS.maxBytes;
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#buffered() > 0 && (this.#fullBatchReady() || this.#intervalDue || this.#flushing > 0)) {
        const batch = this.#takeBatch();
        if (this.#buffered() === 0) this.#intervalDue = false;
        this.#inFlight = batch;
        this.#inFlightAbandoned = false;
        await this.#deliver(batch);
        this.#inFlight = [];
        this.#inFlightAbandoned = false;
        this.#settleHead();
      }
    } catch (e) {
      // #deliver handles its own failures; this is a bug guard so the sender never dies silently.
      this.#fallback.report('sender', 'CloudWatch sender failed unexpectedly', { error: errorText(e) });
      this.#toFallback(this.#inFlight.map((ev) => ev.message));
      this.#inFlight = [];
    } finally {
      this.#running = false;
      this.#intervalDue = false;
      if (this.#buffered() > 0) {
        if (this.#fullBatchReady() || this.#flushing > 0) this.#kickSoon();
        else if (this.#timer === undefined) this.#armTimer();
      }
      this.#settleHead();
    }
  }

  #takeBatch(): QueuedEvent[] {
    const n = batchLength(this.#queue, this.#head, this.#config.batchSize, PUT_LOG_EVENTS_LIMITS.maxBytes, (e) =>
      this.#sizeOf(e),
    );
    const batch = this.#queue.slice(this.#head, this.#head + n);
    this.#head += n;
    for (const e of batch) this.#queuedChars -= e.chars;
    // Compact now and then so the array does not grow without bound.
    if (this.#head > 65_536 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    return chronological(batch);
  }

  #sizeOf(e: QueuedEvent): number {
    if (e.bytes < 0) {
      e.bytes = utf8Bytes(e.message);
      if (e.bytes + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes > this.#config.maxEventBytes) {
        e.message = truncateRecord(e.message, this.#config.maxEventBytes);
        e.bytes = utf8Bytes(e.message);
        this.#stats.truncated++;
      }
    }
    return e.bytes;
  }

  async #deliver(batch: QueuedEvent[]): Promise<void> {
    const first = batch[0];
    if (first === undefined) return;
    const stream = this.#config.streamFor(utcDay(first.time));
    let attempt = 0;
    let recreated = 0;
    // Send first: a least-privilege role may call PutLogEvents and nothing else. The group and
    // stream are created only when PutLogEvents says they are missing.
    let provision = false;
    for (;;) {
      try {
        if (provision) await this.#provision(stream);
        provision = false;
        const response = await this.#client.send(
          new PutLogEventsCommand({
            logGroupName: this.#config.logGroup,
            logStreamName: stream,
            logEvents: batch.map((e) => ({ timestamp: e.time, message: e.message })),
          }),
        );
        this.#stats.batches++;
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
        if (kind === 'retry' && Date.now() < this.#deadline) {
          this.#stats.retries++;
          this.#fallback.report(
            `retry:${(error as Error)?.name}`,
            'CloudWatch delivery failing, retrying with backoff',
            {
              error: errorText(error),
              buffered: this.#buffered() + batch.length,
            },
          );
          await this.#sleep(backoffDelay(attempt++, this.#config.retryBaseDelay, this.#config.retryMaxDelay));
          continue;
        }
        this.#fallback.report(
          `give_up:${(error as Error)?.name}`,
          'CloudWatch delivery failed; records written to this fallback',
          {
            error: errorText(error),
            records: batch.length,
          },
        );
        if (!this.#inFlightAbandoned) this.#toFallback(batch.map((e) => e.message));
        return;
      }
    }
  }

  // CloudWatch stored the batch but for the records it rejected (too old, expired, too new): those
  // would be rejected again if resent, so they go to the fallback, counted as rejected and fallback.
  // The indexes refer to the batch as sent (chronological): [0, oldEnd) and [newStart, length).
  #accept(
    batch: QueuedEvent[],
    info:
      | { tooNewLogEventStartIndex?: number; tooOldLogEventEndIndex?: number; expiredLogEventEndIndex?: number }
      | undefined,
  ): void {
    const n = batch.length;
    const clamp = (i: number | undefined, fallback: number) => Math.min(n, Math.max(0, i ?? fallback));
    const oldEnd = Math.max(clamp(info?.tooOldLogEventEndIndex, 0), clamp(info?.expiredLogEventEndIndex, 0));
    const newStart = Math.max(oldEnd, clamp(info?.tooNewLogEventStartIndex, n));
    const rejected = oldEnd + (n - newStart);
    this.#stats.delivered += n - rejected;
    if (rejected === 0) return;
    this.#stats.rejected += rejected;
    this.#fallback.report(
      'rejected',
      'CloudWatch rejected records (too old, expired or too new); written to this fallback',
      {
        too_old_or_expired: oldEnd,
        too_new: n - newStart,
      },
    );
    // A batch a flush deadline already handed to the fallback is there in full.
    if (!this.#inFlightAbandoned) {
      this.#toFallback([...batch.slice(0, oldEnd), ...batch.slice(newStart)].map((e) => e.message));
    }
  }

  // PutLogEvents said the stream (or the group) is missing: create the stream, and the group first
  // when CreateLogStream says the group is missing too.
  async #provision(stream: string): Promise<void> {
    try {
      await this.#createStream(stream);
    } catch (e) {
      if ((e as Error)?.name !== 'ResourceNotFoundException') throw e;
      await this.#ensureGroup();
      await this.#createStream(stream);
    }
  }

  async #createStream(stream: string): Promise<void> {
    const group = this.#config.logGroup;
    try {
      await this.#ignoreExists(
        this.#client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
      );
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report('create_stream_denied', 'Not allowed to create the log stream; assuming it exists', {
        log_group: group,
        log_stream: stream,
        error: errorText(e),
      });
    }
  }

  // A least-privilege role may lack CreateLogGroup / PutRetentionPolicy when the group is managed
  // elsewhere: AccessDenied is taken as "already provisioned", reported once, and delivery carries
  // on. If the group really is missing, PutLogEvents keeps answering ResourceNotFound and after
  // three attempts the batch goes to the fallback.
  async #ensureGroup(): Promise<void> {
    const group = this.#config.logGroup;
    let created: boolean;
    try {
      created = await this.#ignoreExists(this.#client.send(new CreateLogGroupCommand({ logGroupName: group })));
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report('create_group_denied', 'Not allowed to create the log group; assuming it exists', {
        log_group: group,
        error: errorText(e),
      });
      return;
    }
    // Retention is set on a group this adapter created, never changed on one that already existed.
    if (!created || this.#config.retentionInDays === undefined) return;
    try {
      await this.#client.send(
        new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: this.#config.retentionInDays }),
      );
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report('retention_denied', 'Not allowed to set the log group retention; delivery goes on', {
        log_group: group,
        error: errorText(e),
      });
    }
  }

  // True when the request created the resource, false when it already existed.
  async #ignoreExists(request: Promise<unknown>): Promise<boolean> {
    try {
      await request;
      return true;
    } catch (e) {
      if ((e as Error)?.name !== 'ResourceAlreadyExistsException') throw e;
      return false;
    }
  }

  #sleep(ms: number): Promise<void> {
    const wait = Math.max(0, Math.min(ms, this.#deadline - Date.now()));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      timer.unref();
      this.#wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.#wake = undefined;
    });
  }

  #toFallback(messages: readonly string[]): void {
    this.#stats.fallback += messages.length;
    this.#fallback.records(messages);
  }

  // At a flush deadline: what is still queued (up to the flush's target) goes to the fallback, and so
  // does the batch in flight. That request may still succeed afterwards: then the records are in
  // both places (at least once), never in neither.
  #expire(target: number): void {
    const out = this.#abandon(target);
    if (out.length > 0) {
      this.#fallback.report(
        'deadline',
        'CloudWatch flush deadline passed; undelivered records written to this fallback',
        { records: out.length },
      );
      this.#toFallback(out);
    }
    this.#wake?.();
    for (const w of this.#waiters.filter((w) => w.seq <= target)) w.resolve();
    this.#waiters = this.#waiters.filter((w) => w.seq > target);
  }

  // Takes the batch in flight (once) and the queued records up to `target` out of delivery's hands.
  #abandon(target: number): string[] {
    const out: string[] = [];
    if (this.#inFlight.length > 0 && !this.#inFlightAbandoned) {
      this.#inFlightAbandoned = true;
      for (const e of this.#inFlight) out.push(e.message);
    }
    while (this.#head < this.#queue.length && (this.#queue[this.#head] as QueuedEvent).seq <= target) {
      const e = this.#queue[this.#head++] as QueuedEvent;
      this.#queuedChars -= e.chars;
      out.push(e.message);
    }
    return out;
  }

  #settledThrough(seq: number): boolean {
    const head = this.#queue[this.#head];
    const inFlightMin = this.#inFlightAbandoned
      ? Number.POSITIVE_INFINITY
      : this.#inFlight.reduce((m, e) => Math.min(m, e.seq), Number.POSITIVE_INFINITY);
    return (head === undefined || head.seq > seq) && inFlightMin > seq;
  }

  #settleHead(): void {
    if (this.#waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (this.#settledThrough(w.seq)) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }
}
