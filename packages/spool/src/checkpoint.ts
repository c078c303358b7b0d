import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** Writes the checkpoint of `dir` so that a reader sees the old one or the new one, never half. */
export function writeCheckpoint(dir: string, at: Position): void {
  const file = join(dir, CHECKPOINT_FILE);
  writeFileSync(`${file}.tmp`, `${at.segment} ${at.offset} ${at.skip}\n`);
  renameSync(`${file}.tmp`, file);
}
