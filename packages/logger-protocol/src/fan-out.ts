import { InvalidOptionsError, SinkFailedError } from './errors.js';
import { parseLogLevel } from './levels.js';
import { isLogSink, type LogSink, type SinkStats } from './log-sink.js';
import { LOG_LEVEL_VALUES, type LogLevel } from './record-schema.js';
import { reportFailure } from './report-failure.js';

/** One output of a {@link fanOut}: a sink, or a sink with its own minimum level and name. */
export type FanOutEntry =
  | LogSink
  | {
      readonly sink: LogSink;
      /** Records below this level do not reach this sink. @default the sink's own level, or every level */
      readonly level?: LogLevel | string;
      /** The key of this sink's counters in `stats()`. @default the sink's `name` (`console`, `cloudwatch`; a second of one kind is `console_2`), else `sink` */
      readonly name?: string;
    };

interface Output {
  readonly sink: LogSink;
  name: string;
  readonly explicitName: boolean;
  readonly minimum: number;
  failedWrites: number;
  failing: boolean;
}

const noLevel = Number.NEGATIVE_INFINITY;

/**
 * One record, several outputs: JSON on stdout for the platform's agent *and* CloudWatch, or a
 * console for humans at `info` and CloudWatch at `debug`. Each output has its own minimum level.
 * Outputs are isolated: a sink whose `write` throws is counted (`failed_writes`), reported once
 * per failure streak, and the record it refused is written to stderr instead (the fallback); the
 * others still get the record. `flush()` and `close()` run on every sink at once: a slow backend
 * never holds back another output's writes or flush, and a sink whose flush rejects does not keep
 * the others from flushing. The fan-out's own promise settles when every sink's has (a sink's
 * flush must settle: the console's at once, CloudWatch's within its `flushTimeout`).
 *
 * @throws {InvalidOptionsError} when an entry is not a sink, or a level or name is invalid.
 * @example
 * ```ts
 * const sink = fanOut(new ConsoleSink({ format: 'json' }), { sink: new CloudWatchSink({ logGroup }), level: 'info' });
 * const logger = new Logger({ sink, level: 'debug' });
 * ```
 */
export function fanOut(...entries: readonly FanOutEntry[]): LogSink {
  return new FanOutSink(entries);
}

class FanOutSink implements LogSink {
  readonly name = 'fan_out';
  readonly level: LogLevel;
  readonly #outputs: readonly Output[];

  constructor(entries: readonly FanOutEntry[]) {
    if (entries.length === 0) {
      throw new InvalidOptionsError('sinks', 'fanOut needs at least one sink');
    }
    const names = new Set<string>();
    this.#outputs = entries.map((entry, i) => {
      const output = toOutput(entry, i);
      if (names.has(output.name)) {
        if (output.explicitName) {
          throw new InvalidOptionsError(
            `sinks[${i}].name`,
            `two outputs are named ${JSON.stringify(output.name)}; give each a name of its own`,
          );
        }
        // Two sinks of one kind (two consoles): the second is `console_2`.
        let n = 2;
        while (names.has(`${output.name}_${n}`)) n++;
        output.name = `${output.name}_${n}`;
      }
      names.add(output.name);
      return output;
    });
    const lowest = Math.min(...this.#outputs.map((o) => o.minimum));
    this.level = lowest === noLevel ? 'debug' : levelOf(lowest);
  }

  write(line: string, level: LogLevel, time: number): void {
    const value = LOG_LEVEL_VALUES[level];
    for (const output of this.#outputs) {
      if (value < output.minimum) continue;
      try {
        output.sink.write(line, level, time);
        output.failing = false;
      } catch (e) {
        output.failedWrites++;
        if (!output.failing) {
          output.failing = true;
          reportFailure(new SinkFailedError(output.name, e), 'dashtam sink failed');
        }
        // The record is not lost: it goes to the fallback (stderr), counted in failed_writes.
        writeFallback(line);
      }
    }
  }

  flush(): Promise<void> {
    return this.#all((sink) => sink.flush());
  }

  close(): Promise<void> {
    return this.#all((sink) => sink.close());
  }

  stats(): SinkStats {
    // A null prototype: an output named `__proto__` is a counter like any other.
    const out: Record<string, SinkStats> = Object.create(null);
    for (const output of this.#outputs) {
      let own: SinkStats = {};
      try {
        own = output.sink.stats?.() ?? {};
      } catch (e) {
        reportFailure(new SinkFailedError(output.name, e), 'dashtam sink failed');
      }
      out[output.name] = { ...own, failed_writes: output.failedWrites };
    }
    return out;
  }

  async #all(action: (sink: LogSink) => Promise<void>): Promise<void> {
    await Promise.all(
      this.#outputs.map(async (output) => {
        try {
          await action(output.sink);
        } catch (e) {
          reportFailure(new SinkFailedError(output.name, e), 'dashtam sink failed');
        }
      }),
    );
  }
}

function toOutput(entry: FanOutEntry, index: number): Output {
  const where = `sinks[${index}]`;
  const sink = entry !== null && typeof entry === 'object' && 'sink' in entry && !isLogSink(entry) ? entry.sink : entry;
  if (!isLogSink(sink)) {
    throw new InvalidOptionsError(
      where,
      'expected a LogSink (write(line, level, time), flush() and close()) or { sink, level?, name? }',
    );
  }
  const given = entry === sink ? undefined : (entry as { level?: LogLevel | string }).level;
  const own = sink.level === undefined ? noLevel : levelValue(sink.level, `${where}.sink.level`);
  const chosen = given === undefined ? noLevel : levelValue(given, `${where}.level`);
  const explicit = entry === sink ? undefined : (entry as { name?: unknown }).name;
  const name = explicit ?? sink.name ?? 'sink';
  if (typeof name !== 'string' || name === '') {
    throw new InvalidOptionsError(`${where}.name`, `expected a non-empty string, got ${String(name)}`);
  }
  return {
    sink,
    name,
    explicitName: explicit !== undefined,
    minimum: Math.max(own, chosen),
    failedWrites: 0,
    failing: false,
  };
}

function levelValue(level: unknown, option: string): number {
  try {
    return LOG_LEVEL_VALUES[parseLogLevel(level)];
  } catch (e) {
    throw new InvalidOptionsError(option, (e as Error).message, { cause: e });
  }
}

// A record a sink refused, on stderr as one JSON line: the last resort, which must not throw.
function writeFallback(line: string): void {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // Nowhere left to write to; the failure is counted and was reported.
  }
}

function levelOf(value: number): LogLevel {
  return (Object.keys(LOG_LEVEL_VALUES) as LogLevel[]).find((l) => LOG_LEVEL_VALUES[l] === value) ?? 'debug';
}
