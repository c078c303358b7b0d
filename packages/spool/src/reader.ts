import { closeSync, fstatSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointFile, type Position, readCheckpoint } from './checkpoint.js';
import { nextBlockAfter, readBlock, recordText, type SpoolRecord } from './frame.js';
import { segmentName, segmentNumber } from './segment-writer.js';

/** How far a live writer has written: the reader stops there. Undefined for a directory whose writer is gone. */
export type WriterLimit = () => { readonly segment: number; readonly committed: number } | undefined;

interface LoadedBlock {
  readonly segment: number;
  readonly offset: number;
  readonly size: number;
  readonly records: readonly SpoolRecord[];
  /** The block's base time (records are written as their distance from it). */
  readonly base: number;
  /** Records of this block already taken. */
  taken: number;
}

/** The segment numbers in `dir`, in order. */
export function segmentsIn(dir: string): number[] {
  try {
    return readdirSync(dir)
      .map(segmentNumber)
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/**
 * Reads one spool directory's records from its checkpoint on, block by block, in order. The
 * shipper looks at what waits ({@link DirReader.peek}), and once the backend took some,
 * {@link DirReader.commit}s them: the checkpoint moves, and segments left behind are deleted. A
 * torn block is skipped and its records counted (`onTorn`); a block cut short at the end of a
 * live writer's segment is only not written yet.
 */
export class DirReader {
  readonly dir: string;
  readonly #limit: WriterLimit;
  readonly #onTorn: (records: number) => void;
  readonly #blocks: LoadedBlock[] = [];
  // Where the next block to load starts.
  #segment: number;
  #offset: number;
  #done: Position;
  // The checkpoint's skip, applied to the block it points at when that block is loaded.
  #resumeSkip: number;
  readonly #checkpoint: CheckpointFile;

  constructor(dir: string, limit: WriterLimit, onTorn: (records: number) => void) {
    this.dir = dir;
    this.#limit = limit;
    this.#onTorn = onTorn;
    const first = segmentsIn(dir)[0] ?? 1;
    this.#done = readCheckpoint(dir, first);
    if (this.#done.segment < first) this.#done = { segment: first, offset: 0, skip: 0 };
    this.#segment = this.#done.segment;
    this.#offset = this.#done.offset;
    this.#resumeSkip = this.#done.skip;
    this.#checkpoint = new CheckpointFile(dir);
  }

  /** Bytes on disk of the records already done in the block the checkpoint points into (its `skip`). */
  get doneBytesInBlock(): number {
    const head = this.#blocks[0];
    if (head === undefined || head.taken === 0) return 0;
    let bytes = 0;
    for (let i = 0; i < head.taken; i++) {
      const r = head.records[i] as SpoolRecord;
      bytes += Buffer.byteLength(recordText(r.line, r.level, r.time - head.base), 'utf8');
    }
    return bytes;
  }

  /** Where the records not yet committed start. */
  get position(): Position {
    return this.#done;
  }

  /**
   * Up to `maxRecords` waiting records (and about `maxBytes` of them, counting each line's length
   * and `overhead`; at least one), oldest first, after the first `skip` waiting ones, with nothing
   * taken. Loads blocks from disk as needed.
   */
  peek(maxRecords: number, maxBytes: number, overhead = 0, skip = 0): SpoolRecord[] {
    const out: SpoolRecord[] = [];
    let bytes = 0;
    let skipping = skip;
    for (let b = 0; out.length < maxRecords && bytes < maxBytes; b++) {
      if (b === this.#blocks.length && !this.#load()) break;
      const block = this.#blocks[b] as LoadedBlock;
      const waiting = block.records.length - block.taken;
      if (skipping >= waiting) {
        skipping -= waiting;
        continue;
      }
      const from = block.taken + skipping;
      skipping = 0;
      for (let i = from; i < block.records.length && out.length < maxRecords; i++) {
        const record = block.records[i] as SpoolRecord;
        const size = record.line.length + overhead;
        if (out.length > 0 && bytes + size > maxBytes) return out;
        bytes += size;
        out.push(record);
      }
    }
    return out;
  }

  /** Marks the first `n` waiting records done and writes the checkpoint. */
  commit(n: number): void {
    let left = n;
    while (left > 0 && this.#blocks.length > 0) {
      const block = this.#blocks[0] as LoadedBlock;
      const take = Math.min(left, block.records.length - block.taken);
      block.taken += take;
      left -= take;
      if (block.taken === block.records.length) this.#blocks.shift();
    }
    const head = this.#blocks[0];
    const at: Position =
      head !== undefined
        ? { segment: head.segment, offset: head.offset, skip: head.taken }
        : { segment: this.#segment, offset: this.#offset, skip: 0 };
    this.#moveTo(at);
  }

  /** True when nothing waits and the writer is gone: every segment was read. */
  exhausted(): boolean {
    return this.#blocks.length === 0 && this.#limit() === undefined && !this.#load();
  }

  /** Closes the checkpoint file (the directory stays). */
  close(): void {
    this.#checkpoint.close();
  }

  /** Deletes the directory (its records are all done). */
  remove(): void {
    this.#checkpoint.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  #moveTo(at: Position): void {
    const before = this.#done;
    this.#done = at;
    if (at.segment === before.segment && at.offset === before.offset && at.skip === before.skip) return;
    this.#checkpoint.write(at);
    // Segments behind the checkpoint are done: deleted when the checkpoint leaves them.
    if (at.segment === before.segment) return;
    for (const n of segmentsIn(this.dir)) {
      if (n < at.segment) rmSync(join(this.dir, segmentName(n)), { force: true });
    }
  }

  // Loads the next blocks of the current segment, moving to the next segment when this one is
  // finished. False when nothing more can be read now.
  #load(): boolean {
    for (;;) {
      const limit = this.#limit();
      if (limit !== undefined && this.#segment > limit.segment) return false;
      const live = limit !== undefined && limit.segment === this.#segment;
      const bytes = this.#read(live ? limit.committed : undefined);
      let at = 0;
      let loaded = false;
      while (at < bytes.length) {
        const found = readBlock(bytes, at);
        if (found.kind === 'block') {
          // The checkpoint's block: its first `skip` records are done already.
          const taken = Math.min(this.#resumeSkip, found.records.length);
          this.#resumeSkip = 0;
          if (taken < found.records.length) {
            this.#blocks.push({
              segment: this.#segment,
              offset: this.#offset + at,
              size: found.size,
              records: found.records,
              base: found.base,
              taken,
            });
            loaded = true;
          }
          at += found.size;
          continue;
        }
        // Cut short at the end of what a live writer has written: not written yet.
        if (found.kind === 'partial' && live) break;
        this.#resumeSkip = 0;
        // Torn: counted and skipped; reading goes on at the next block that checks out (the end
        // of the segment, for a block cut short).
        this.#onTorn(found.kind === 'torn' ? found.records : partialCount(bytes, at));
        at = found.kind === 'partial' ? bytes.length : nextBlockAfter(bytes, at);
      }
      this.#offset += at;
      if (loaded) return true;
      if (live) return false;
      // This segment is finished (the writer moved past it, or is gone): on to the next one.
      const next = segmentsIn(this.dir).find((n) => n > this.#segment);
      if (next === undefined) return false;
      this.#segment = next;
      this.#offset = 0;
      this.#resumeSkip = 0;
    }
  }

  // The bytes of the current segment from the read offset to `end` (or the file's end).
  #read(end: number | undefined): Buffer {
    let fd: number;
    try {
      fd = openSync(join(this.dir, segmentName(this.#segment)), 'r');
    } catch {
      return Buffer.alloc(0);
    }
    try {
      const stop = end ?? fstatSync(fd).size;
      const length = Math.max(0, stop - this.#offset);
      const bytes = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, bytes, got, length - got, this.#offset + got);
        if (n === 0) break;
        got += n;
      }
      return bytes.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }
}

// The records a block cut short claimed in its header (0 when even the header is cut).
function partialCount(bytes: Buffer, at: number): number {
  const head = /^#\d+ [0-9a-f]{8} (\d+)[ \n]/.exec(bytes.toString('latin1', at, Math.min(bytes.length, at + 64)));
  return head === null ? 0 : Number(head[1]);
}
