import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBlock, parsePayload, recordText, type SpoolRecord } from './frame.js';
import { I, type SharedState } from './shared-state.js';

/** Coalescing bounds, as the console sink's: a kill loses at most this window. */
export const COALESCE_MS = 10;
export const COALESCE_CHARS = 16 * 1024;
// The largest distance from a block's base time written (a 31-bit integer).
const MAX_DELTA = 2 ** 31 - 1;

/** The file name of segment `n`. */
export function segmentName(n: number): string {
  return `${String(n).padStart(8, '0')}.seg`;
}

/** The segment number of a file name, or undefined when it is not a segment. */
export function segmentNumber(name: string): number | undefined {
  return /^\d{8}\.seg$/.test(name) ? Number(name.slice(0, 8)) : undefined;
}

/**
 * The main thread's side of the spool: records are appended to a string (the call does nothing
 * else), written to the current segment as one block every {@link COALESCE_MS} ms or
 * {@link COALESCE_CHARS} characters, and the shipper is told through the shared memory. A write
 * that fails (disk full, the file gone) hands the block's records to `onFailure` and the writer
 * takes no more: the sink goes back to its in-memory path.
 */
export class SegmentWriter {
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #state: SharedState;
  readonly #onFailure: (error: unknown, records: SpoolRecord[]) => void;
  #pending = '';
  #pendingRecords = 0;
  #timer: NodeJS.Timeout | undefined;
  #fd: number;
  #segment: number;
  #offset = 0;
  #failed = false;
  // The base time of the block being gathered (its first record's).
  #base = 0;
  // The bytes of the block being written, reused from block to block.
  #scratch = Buffer.allocUnsafe(64 * 1024);

  /** Opens segment `first` in `dir` (throws what `openSync` throws). */
  constructor(
    dir: string,
    first: number,
    segmentBytes: number,
    state: SharedState,
    onFailure: (error: unknown, records: SpoolRecord[]) => void,
  ) {
    this.#dir = dir;
    this.#segmentBytes = segmentBytes;
    this.#state = state;
    this.#onFailure = onFailure;
    this.#segment = first;
    this.#fd = openSync(join(dir, segmentName(first)), 'wx');
    Atomics.store(state.ints, I.committed, 0);
    Atomics.store(state.ints, I.segment, first);
  }

  /** False once a write failed: the caller keeps the record elsewhere. */
  get ok(): boolean {
    return !this.#failed;
  }

  /** Adds a record to the next block. False (nothing kept) once a write failed. */
  append(line: string, level: string, time: number): boolean {
    if (this.#failed) return false;
    // A time that is not a finite date (a broken clock) would make the whole block unreadable
    // (torn, every record coalesced with it lost): it is kept with the time it arrived instead.
    const at = Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? time : Date.now();
    // Times are written as their distance from the block's first: a block starts afresh when one
    // is too far (more than 24 days) for the small-integer fast path.
    if (this.#pendingRecords === 0) this.#base = at;
    let delta = at - this.#base;
    if (delta > MAX_DELTA || delta < -MAX_DELTA) {
      this.flushSync();
      if (this.#failed) return false;
      this.#base = at;
      delta = 0;
    }
    this.#pending += recordText(line, level, delta | 0);
    this.#pendingRecords++;
    if (this.#pending.length >= COALESCE_CHARS) this.flushSync();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flushSync();
      }, COALESCE_MS);
      this.#timer.unref();
    }
    return true;
  }

  /** Writes the block that is being gathered, now. */
  flushSync(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pendingRecords === 0 || this.#failed) return;
    const payload = this.#pending;
    const records = this.#pendingRecords;
    this.#pending = '';
    this.#pendingRecords = 0;
    // A UTF-16 unit takes at most 3 UTF-8 bytes; 64 bytes hold the header.
    const need = payload.length * 3 + 64;
    if (this.#scratch.length < need) this.#scratch = Buffer.allocUnsafe(Math.max(need, 2 * this.#scratch.length));
    const block = encodeBlock(payload, records, this.#scratch, this.#base);
    try {
      if (this.#offset >= this.#segmentBytes) this.#rotate();
      this.#offset += writeAll(this.#fd, block);
    } catch (error) {
      this.#failed = true;
      // What part of the block was written is cut off again: its records go back to the sink, and
      // the reader (this process's, or an adopter's) must not count them torn.
      try {
        ftruncateSync(this.#fd, this.#offset);
      } catch {
        // Left as it is: read as a torn block.
      }
      this.#onFailure(error, parsePayload(payload, this.#base) ?? []);
      return;
    }
    const ints = this.#state.ints;
    Atomics.store(ints, I.committed, this.#offset);
    Atomics.add(ints, I.written, 1);
    Atomics.notify(ints, I.written);
  }

  /** Takes no more records: `append` returns false from now on. */
  disable(): void {
    this.#failed = true;
  }

  /** Writes what is gathered and closes the file; `append` returns false from now on. */
  close(): void {
    this.flushSync();
    this.#failed = true;
    try {
      closeSync(this.#fd);
    } catch {
      // Closed already, or the disk went away: nothing more to write anyway.
    }
  }

  // The reader sees `committed` drop to 0 before `segment` moves on, so it never reads the new
  // segment with the old one's length.
  #rotate(): void {
    const next = this.#segment + 1;
    const fd = openSync(join(this.#dir, segmentName(next)), 'wx');
    closeSync(this.#fd);
    this.#fd = fd;
    this.#segment = next;
    this.#offset = 0;
    Atomics.store(this.#state.ints, I.committed, 0);
    Atomics.store(this.#state.ints, I.segment, next);
  }
}

// writeSync may write less than asked (a full disk part way): the rest is written, or it throws.
function writeAll(fd: number, bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const n = writeSync(fd, bytes, at, bytes.length - at);
    if (n === 0) throw Object.assign(new Error('no byte written (disk full?)'), { code: 'ENOSPC' });
    at += n;
  }
  return bytes.length;
}
