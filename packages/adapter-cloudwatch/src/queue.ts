import {
  batchLength,
  chronological,
  PUT_LOG_EVENTS_LIMITS,
  type QueuedEvent,
  truncateRecord,
  utf8Bytes,
} from './batch.js';
import { type CountedFallback, REPORT } from './counted-fallback.js';
import type { DeliveryCounters } from './counters.js';
import type { CloudWatchAdapterConfig } from './options.js';

/** The settings the queue bounds itself and sizes batches with. */
export type QueueConfig = Pick<
  CloudWatchAdapterConfig,
  'batchSize' | 'maxEventBytes' | 'maxBufferEvents' | 'maxBufferBytes'
>;

// Consumed slots are released once more than this many make up over half the array: often enough
// to bound the memory, rarely enough that the copy costs little per record.
const COMPACT_AFTER = 65_536;

/**
 * The records waiting to be sent, oldest first, within `maxBufferEvents` and `maxBufferBytes`
 * (characters as queued). A record that would pass either bound goes to the fallback instead,
 * counted in `overflowed`. Batches are taken from the head; the array is compacted now and then.
 */
export class RecordQueue {
  readonly #config: QueueConfig;
  readonly #fallback: CountedFallback;
  readonly #counters: DeliveryCounters;
  readonly #compactAfter: number;
  readonly #events: QueuedEvent[] = [];
  #head = 0;
  #chars = 0;

  /** `compactAfter`: consumed slots kept before the array is compacted (tests make it small). */
  constructor(
    config: QueueConfig,
    fallback: CountedFallback,
    counters: DeliveryCounters,
    compactAfter = COMPACT_AFTER,
  ) {
    this.#config = config;
    this.#fallback = fallback;
    this.#counters = counters;
    this.#compactAfter = compactAfter;
  }

  /** Records waiting. */
  get length(): number {
    return this.#events.length - this.#head;
  }

  /** Slots the backing array holds, consumed ones included: the memory the queue keeps. */
  get retained(): number {
    return this.#events.length;
  }

  /** The `seq` of the oldest waiting record; infinity when none waits. */
  get headSeq(): number {
    return this.#events[this.#head]?.seq ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Queues a record, or hands it to the fallback (counted in `overflowed`, reported) when the
   * buffer is full. O(1), no I/O. False when the record overflowed.
   */
  add(seq: number, time: number, message: string): boolean {
    if (this.length >= this.#config.maxBufferEvents || this.#chars + message.length > this.#config.maxBufferBytes) {
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
      return false;
    }
    this.#events.push({ seq, time, chars: message.length, message, bytes: -1 });
    this.#chars += message.length;
    return true;
  }

  /** True when a whole batch waits: `batchSize` records, or PutLogEvents' byte limit in characters. */
  fullBatchReady(): boolean {
    return this.length >= this.#config.batchSize || this.#chars >= PUT_LOG_EVENTS_LIMITS.maxBytes;
  }

  /** Takes the next batch off the head (see `batchLength`), in chronological order. */
  takeBatch(): QueuedEvent[] {
    const n = batchLength(this.#events, this.#head, this.#config.batchSize, PUT_LOG_EVENTS_LIMITS.maxBytes, (e) =>
      this.#sizeOf(e),
    );
    const batch = this.#events.slice(this.#head, this.#head + n);
    this.#head += n;
    for (const e of batch) this.#chars -= e.chars;
    // Compact now and then so the array does not grow without bound.
    if (this.#head > this.#compactAfter && this.#head * 2 > this.#events.length) {
      this.#events.splice(0, this.#head);
      this.#head = 0;
    }
    return chronological(batch);
  }

  /** Takes the messages of the waiting records up to `seq` (included) out of the queue. */
  takeThrough(seq: number): string[] {
    const out: string[] = [];
    while (this.#head < this.#events.length && (this.#events[this.#head] as QueuedEvent).seq <= seq) {
      const e = this.#events[this.#head++] as QueuedEvent;
      this.#chars -= e.chars;
      out.push(e.message);
    }
    return out;
  }

  // UTF-8 bytes of a record, measured once, when it is first batched; an oversize record is
  // truncated to fit `maxEventBytes` then, counted in `truncated`.
  #sizeOf(e: QueuedEvent): number {
    if (e.bytes < 0) {
      e.bytes = utf8Bytes(e.message);
      if (e.bytes + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes > this.#config.maxEventBytes) {
        e.message = truncateRecord(e.message, this.#config.maxEventBytes);
        e.bytes = utf8Bytes(e.message);
        this.#counters.truncated++;
      }
    }
    return e.bytes;
  }
}
