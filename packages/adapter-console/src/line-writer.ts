import { writeAllSync } from '@dashtam/fd-writer';
import type { InternalErrorHandler } from '@dashtam/logger-protocol';

/** Where console output goes: anything with a `write(chunk)` method, or a file descriptor. */
export type ConsoleDestination = { write(chunk: string): unknown } | number;

const live = new Set<WeakRef<LineWriter>>();
// A writer dropped without close() leaves its WeakRef behind; the registry removes it.
const forget = new FinalizationRegistry<WeakRef<LineWriter>>((ref) => live.delete(ref));
let exitHookInstalled = false;

function flushAllOnExit(): void {
  for (const ref of live) ref.deref()?.flushSync();
}

/**
 * Buffers lines and writes them in chunks: when the buffer reaches `bufferSize` characters, after
 * `flushDelay` ms (0: on the next turn of the event loop), on `flushSync()`, and at process exit (one shared `exit` hook), so
 * a line handed to it is never lost when the process ends. `bufferSize` 0 writes each line at once.
 */
export class LineWriter {
  readonly #destination: ConsoleDestination;
  readonly #bufferSize: number;
  readonly #onError: InternalErrorHandler;
  readonly #ref = new WeakRef(this);
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
    live.add(this.#ref);
    forget.register(this, this.#ref, this.#ref);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', flushAllOnExit);
    }
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
    live.delete(this.#ref);
    forget.unregister(this.#ref);
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
