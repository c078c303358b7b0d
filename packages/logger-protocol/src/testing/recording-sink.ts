// A sink that keeps records in memory, and a logger writing to one, for tests.
import type { LogSink, SinkStats } from '../log-sink.js';
import { Logger } from '../logger.js';
import type { LoggerOptions } from '../logger-options.js';
import type { LogLevel, LogRecord } from '../record-schema.js';

/**
 * A sink that keeps its records in memory, for unit tests of code that takes a `LoggerProtocol`
 * (the spec's mock-protocol pattern, but asserting on the records a real logger writes:
 * redaction, trace id and serialisation included). Every logger bound from the logger over it
 * records into the same list.
 *
 * @example
 * ```ts
 * const sink = new RecordingSink();
 * new RegisterUserHandler(new Logger({ sink })).handle(cmd);
 * expect(sink.find('User registered')?.user_id).toBe('123');
 * ```
 */
export class RecordingSink implements LogSink {
  readonly name = 'recording';
  readonly #lines: string[] = [];
  #flushes = 0;
  #closed = false;

  write(line: string): void {
    this.#lines.push(line);
  }

  flush(): Promise<void> {
    this.#flushes++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  /** `written`: records so far; `flushes`: flush() calls; `closed`: 1 once close() was called. */
  stats(): SinkStats {
    return { written: this.#lines.length, flushes: this.#flushes, closed: this.#closed ? 1 : 0 };
  }

  /** Every record written so far, parsed. */
  get records(): LogRecord[] {
    return this.#lines.map((line) => JSON.parse(line) as LogRecord);
  }

  /** The raw JSON lines, as a console sink would write them. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The first record with this message, if any. */
  find(message: string): LogRecord | undefined {
    return this.records.find((r) => r.message === message);
  }

  /** Every record at `level`. */
  atLevel(level: LogLevel): LogRecord[] {
    return this.records.filter((r) => r.level === level);
  }

  /** Forgets every record. */
  clear(): void {
    this.#lines.length = 0;
  }
}

/**
 * A {@link Logger} over a fresh {@link RecordingSink}: the records of `logger` and of every logger
 * bound from it are in `sink`.
 *
 * @example
 * ```ts
 * const { logger, sink } = recordingLogger({ level: 'info' });
 * logger.bind({ user_id: 'u-1' }).info('User registered');
 * expect(sink.find('User registered')?.user_id).toBe('u-1');
 * ```
 */
export function recordingLogger(options: Omit<LoggerOptions, 'sink'> = {}): { logger: Logger; sink: RecordingSink } {
  const sink = new RecordingSink();
  return { logger: new Logger({ ...options, sink }), sink };
}
