// The memory the spool's writer (the main thread) and its shipper (a worker thread) share: where
// the writer has written to, how far the shipper has shipped, the signals between them, and the
// counters `stats()` reads. No message passes on the log call's path.

/** Int32 slots, read and written with Atomics. */
export const I = {
  /** The segment the writer appends to. */
  segment: 0,
  /** Bytes written to that segment and visible to the reader (set to 0 before `segment` moves on). */
  committed: 1,
  /** Bumped after every write: the shipper waits on it. */
  written: 2,
  /** The segment of the shipper's checkpoint in the writer's own directory. */
  shippedSegment: 3,
  /** The offset of that checkpoint (a block boundary: everything before it is shipped or handed over). */
  shippedOffset: 4,
  /** Bumped after every checkpoint: the writer's flush and exit wait on it. */
  shipped: 5,
  /** Flushes waiting (the shipper sends what it has at once while one waits). */
  flushing: 6,
  /** 1 once the process is exiting: ship the writer's own records first, at once. */
  exiting: 7,
  /** 1 when the shipper should stop (the sink is closing). */
  stop: 8,
  /** 1 while the backend fails (the shipper retries): a flush does not wait then. */
  failing: 9,
} as const;
const INT_SLOTS = 10;

/** Float64 counters, written by one side only. */
export const F = {
  /** Records appended to the spool (writer), less those handed back to the sink (a write failed, the worker gave up). */
  spooled: 0,
  /** Records of this process the backend accepted (shipper). */
  shipped: 1,
  /** Records of a gone process the backend accepted, marked replayed (shipper). */
  replayed: 2,
  /** Records handed to the fallback by the shipper (rejected, too old, spool over its bound). */
  fallback: 3,
  /** Of those, refused by the backend. */
  rejected: 4,
  /** Of those, the oldest unsent records dropped from a spool over `maxBytes`. */
  overflowed: 5,
  /** Records lost in torn blocks (a write cut short by a kill, bytes changed on disk). */
  torn: 6,
  /** Bytes of the spool's files not yet shipped (shipper, updated as it goes). */
  spoolBytes: 7,
  /** Retries of a request that failed in a way that may pass. */
  retries: 8,
  /** Records truncated to the backend's size limit. */
  truncated: 9,
} as const;
const FLOAT_SLOTS = 10;

/** The shared memory of one spool. */
export interface SharedState {
  readonly ints: Int32Array;
  readonly floats: Float64Array;
}

/** New shared memory, all zero. */
export function newSharedState(): SharedState {
  return {
    ints: new Int32Array(new SharedArrayBuffer(INT_SLOTS * 4)),
    floats: new Float64Array(new SharedArrayBuffer(FLOAT_SLOTS * 8)),
  };
}

/** Whether position (segment a, offset b) is at or past (segment c, offset d). */
export function atOrPast(a: number, b: number, c: number, d: number): boolean {
  return a > c || (a === c && b >= d);
}

/** Adds `n` to counter `index`. */
export function add(floats: Float64Array, index: number, n: number): void {
  floats[index] = (floats[index] as number) + n;
}
