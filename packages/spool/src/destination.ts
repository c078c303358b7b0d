import type { SpoolRecord } from './frame.js';

/** Records of one batch that can never be shipped, and why (they go to the fallback, counted). */
export interface Refused {
  readonly lines: readonly string[];
  /** A short reason: `too_old`, `too_new`, `rejected: 400 ...`. */
  readonly reason: string;
  /** True when the backend refused them (counted in `rejected` as well as `fallback`). */
  readonly byBackend: boolean;
  /**
   * How many of `lines` were refused, when the backend says how many but not which (an OTLP
   * `partial_success`): all `lines` go to the fallback, this many are counted refused, the rest
   * shipped. @default lines.length
   */
  readonly counted?: number;
}

/** What shipping a batch came to. */
export type ShipResult =
  /**
   * The first `consumed` records of the batch are done: accepted, or in `refused`. A destination
   * may take fewer than it was given (a batch must not span two days, say); the rest come again.
   */
  | {
      readonly kind: 'done';
      readonly consumed: number;
      readonly refused?: readonly Refused[];
      readonly truncated?: number;
    }
  /** It may pass later (throttling, 5xx, the network): the same records come again after a backoff, or `afterMs`. */
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number };

/**
 * Where a spool's records go: the network half of a sink, run by the shipper in a worker thread.
 * `ship` is given records oldest first and the destination their directory's owner recorded
 * (another process's group and stream, or resource, when they are replayed). Records of a gone
 * process come with `replayed` true: the destination marks them so (`"replayed": true`), since
 * they may have reached the backend before. `ship` must not throw.
 */
export interface Destination {
  /** Records and approximate characters per call to `ship`. */
  readonly maxRecords: number;
  readonly maxChars: number;
  /** How long a record of this process may wait for a fuller batch. */
  readonly flushIntervalMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /**
   * Batches that may be in flight at once (their checkpoints still move in order). Only for a
   * destination whose `done` always consumes the whole batch. @default 1
   */
  readonly concurrency?: number;
  ship(
    records: readonly SpoolRecord[],
    destination: Readonly<Record<string, unknown>>,
    replayed: boolean,
  ): Promise<ShipResult>;
  /** Releases clients and sockets. */
  close?(): void | Promise<void>;
}

/** A JSON object line with `"replayed": true` added (other lines as they are). */
export function markReplayed(line: string): string {
  if (line.length < 2 || line.charCodeAt(line.length - 1) !== 0x7d || line.charCodeAt(0) !== 0x7b) return line;
  return line.length === 2 ? '{"replayed":true}' : `${line.slice(0, -1)},"replayed":true}`;
}
