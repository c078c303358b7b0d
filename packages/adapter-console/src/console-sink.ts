import { isatty } from 'node:tty';
import type { LogLevel, LogSink, SinkStats } from '@dashtam/logger-protocol';
import { type InternalErrorHandler, reportFailure } from '@dashtam/logger-protocol/internal';
import { EmfSummaryRenderer } from './emf-summary.js';
import { InvalidConsoleOptionsError } from './errors.js';
import { type ConsoleDestination, LineWriter } from './line-writer.js';
import { PrettyRenderer } from './pretty-renderer.js';

/** The output formats. */
export const ConsoleFormat = {
  /** Coloured, human-readable lines for development (rendered by tslog). */
  Pretty: 'pretty',
  /** One JSON object per line, for testing and CI. */
  Json: 'json',
  /**
   * For a metrics sink in development: each line written is a CloudWatch EMF document (as
   * `EmfMetrics` writes them), shown as one short summary line in the pretty records' shape
   * (time, `[METRICS ]`, namespace, dimensions, each metric with its value or count, min, mean and
   * max, and unit). Lines that are not EMF documents are written as they are.
   */
  EmfSummary: 'emf-summary',
} as const;
export type ConsoleFormat = (typeof ConsoleFormat)[keyof typeof ConsoleFormat];

/** What a user may pass to a {@link ConsoleSink}. All optional. */
export interface ConsoleSinkOptions {
  /** @default 'json' */
  readonly format?: ConsoleFormat;
  /**
   * Where lines go: a stream-like `{ write(chunk) }` or a file descriptor. `process.stdout` and
   * `process.stderr` are written through their descriptors (1 and 2), synchronously, so lines
   * still buffered at `process.exit` are not lost in a pipe. @default 1 (stdout)
   */
  readonly destination?: ConsoleDestination;
  /** Colour the pretty and emf-summary formats. @default true when the destination is a TTY */
  readonly colors?: boolean;
  /**
   * Characters buffered before a write; 0 writes every line at once. Buffered lines are written on
   * `flushDelay` at the latest, on `flush()`, and at exit. @default 16384 for json, 0 for the others
   */
  readonly bufferSize?: number;
  /**
   * Longest time, in ms, a buffered line waits before it is written; 0 writes on the next turn of
   * the event loop. A busy service then writes one chunk per `bufferSize` characters instead of one
   * per turn. Lines still buffered at `process.exit` are written by the exit hook. @default 10
   */
  readonly flushDelay?: number;
  /** Where the sink's own failures (a closed stdout) go. @default one redacted JSON line on stderr */
  readonly onError?: InternalErrorHandler;
}

/** The resolved, defaulted form of {@link ConsoleSinkOptions}. */
export interface ConsoleSinkConfig {
  readonly format: ConsoleFormat;
  readonly destination: ConsoleDestination;
  readonly colors: boolean;
  readonly bufferSize: number;
  readonly flushDelay: number;
}

/** Validates and defaults the console-specific options. @throws {InvalidConsoleOptionsError} */
export function resolveConsoleSinkConfig(options: ConsoleSinkOptions = {}): ConsoleSinkConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConsoleOptionsError('options', 'expected an object (or nothing)');
  }
  const format = options.format ?? ConsoleFormat.Json;
  if (format !== 'json' && format !== 'pretty' && format !== 'emf-summary') {
    throw new InvalidConsoleOptionsError(
      'format',
      `expected "pretty", "json" or "emf-summary", got ${JSON.stringify(format)}`,
    );
  }
  const given = options.destination ?? 1;
  const destination = given === process.stdout ? 1 : given === process.stderr ? 2 : given;
  const isFd = typeof destination === 'number' && Number.isInteger(destination) && destination >= 0;
  if (!isFd && (destination === null || typeof destination !== 'object' || typeof destination.write !== 'function')) {
    throw new InvalidConsoleOptionsError(
      'destination',
      'expected an object with a write(chunk) method or a file descriptor',
    );
  }
  const bufferSize = options.bufferSize ?? (format === 'json' ? 16384 : 0);
  if (!Number.isInteger(bufferSize) || bufferSize < 0) {
    throw new InvalidConsoleOptionsError('bufferSize', `expected an integer >= 0, got ${String(bufferSize)}`);
  }
  if (options.colors !== undefined && typeof options.colors !== 'boolean') {
    throw new InvalidConsoleOptionsError('colors', `expected a boolean, got ${typeof options.colors}`);
  }
  const isTty = isFd ? isatty(destination) : (destination as { isTTY?: unknown }).isTTY === true;
  const flushDelay = options.flushDelay ?? 10;
  if (!Number.isInteger(flushDelay) || flushDelay < 0 || flushDelay > 60_000) {
    throw new InvalidConsoleOptionsError(
      'flushDelay',
      `expected an integer from 0 to 60000 (ms), got ${String(options.flushDelay)}`,
    );
  }
  return { format, destination, colors: options.colors ?? isTty, bufferSize, flushDelay };
}

const reportConsoleFailure = (error: unknown): void => reportFailure(error, 'dashtam console sink failed');

/**
 * The console sink: pretty coloured output for development, one JSON line per record for testing
 * and CI. It writes to its destination directly (never through `console.log`), buffering JSON
 * lines and writing them out when `bufferSize` is reached, after `flushDelay`, on `flush()`, and at process
 * exit. A `Logger` over it gives the records their schema, redaction and trace id.
 *
 * @example
 * ```ts
 * const logger = new Logger({ sink: new ConsoleSink({ format: 'json' }), level: 'info' });
 * logger.bind({ request_path: '/users' }).info('User registered', { user_id: '123' });
 * await logger.flush();
 * ```
 */
export class ConsoleSink implements LogSink {
  readonly name = 'console';
  readonly #writer: LineWriter;
  readonly #settings: ConsoleSinkConfig;
  readonly #renderer: PrettyRenderer | EmfSummaryRenderer | undefined;
  #written = 0;

  /** @throws {InvalidConsoleOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: ConsoleSinkOptions = {}) {
    const settings = resolveConsoleSinkConfig(options);
    if (options.onError !== undefined && typeof options.onError !== 'function') {
      throw new InvalidConsoleOptionsError('onError', `expected a function, got ${typeof options.onError}`);
    }
    this.#writer = new LineWriter(
      settings.destination,
      settings.bufferSize,
      options.onError ?? reportConsoleFailure,
      settings.flushDelay,
    );
    this.#renderer =
      settings.format === 'pretty'
        ? new PrettyRenderer(settings.colors)
        : settings.format === 'emf-summary'
          ? new EmfSummaryRenderer(settings.colors)
          : undefined;
    this.#settings = settings;
  }

  /** The resolved console settings. */
  get settings(): ConsoleSinkConfig {
    return this.#settings;
  }

  write(line: string, level: LogLevel, time: number): void {
    this.#written++;
    this.#writer.write(this.#renderer === undefined ? line : this.#renderer.render(line, level, time));
  }

  /** Writes out every buffered line. Resolves once they are handed to the destination. */
  flush(): Promise<void> {
    this.#writer.flushSync();
    return Promise.resolve();
  }

  /** Flushes; later records are still written, unbuffered, so nothing is lost. */
  close(): Promise<void> {
    this.#writer.close();
    return Promise.resolve();
  }

  /** `written`: records taken so far; `lost`: those the destination refused (reported through `onError`). */
  stats(): SinkStats {
    return { written: this.#written, lost: this.#writer.lost };
  }
}
