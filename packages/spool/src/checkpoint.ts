import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The checkpoint file's name in a spool directory. */
export const CHECKPOINT_FILE = 'checkpoint';

/**
 * How far a directory's records are done (accepted by the backend, or handed to the fallback):
 * every record before block `offset` of `segment`, and the first `skip` records of that block.
 */
export interface Position {
  readonly segment: number;
  readonly offset: number;
  readonly skip: number;
}

/** The checkpoint of `dir`; the start of segment `first` when it has none (or an unreadable one). */
export function readCheckpoint(dir: string, first: number): Position {
  try {
    const [segment, offset, skip] = readFileSync(join(dir, CHECKPOINT_FILE), 'latin1').trim().split(' ').map(Number);
    if ([segment, offset, skip].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      return { segment: segment as number, offset: offset as number, skip: skip as number };
    }
  } catch {
    // None yet.
  }
  return { segment: first, offset: 0, skip: 0 };
}

// A checkpoint is one fixed-width line written over itself at offset 0: a write of 64 bytes
// within one page is never half seen (a rename per batch cost more than the rest of the
// checkpoint's work together on an overlay filesystem).
const WIDTH = 64;

/** The checkpoint file of one directory, kept open: each write replaces the last. */
export class CheckpointFile {
  readonly #dir: string;
  #fd: number | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Writes `at` (throws what the file system throws: the directory is gone, the disk full). */
  write(at: Position): void {
    if (this.#fd === undefined) this.#fd = openSync(join(this.#dir, CHECKPOINT_FILE), 'w');
    const line = `${at.segment} ${at.offset} ${at.skip}`.padEnd(WIDTH - 1, ' ');
    writeSync(this.#fd, `${line}\n`, 0, 'latin1');
  }

  /** Closes the file. */
  close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Gone already.
    }
    this.#fd = undefined;
  }
}
