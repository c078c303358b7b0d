import type { LogLevel } from '../levels.js';
import type { LogRecord } from '../record.js';
import { RecordLogger, type RecordLoggerOptions, type RecordSink } from '../record-logger.js';

/** Options for a {@link RecordingLogger}: those of a RecordLogger, without the sink. */
export type RecordingLoggerOptions = Omit<RecordLoggerOptions, 'sink'>;

class MemorySink implements RecordSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

/**
 * A real logger that keeps its records in memory, for unit tests of code that takes a
 * `LoggerProtocol` (the spec's mock-protocol pattern, but asserting on the records a real adapter
 * would write: redaction, trace id and serialisation included). Loggers bound from it record into
 * the same list.
 *
 * @example
 * ```ts
 * const logger = new RecordingLogger();
 * new RegisterUserHandler(logger).handle(cmd);
 * expect(logger.find('User registered')?.user_id).toBe('123');
 * ```
 */
export class RecordingLogger extends RecordLogger {
  readonly #sink: MemorySink;

  constructor(options: RecordingLoggerOptions = {}) {
    const sink = new MemorySink();
    super({ ...options, sink });
    this.#sink = sink;
  }

  /** Every record written so far (by this logger and every logger bound from it), parsed. */
  get records(): LogRecord[] {
    return this.#sink.lines.map((line) => JSON.parse(line) as LogRecord);
  }

  /** The raw JSON lines, as an adapter would write them. */
  get lines(): readonly string[] {
    return this.#sink.lines;
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
    this.#sink.lines.length = 0;
  }
}
