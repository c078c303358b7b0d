import type { FallbackDestination } from '@dashtam/fd-writer';
import { writeAllSync } from '@dashtam/fd-writer';
import { onExit } from '@dashtam/fd-writer/internal';
import type { InternalErrorHandler } from '@dashtam/logger-protocol/internal';

/** Where console output goes: anything with a `write(chunk)` method, or a file descriptor (fd-writer's destination type). */
export type ConsoleDestination = FallbackDestination;

/**
 * Buffers lines and writes them in chunks: when the buffer reaches `bufferSize` characters, after
 * `flushDelay` ms (0: on the next turn of the event loop), on `flushSync()`, and at process exit
 * (the exit registry's 'final' phase, after metrics are written and network sinks drained), so a
 * line handed to it is never lost when the process ends. `bufferSize` 0 writes each line at once.
 */
export class LineWriter {
  readonly #destination: ConsoleDestination;
  readonly #bufferSize: number;
  readonly #onError: InternalErrorHandler;
  readonly #forgetAtExit: () => void;
  #buffer = '';
  readonly #flushDelay: number;
  #scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  #closed = false;
  #lost = 0;

  constructor(destination: ConsoleDestination, bufferSize: number, onError: InternalErrorHandler, flushDelay = 0) {
    this.#destination = destination;
    this.#flushDelay = flushDelay;
    this.#bufferSize = bufferSize;
    this.#onError = onError;
    this.#forgetAtExit = onExit('final', this, 'flushSync');
  }

  /** Adds one line (a newline is appended). Never throws. */
  write(line: string): void {
    if (this.#bufferSize === 0 || this.#closed) {
      this.#out(`${line}\n`);
      return;
    }
    this.#buffer += `${line}\n`;
    if (this.#buffer.length >= this.#bufferSize) {
      this.flushSync();
    } else if (this.#scheduled === undefined) {
      const flush = () => {
        this.#scheduled = undefined;
        this.flushSync();
      };
      this.#scheduled = this.#flushDelay === 0 ? setImmediate(flush) : setTimeout(flush, this.#flushDelay);
      this.#scheduled.unref();
    }
  }

  /** Writes out everything buffered, now. */
  flushSync(): void {
    if (this.#scheduled !== undefined) {
      if (this.#flushDelay === 0) clearImmediate(this.#scheduled as NodeJS.Immediate);
      else clearTimeout(this.#scheduled as NodeJS.Timeout);
      this.#scheduled = undefined;
    }
    if (this.#buffer === '') return;
    const chunk = this.#buffer;
    this.#buffer = '';
    this.#out(chunk);
  }

  /** Lines the destination refused (each reported through `onError`). */
  get lost(): number {
    return this.#lost;
  }

  /** Flushes and stops buffering; later lines are written one by one so none is lost. */
  close(): void {
    this.flushSync();
    this.#closed = true;
    this.#forgetAtExit();
  }

  #out(chunk: string): void {
    try {
      const d = this.#destination;
      if (typeof d === 'number') writeAllSync(d, chunk);
      else d.write(chunk);
    } catch (e) {
      const lines = chunk.split('\n').length - 1;
      this.#lost += lines;
      try {
        this.#onError(new Error(`console destination failed; ${lines} line(s) not written`, { cause: e }));
      } catch {
        // onError must not throw.
      }
    }
  }
}
