import { InvalidOptionsError } from './errors.js';

/** Bounds of a {@link DebugTailBuffer}. */
export interface DebugTailLimits {
  /** Records held per scope (request); the oldest is evicted past it. @default 100 */
  readonly maxRecords?: number;
  /** Bytes held per scope (the held records' lines, in UTF-16 code units); the oldest is evicted past it. @default 65536 */
  readonly maxBytes?: number;
  /** Records held over all scopes together. @default 10000 */
  readonly maxTotalRecords?: number;
  /** Estimated bytes held over all scopes together. @default 8388608 (8 MiB) */
  readonly maxTotalBytes?: number;
}

/** The counters of a {@link DebugTailBuffer}, in `stats().debug_tail`. */
export interface DebugTailStats {
  /** Records held now, over all open scopes. */
  readonly held_records: number;
  /** Estimated bytes held now. */
  readonly held_bytes: number;
  /** Scopes open now (requests in flight with a tail). */
  readonly open_scopes: number;
  /** Records written because an error came (or the response was a 5xx). */
  readonly flushed: number;
  /** Records let go when their scope ended without an error. */
  readonly dropped: number;
  /** Records let go to stay within a bound (per scope or in total). */
  readonly evicted: number;
}

const DEFAULTS = { maxRecords: 100, maxBytes: 65_536, maxTotalRecords: 10_000, maxTotalBytes: 8_388_608 };

function limit(options: DebugTailLimits, name: keyof DebugTailLimits): number {
  const value = options[name] ?? DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError(
      `debugTail.${name}`,
      `expected a whole number of at least 1, got ${typeof value === 'number' ? value : typeof value}`,
    );
  }
  return value;
}

/**
 * The accounting a buffer's scopes share: what they hold in total, and the counters. Exported from
 * this file for DebugTail's constructor only, not from the package: a scope gets its ledger from
 * {@link DebugTailBuffer.open}, so the buffer's own type is its limits, `open()` and `stats()`.
 */
export class TailLedger {
  readonly limits: Required<DebugTailLimits>;
  records = 0;
  bytes = 0;
  open = 0;
  flushed = 0;
  dropped = 0;
  evicted = 0;

  constructor(limits: Required<DebugTailLimits>) {
    this.limits = limits;
  }

  account(records: number, bytes: number): void {
    this.records += records;
    this.bytes += bytes;
  }

  fits(bytes: number): boolean {
    return this.records < this.limits.maxTotalRecords && this.bytes + bytes <= this.limits.maxTotalBytes;
  }

  count(kind: 'flushed' | 'dropped' | 'evicted', n: number): void {
    if (kind === 'flushed') this.flushed += n;
    else if (kind === 'dropped') this.dropped += n;
    else this.evicted += n;
  }

  closed(): void {
    this.open--;
  }
}

/**
 * Where the records below the active level wait, per scope (request), until the scope ends (then
 * they are dropped) or an error comes (then they are written first, in order). Bounded per scope
 * and in total, in records and estimated bytes: past a bound the scope's oldest record is evicted
 * (counted). Off unless given to the logger; the container builds one for `LOG_DEBUG_TAIL=on`.
 *
 * @example
 * ```ts
 * const tail = new DebugTailBuffer({ maxRecords: 50 });
 * const scope = tail.open(); // one per request, closed when it ends
 * ```
 */
export class DebugTailBuffer {
  readonly limits: Required<DebugTailLimits>;
  readonly #ledger: TailLedger;

  /** @throws {InvalidOptionsError} when a limit is not a whole number of at least 1. */
  constructor(options: DebugTailLimits = {}) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidOptionsError(
        'debugTail',
        'expected an object with maxRecords, maxBytes, maxTotalRecords, maxTotalBytes',
      );
    }
    this.limits = Object.freeze({
      maxRecords: limit(options, 'maxRecords'),
      maxBytes: limit(options, 'maxBytes'),
      maxTotalRecords: limit(options, 'maxTotalRecords'),
      maxTotalBytes: limit(options, 'maxTotalBytes'),
    });
    this.#ledger = new TailLedger(this.limits);
  }

  /** A new, empty scope: hold records in it, then `drain()` it on an error or `close()` it at the end. */
  open<T>(): DebugTail<T> {
    this.#ledger.open++;
    return new DebugTail<T>(this.#ledger);
  }

  /** The counters (a fresh object each time). */
  stats(): DebugTailStats {
    const ledger = this.#ledger;
    return {
      held_records: ledger.records,
      held_bytes: ledger.bytes,
      open_scopes: ledger.open,
      flushed: ledger.flushed,
      dropped: ledger.dropped,
      evicted: ledger.evicted,
    };
  }
}

/** One scope's held records (see {@link DebugTailBuffer.open}). */
export class DebugTail<T> {
  readonly #buffer: TailLedger;
  #items: T[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;
  #closed = false;

  /** Use {@link DebugTailBuffer.open}: the ledger it takes is not exported. */
  constructor(buffer: TailLedger) {
    this.#buffer = buffer;
  }

  /** True once `close()` was called: what comes later is dropped. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Counts a record that came after `close()` as dropped, without holding anything. */
  dropLate(): void {
    this.#buffer.count('dropped', 1);
  }

  /** Records held now. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Holds `item` (estimated at `bytes`), evicting this scope's oldest records to stay within the
   * bounds; a record that cannot fit even then is evicted itself, one that comes after `close()`
   * is dropped.
   */
  hold(item: T, bytes: number): void {
    const buffer = this.#buffer;
    const { maxRecords, maxBytes } = buffer.limits;
    // A record after the scope ended (its response done, no error) is dropped as the scope's were.
    if (this.#closed) {
      buffer.count('dropped', 1);
      return;
    }
    if (bytes > maxBytes) {
      buffer.count('evicted', 1);
      return;
    }
    while (this.size > 0 && (this.size >= maxRecords || this.#bytes + bytes > maxBytes || !buffer.fits(bytes))) {
      this.#evictOldest();
    }
    if (!buffer.fits(bytes)) {
      buffer.count('evicted', 1);
      return;
    }
    this.#items.push(item);
    this.#sizes.push(bytes);
    this.#bytes += bytes;
    buffer.account(1, bytes);
  }

  /** Takes every held record, oldest first, counted as flushed; the scope stays open. */
  drain(): T[] {
    const items = this.#take();
    this.#buffer.count('flushed', items.length);
    return items;
  }

  /** Drops what is held (counted) and closes the scope; later holds are dropped too. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer.count('dropped', this.#take().length);
    this.#buffer.closed();
  }

  #take(): T[] {
    const items = this.#head === 0 ? this.#items : this.#items.slice(this.#head);
    this.#buffer.account(-items.length, -this.#bytes);
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#bytes = 0;
    return items;
  }

  #evictOldest(): void {
    const bytes = this.#sizes[this.#head] ?? 0;
    this.#items[this.#head] = undefined as T;
    this.#head++;
    this.#bytes -= bytes;
    this.#buffer.account(-1, -bytes);
    this.#buffer.count('evicted', 1);
    // Compact now and then so a long scope does not keep a growing dead prefix.
    if (this.#head >= 64 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
  }
}
