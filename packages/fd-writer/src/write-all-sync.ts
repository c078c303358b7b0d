import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FdWriteTimeoutError, InvalidFdWriterOptionsError } from './errors.js';

/** What a user may pass to {@link writeAllSync}. */
export interface WriteAllSyncOptions {
  /**
   * How long the descriptor may accept nothing (EAGAIN, or a write of 0 bytes) before the call
   * gives up with {@link FdWriteTimeoutError}, in milliseconds. Any progress starts the count
   * again, so a slow reader gets everything and only a reader that stopped reading costs this long.
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/** The default of {@link WriteAllSyncOptions.timeoutMs}: 30 s. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** What the write loop needs from the system; tests pass their own to script EAGAIN and time. */
export interface WriteSystem {
  write(fd: number, bytes: Uint8Array, offset: number, length: number): number;
  now(): number;
  sleep(ms: number): void;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

const nodeSystem: WriteSystem = {
  write: (fd, bytes, offset, length) => writeSync(fd, bytes, offset, length),
  now: () => performance.now(),
  // A synchronous 1 ms pause: the caller is inside a synchronous write (often an `exit` listener).
  sleep: (ms) => {
    Atomics.wait(pause, 0, 0, ms);
  },
};

/**
 * Writes the whole chunk to a file descriptor before returning. Partial writes are continued where
 * they stopped. A non-blocking pipe whose reader is slower than the writer (what stdout and stderr
 * are once Node has touched them) answers EAGAIN: the call waits 1 ms and tries again rather than
 * drop the rest, and gives up only when the descriptor has accepted nothing for `timeoutMs`. This is
 * what makes lines written at `process.exit()` arrive in full.
 *
 * Throws {@link FdWriteTimeoutError} on that give-up, the system error for any other failure
 * (`EBADF`, `EPIPE`, ...), and {@link InvalidFdWriterOptionsError} for a bad `timeoutMs`.
 *
 * @example
 * ```ts
 * import { writeAllSync } from '@dashtam/fd-writer';
 *
 * process.on('exit', () => writeAllSync(1, `${lines.join('\n')}\n`));
 * writeAllSync(2, 'fallback line\n', { timeoutMs: 5_000 });
 * ```
 */
export function writeAllSync(fd: number, chunk: string | Uint8Array, options?: WriteAllSyncOptions): void {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) {
    throw new InvalidFdWriterOptionsError(
      'timeoutMs',
      `expected a number of milliseconds >= 0, got ${String(timeoutMs)}`,
    );
  }
  writeAllWith(nodeSystem, fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, timeoutMs);
}

/** The loop of {@link writeAllSync}, on any {@link WriteSystem}. */
export function writeAllWith(system: WriteSystem, fd: number, bytes: Uint8Array, timeoutMs: number): void {
  let offset = 0;
  // When the descriptor last accepted a byte, or undefined while it keeps accepting.
  let stalledSince: number | undefined;
  while (offset < bytes.length) {
    let written = 0;
    let refusal: unknown;
    try {
      written = system.write(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      refusal = e;
    }
    if (written > 0) {
      offset += written;
      stalledSince = undefined;
      continue;
    }
    const now = system.now();
    stalledSince ??= now;
    if (now - stalledSince >= timeoutMs) {
      throw new FdWriteTimeoutError(fd, offset, bytes.length, timeoutMs, refusal);
    }
    system.sleep(1);
  }
}
