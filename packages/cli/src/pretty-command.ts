import type { Readable, Writable } from 'node:stream';
import { LinePrinter, type LinePrinterOptions } from './line-printer.js';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './line-reader.js';
import { write } from './output.js';

/**
 * `dashtam-logs pretty`: reads lines from `input` until it ends and prints each record in the
 * console adapter's pretty format; lines that are not records pass through (escaped unless `raw`);
 * a line longer than `maxLine` bytes is cut there, never read whole into memory.
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
  // Ctrl-C (with stdin a terminal, or a producer that lingers): stop at the next chunk.
  for await (const line of readLines(input, options.maxLine ?? DEFAULT_MAX_LINE_BYTES, signal)) {
    const text = printer.print(line.text, line.cutBytes);
    if (text !== undefined) await write(out, text);
  }
}
