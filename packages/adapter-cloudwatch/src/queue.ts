import { chronological, PUT_LOG_EVENTS_LIMITS, type QueuedEvent, truncateRecord, utf8Bytes } from './batch.js';
import { type CountedFallback, REPORT } from './counted-fallback.js';
import type { DeliveryCounters } from './counters.js';
import { LineStore } from './line-store.js';
import type { CloudWatchSinkConfig } from './options.js';

/** The settings the queue bounds itself and sizes batches with. */
export type QueueConfig = Pick<
  CloudWatchSinkConfig,
  'batchSize' | 'maxEventBytes' | 'maxBufferEvents' | 'maxBufferBytes'
>;

const DAY_MS = 86_400_000;

/**
 * The records waiting to be sent, oldest first, held as UTF-8 bytes (see {@link LineStore}) within
 * `maxBufferEvents` and `maxBufferBytes`. A record that would pass either bound goes to the fallback
 * instead, counted in `overflowed`. Batches are taken from the head and only then decoded back into
 * strings.
 */
export class RecordQueue {
  readonly #config: QueueConfig;
  readonly #fallback: CountedFallback;
  readonly #counters: DeliveryCounters;
  readonly #store: LineStore;
  // The seq of a record counted as truncated while it was sized for a batch it did not join: it
  // heads the next batch and must not be counted twice.
  #countedTruncation = -1;

  /** `chunkSize`: bytes per chunk of the byte store (tests make it small). */
  constructor(config: QueueConfig, fallback: CountedFallback, counters: DeliveryCounters, chunkSize?: number) {
    this.#config = config;
    this.#fallback = fallback;
    this.#counters = counters;
    this.#store = new LineStore(chunkSize);
  }

  /** Records waiting. */
  get length(): number {
    return this.#store.length;
  }

  /** UTF-8 bytes of the records waiting (what `maxBufferBytes` bounds). */
  get bytes(): number {
    return this.#store.bytes;
  }

  /** Chunks of bytes the queue keeps allocated: the memory it holds. */
  get chunks(): number {
    return this.#store.chunks;
  }

  /** The `seq` of the oldest waiting record; infinity when none waits. */
  get headSeq(): number {
    return this.#store.length === 0 ? Number.POSITIVE_INFINITY : this.#store.seqAt(0);
  }

  /**
   * Queues a record, or hands it to the fallback (counted in `overflowed`, reported) when the
   * buffer is full. O(1), no I/O. False when the record overflowed.
   */
  add(seq: number, time: number, message: string): boolean {
    // A string's length is a lower bound of its UTF-8 size: checked before the copy, exactly after.
    const store = this.#store;
    if (store.length >= this.#config.maxBufferEvents || store.bytes + message.length > this.#config.maxBufferBytes) {
      this.#overflow(message);
      return false;
    }
    store.push(message, time, seq);
    if (store.bytes > this.#config.maxBufferBytes) {
      store.pop();
      this.#overflow(message);
      return false;
    }
    return true;
  }

  /** True when a whole batch waits: `batchSize` records, or PutLogEvents' byte limit. */
  fullBatchReady(): boolean {
    return this.#store.length >= this.#config.batchSize || this.#store.bytes >= PUT_LOG_EVENTS_LIMITS.maxBytes;
  }

  /**
   * Takes the next batch off the head, in chronological order: as many records as fit in
   * `batchSize` and PutLogEvents' byte limit (message bytes + 26 each), all from the same UTC day
   * (one stream per day, which also keeps a batch within 24 hours). A record over `maxEventBytes` is
   * truncated to fit, counted in `truncated`.
   */
  takeBatch(): QueuedEvent[] {
    const store = this.#store;
    const batch: QueuedEvent[] = [];
    if (store.length === 0) return batch;
    const day = Math.floor(store.timeAt(0) / DAY_MS);
    let bytes = 0;
    for (let i = 0; i < store.length && batch.length < this.#config.batchSize; i++) {
      const event = this.#eventAt(i);
      const size = event.bytes + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes;
      if (bytes + size > PUT_LOG_EVENTS_LIMITS.maxBytes && batch.length > 0) break;
      if (Math.floor(event.time / DAY_MS) !== day) break;
      bytes += size;
      batch.push(event);
    }
    store.shift(batch.length);
    return chronological(batch);
  }

  /** Takes the messages of the waiting records up to `seq` (included) out of the queue. */
  takeThrough(seq: number): string[] {
    const store = this.#store;
    const out: string[] = [];
    while (out.length < store.length && store.seqAt(out.length) <= seq) out.push(store.lineAt(out.length));
    store.shift(out.length);
    return out;
  }

  // The i-th waiting record as an event to send, truncated when it is over `maxEventBytes`.
  #eventAt(i: number): QueuedEvent {
    const store = this.#store;
    const seq = store.seqAt(i);
    let message = store.lineAt(i);
    let bytes = store.bytesAt(i);
    if (bytes + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes > this.#config.maxEventBytes) {
      message = truncateRecord(message, this.#config.maxEventBytes);
      bytes = utf8Bytes(message);
      if (this.#countedTruncation !== seq) this.#counters.truncated++;
      this.#countedTruncation = seq;
    }
    return { seq, time: store.timeAt(i), message, bytes };
  }

  #overflow(message: string): void {
    this.#counters.overflowed++;
    this.#fallback.records([message]);
    this.#fallback.report(
      REPORT.overflow,
      'CloudWatch buffer full: records go to this fallback until delivery catches up',
      {
        max_buffer_events: this.#config.maxBufferEvents,
        max_buffer_bytes: this.#config.maxBufferBytes,
      },
    );
  }
}
