import { writeAllSync } from './write-all-sync.js';

/**
 * Where output goes: a file descriptor (2 is stderr), written synchronously, or any object with
 * `write(chunk)` (a stream, a test's capture). The adapters' `fallback`/`destination` options and
 * the container's `destination` take it.
 */
export type FallbackDestination = { write(chunk: string): unknown } | number;

/** What a {@link FallbackWriter} tags and cleans its reports with. */
export interface FallbackWriterOptions {
  /** The `source` field of every report, e.g. `dashtam-cloudwatch-adapter`. */
  readonly source: string;
  /**
   * Applied to every string value of a report (the adapters pass their redactor: a report quotes
   * errors, which can hold a URL with credentials or an echoed header). @default none
   */
  readonly redact?: (text: string) => string;
}

/**
 * A network sink's last resort (the spec's "fallback to console"): the records it could not
 * deliver, and reports of its own failures, as JSON lines on stderr or another destination,
 * written synchronously through {@link writeAllSync} so they survive an exit right after. Never
 * throws. The CloudWatch and OTLP adapters both write through it.
 *
 * @example
 * ```ts
 * const fallback = new FallbackWriter(2, { source: 'acme-sink' });
 * fallback.records(['{"level":"info","message":"undelivered"}']);
 * fallback.report('outage', 'acme backend unreachable, records written to stderr', { error: 'ECONNREFUSED' });
 * ```
 */
export class FallbackWriter {
  readonly #destination: FallbackDestination;
  readonly #source: string;
  readonly #redact: ((text: string) => string) | undefined;
  readonly #reported = new Set<string>();

  constructor(destination: FallbackDestination, options: FallbackWriterOptions) {
    this.#destination = destination;
    this.#source = options.source;
    this.#redact = options.redact;
  }

  /** Writes record lines (JSON without newline) as they are. */
  records(lines: readonly string[]): void {
    if (lines.length > 0) this.#write(`${lines.join('\n')}\n`);
  }

  /**
   * Reports one of the sink's own failures, once per `key` until {@link FallbackWriter.resetReports}
   * (a recovery): an outage is one line, not one per retry.
   */
  report(key: string, message: string, fields: Record<string, unknown> = {}): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    const redact = this.#redact;
    let line: string;
    try {
      line = JSON.stringify(
        { timestamp: new Date().toISOString(), level: 'error', message, source: this.#source, ...fields },
        redact === undefined
          ? undefined
          : (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value),
      );
    } catch {
      line = JSON.stringify({ level: 'error', message, source: this.#source });
    }
    this.#write(`${line}\n`);
  }

  /** Lets every kind of report be written once more (after a recovery). */
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
