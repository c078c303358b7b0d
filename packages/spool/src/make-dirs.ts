import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes `path` and its missing parents, as `mkdirSync(path, { recursive: true })` does, but tries
 * each level at most twice. Node's recursive mkdir spins forever (synchronously, at full CPU) where
 * mkdir answers ENOENT although the parent exists: procfs and sysfs do (`LOG_SPOOL_DIR=/proc/x`
 * hung the process in `getLogger()`, Node 20 and 22). Throws what mkdir throws (EEXIST when a
 * file is in the way).
 */
export function makeDirs(path: string): void {
  try {
    mkdirSync(path);
    return;
  } catch (error) {
    const parent = dirname(path);
    if (isDirectory(path, error)) return;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw error;
    makeDirs(parent);
  }
  try {
    mkdirSync(path);
  } catch (error) {
    if (!isDirectory(path, error)) throw error;
  }
}

// True when mkdir failed because a directory is there already (made meanwhile by another process).
function isDirectory(path: string, error: unknown): boolean {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
