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

/**
 * Every non-empty line of `text`, parsed as JSON: how tests read what a sink or a process wrote.
 * With `mixed`, lines that do not start with `{` are skipped (a process's stdout or stderr, where
 * Node's warnings or a progress line may stand between the records); a line that starts with `{`
 * must still parse, so a torn record fails the test.
 */
export function parseJsonLines(text: string, options: { readonly mixed?: boolean } = {}): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => (options.mixed === true ? line.startsWith('{') : line !== ''))
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
