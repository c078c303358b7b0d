import type { LogRecord } from '../record-schema.js';

/** What {@link capturedOutput} returns: a destination to pass where output goes, and what it got. */
export interface CapturedOutput {
  /** Pass it as a console destination (`configureContainer({ destination })`, `new ConsoleSink(...)`). */
  readonly destination: { write(chunk: string): void };
  /** Everything written, as one string. */
  text(): string;
  /** Every non-empty line written, parsed as a JSON record. */
  records(): LogRecord[];
  /** Every non-empty line written, parsed as JSON (for lines that are not records: fallback reports). */
  lines(): Record<string, unknown>[];
}

/** Every non-empty line of `text`, parsed as JSON: how tests read what a sink or a process wrote. */
export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * An in-memory output for tests that read what a console sink (or the container's console logger)
 * really wrote: JSON lines, parsed.
 *
 * @example
 * ```ts
 * const out = capturedOutput();
 * configureContainer({ env: { ENVIRONMENT: 'testing' }, destination: out.destination });
 * getLogger().info('hello');
 * await flushLogs();
 * expect(out.records()[0]?.message).toBe('hello');
 * ```
 */
export function capturedOutput(): CapturedOutput {
  const chunks: string[] = [];
  const text = () => chunks.join('');
  return {
    destination: { write: (chunk: string) => void chunks.push(chunk) },
    text,
    records: () => parseJsonLines(text()) as LogRecord[],
    lines: () => parseJsonLines(text()),
  };
}
