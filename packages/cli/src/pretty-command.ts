import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { LinePrinter, type LinePrinterOptions } from './line-printer.js';
import { write } from './output.js';

/**
 * `dashtam-logs pretty`: reads lines from `input` until it ends and prints each record in the
 * console adapter's pretty format; lines that are not records pass through untouched.
 *
 * @example
 * ```ts
 * await runPretty({ level: 'warning', colors: false }, process.stdin, process.stdout, signal);
 * ```
 */
export async function runPretty(
  options: LinePrinterOptions,
  input: Readable,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const printer = new LinePrinter(options);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  // Ctrl-C (with stdin a terminal, or a producer that lingers): stop at the next line boundary.
  signal?.addEventListener('abort', () => lines.close(), { once: true });
  for await (const line of lines) {
    const text = printer.print(line);
    if (text !== undefined) await write(out, text);
  }
}
