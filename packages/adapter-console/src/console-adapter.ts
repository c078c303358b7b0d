import { isatty } from 'node:tty';
import {
  type LogLevel,
  type ManagedLogger,
  RecordLogger,
  type RecordLoggerOptions,
  type RecordSink,
  reportToStderr,
} from '@dashtam/logger-protocol';
import { InvalidConsoleOptionsError } from './errors.js';
import { type ConsoleDestination, LineWriter } from './line-writer.js';
import { PrettyRenderer } from './pretty-renderer.js';

/** The two output formats. */
export const ConsoleFormat = {
  /** Coloured, human-readable lines for development (rendered by tslog). */
  Pretty: 'pretty',
  /** One JSON object per line, for testing and CI. */
  Json: 'json',
} as const;
export type ConsoleFormat = (typeof ConsoleFormat)[keyof typeof ConsoleFormat];

/**
 * What a user may pass to a {@link ConsoleAdapter}. All optional; the logger options
 * (`level`, `traceContext`, `clock`, `redaction`, `limits`, `onError`) are those of
 * `@dashtam/logger-protocol`'s RecordLogger.
 */
export interface ConsoleAdapterOptions extends Omit<RecordLoggerOptions, 'sink'> {
  /** @default 'json' */
  readonly format?: ConsoleFormat;
  /**
   * Where lines go: a stream-like `{ write(chunk) }` or a file descriptor. `process.stdout` and
   * `process.stderr` are written through their descriptors (1 and 2), synchronously, so lines
   * still buffered at `process.exit` are not lost in a pipe. @default 1 (stdout)
   */
  readonly destination?: ConsoleDestination;
  /** Colour the pretty format. @default true when the destination is a TTY */
  readonly colors?: boolean;
  /**
   * Characters buffered before a write; 0 writes every line at once. Buffered lines are written on
   * the next turn of the event loop, on `flush()`, and at exit. @default 16384 for json, 0 for pretty
   */
  readonly bufferSize?: number;
}

/** The resolved, defaulted form of {@link ConsoleAdapterOptions}. */
export interface ConsoleAdapterConfig {
  readonly format: ConsoleFormat;
  readonly destination: ConsoleDestination;
  readonly colors: boolean;
  readonly bufferSize: number;
}

/** Validates and defaults the console-specific options. @throws {InvalidConsoleOptionsError} */
export function resolveConsoleAdapterConfig(options: ConsoleAdapterOptions = {}): ConsoleAdapterConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConsoleOptionsError('options', 'expected an object (or nothing)');
  }
  const format = options.format ?? ConsoleFormat.Json;
  if (format !== 'json' && format !== 'pretty') {
    throw new InvalidConsoleOptionsError('format', `expected "pretty" or "json", got ${JSON.stringify(format)}`);
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
  return { format, destination, colors: options.colors ?? isTty, bufferSize };
}

class JsonSink implements RecordSink {
  constructor(readonly writer: LineWriter) {}
  write(line: string): void {
    this.writer.write(line);
  }
}

class PrettySink implements RecordSink {
  readonly #renderer: PrettyRenderer;
  constructor(
    readonly writer: LineWriter,
    colors: boolean,
  ) {
    this.#renderer = new PrettyRenderer(colors);
  }
  write(line: string, level: LogLevel, time: number): void {
    this.writer.write(this.#renderer.render(line, level, time));
  }
}

/**
 * The console adapter: pretty coloured output for development, one JSON line per record for
 * testing and CI, both with the shared record schema, redaction and trace id. It writes to its
 * destination directly (never through `console.log`), buffering JSON lines and writing them out
 * on the next turn of the event loop, on `flush()`, and at process exit.
 *
 * @example
 * ```ts
 * const logger = new ConsoleAdapter({ format: 'json', level: 'info', traceContext: getTraceId });
 * logger.bind({ request_path: '/users' }).info('User registered', { user_id: '123' });
 * await logger.flush();
 * ```
 */
export class ConsoleAdapter extends RecordLogger implements ManagedLogger {
  readonly #writer: LineWriter;
  readonly #settings: ConsoleAdapterConfig;

  constructor(options: ConsoleAdapterOptions = {}) {
    const settings = resolveConsoleAdapterConfig(options);
    const writer = new LineWriter(settings.destination, settings.bufferSize, options.onError ?? reportToStderr);
    const sink = settings.format === 'pretty' ? new PrettySink(writer, settings.colors) : new JsonSink(writer);
    super({ ...options, sink });
    this.#writer = writer;
    this.#settings = settings;
  }

  /** The resolved console settings. */
  get settings(): ConsoleAdapterConfig {
    return this.#settings;
  }

  /** Writes out every buffered line. Resolves once they are handed to the destination. */
  flush(): Promise<void> {
    this.#writer.flushSync();
    return Promise.resolve();
  }

  /** Flushes; later calls still write, unbuffered, so nothing is lost. */
  close(): Promise<void> {
    this.#writer.close();
    return Promise.resolve();
  }
}
