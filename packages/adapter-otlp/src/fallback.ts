import { writeAllSync } from '@dashtam/fd-writer';
import { Redactor } from '@dashtam/logger-protocol';
import type { FallbackDestination } from './options.js';

const reportRedactor = new Redactor();

/**
 * The spec's "fallback to console": JSON lines on stderr (or another destination), written
 * synchronously through `@dashtam/fd-writer` so they survive an exit right after. Never throws.
 */
export class FallbackWriter {
  readonly #destination: FallbackDestination;
  readonly #reported = new Set<string>();

  constructor(destination: FallbackDestination) {
    this.#destination = destination;
  }

  /** Writes record lines (JSON without newline) as they are. */
  records(lines: readonly string[]): void {
    if (lines.length > 0) this.#write(`${lines.join('\n')}\n`);
  }

  /**
   * Reports one of the sink's own failures, once per `key` until {@link FallbackWriter.resetReports}
   * (an export got through): an outage is one line, not one per retry.
   */
  report(key: string, message: string, fields: Record<string, unknown> = {}): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    let line: string;
    try {
      // A report quotes errors (a URL with credentials, a header echoed by a proxy): redacted.
      line = JSON.stringify(
        { timestamp: new Date().toISOString(), level: 'error', message, source: 'dashtam-otlp-adapter', ...fields },
        (_key, value: unknown) => (typeof value === 'string' ? reportRedactor.redactString(value) : value),
      );
    } catch {
      line = JSON.stringify({ level: 'error', message, source: 'dashtam-otlp-adapter' });
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
