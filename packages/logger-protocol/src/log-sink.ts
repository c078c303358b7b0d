import type { LogLevel } from './record-schema.js';

/**
 * A sink's counters (records written, delivered, sent to a fallback, ...), by name. A sink made of
 * other sinks (`fanOut`) nests theirs under each one's name.
 */
export type SinkStats = { readonly [counter: string]: number | SinkStats };

/**
 * The output port: where a {@link Logger} puts finished records. Console, CloudWatch, a test's
 * memory and `fanOut` are sinks; a logger and every logger bound from it write to one sink.
 *
 * A sink receives each record as one line of JSON (no newline), already redacted and safe, its
 * level and its epoch-milliseconds time. `write` must neither throw nor wait on I/O: a sink that
 * talks to a network buffers and sends off the call path. What a sink cannot deliver it hands to
 * a fallback and counts; it never drops a record silently.
 *
 * @example
 * ```ts
 * class LinesSink implements LogSink {
 *   readonly lines: string[] = [];
 *   write(line: string): void { this.lines.push(line); }
 *   flush(): Promise<void> { return Promise.resolve(); }
 *   close(): Promise<void> { return Promise.resolve(); }
 * }
 * const logger = new Logger({ sink: new LinesSink() });
 * ```
 */
export interface LogSink {
  /** Takes one finished record. Never throws, never blocks on I/O. */
  write(line: string, level: LogLevel, time: number): void;
  /** Resolves once every record written before the call is delivered or handed to a fallback. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and releases resources; records written afterwards still reach an output. Never rejects. */
  close(): Promise<void>;
  /** Counters, when the sink keeps any. */
  stats?(): SinkStats;
  /** The lowest level this sink writes; a logger over it does not build records below it. @default every level */
  readonly level?: LogLevel;
  /** A short name (`console`, `cloudwatch`): the key of this sink's counters inside a fan-out. */
  readonly name?: string;
}

/** True when `value` has the three methods every sink has (the logger and `fanOut` check their sinks with it). */
export function isLogSink(value: unknown): value is LogSink {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as LogSink).write === 'function' &&
    typeof (value as LogSink).flush === 'function' &&
    typeof (value as LogSink).close === 'function'
  );
}
