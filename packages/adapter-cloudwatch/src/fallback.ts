import { writeSync } from 'node:fs';
import { Redactor } from '@dashtam/logger-protocol';
import type { FallbackDestination } from './options.js';

/**
 * The spec's "fallback to console": JSON lines on stderr (or another destination), written
 * synchronously so they survive an exit right after. Never throws.
 */
const reportRedactor = new Redactor();

export class FallbackWriter {
  readonly #destination: FallbackDestination;
  readonly #reported = new Set<string>();

  constructor(destination: FallbackDestination) {
    this.#destination = destination;
  }

  /** Writes records (JSON lines without newline). */
  records(lines: readonly string[]): void {
    if (lines.length > 0) this.#write(`${lines.join('\n')}\n`);
  }

  /**
   * Reports one of the adapter's own failures, once per `key` until {@link FallbackWriter.resetReports}
   * (a recovery): an outage is one line, not one per retry.
   */
  report(key: string, message: string, fields: Record<string, unknown> = {}): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    let line: string;
    try {
      // A report quotes errors (an SDK error naming a proxy URL with credentials): redacted.
      line = JSON.stringify(
        {
          timestamp: new Date().toISOString(),
          level: 'error',
          message,
          source: 'dashtam-cloudwatch-adapter',
          ...fields,
        },
        (_key, value: unknown) => (typeof value === 'string' ? reportRedactor.redactString(value) : value),
      );
    } catch {
      line = JSON.stringify({ level: 'error', message, source: 'dashtam-cloudwatch-adapter' });
    }
    this.#write(`${line}\n`);
  }

  resetReports(): void {
    this.#reported.clear();
  }

  #write(chunk: string): void {
    try {
      const d = this.#destination;
      if (typeof d === 'number') writeAllSync(d, chunk);
      else d.write(chunk);
    } catch {
      // The fallback is the last resort; if it fails there is nowhere left.
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));
const EAGAIN_GIVE_UP_MS = 30_000;

/**
 * Writes the whole chunk to a file descriptor, retrying partial writes; on EAGAIN (stderr is often
 * a non-blocking pipe) it waits 1 ms and retries, for up to 30 s, so fallback lines survive a slow
 * reader and an exit right after. The same loop as the console adapter's writer: the dependency
 * rules keep adapters from importing each other, and the protocol package takes no builtins.
 */
function writeAllSync(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  let offset = 0;
  let waitedMs = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || waitedMs >= EAGAIN_GIVE_UP_MS) throw e;
      Atomics.wait(pause, 0, 0, 1);
      waitedMs++;
    }
  }
}
