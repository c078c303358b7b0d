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

/** The counters delivery's parts add to; `buffered` is computed when stats are read. */
export type DeliveryCounters = { -readonly [K in Exclude<keyof CloudWatchStats, 'buffered'>]: number };

/** All counters at zero. */
export function newCounters(): DeliveryCounters {
  return { enqueued: 0, delivered: 0, batches: 0, retries: 0, rejected: 0, truncated: 0, overflowed: 0, fallback: 0 };
}
