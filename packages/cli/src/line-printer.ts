import { PrettyRenderer } from '@dashtam/adapter-console/internal';
import { escapeLine } from './line-escape.js';
import { cutText } from './line-reader.js';
import { isMetricDocument } from './metric-documents.js';
import { isFiltering, matches, parseRecord, type RecordFilterOptions } from './record-filter.js';

/** How lines are printed. */
export interface LinePrinterOptions extends RecordFilterOptions {
  /** Print record lines as they are (JSON) instead of pretty. @default false */
  readonly json?: boolean;
  /** ANSI colours in the pretty format. @default false */
  readonly colors?: boolean;
  /** Drop lines that are not records when a filter is set (CloudWatch); else they pass through. @default false */
  readonly dropOthersWhenFiltering?: boolean;
  /**
   * Print lines that are not records as they are. By default their control, bidirectional and
   * zero-width characters are shown escaped (`\u001b`), so a line cannot drive the terminal.
   * @default false
   */
  readonly raw?: boolean;
  /**
   * Longest line (or event message) printed whole, in bytes; a longer one is cut there and shown
   * as a line that is not a record, ending with `… [cut: N bytes]`. @default 1 MiB
   */
  readonly maxLine?: number;
}

/**
 * Turns one input line into the text to print (with its newline), or undefined to drop it: a
 * record in the console adapter's pretty format (or as is with `json`), anything else with its
 * control, bidirectional and zero-width characters escaped (as it is with `raw`).
 *
 * @example
 * ```ts
 * const printer = new LinePrinter({ level: 'warning' });
 * printer.print('{"timestamp":"2025-11-13T19:00:00.123Z","level":"error","message":"x","trace_id":"t"}');
 * ```
 */
export class LinePrinter {
  readonly #options: LinePrinterOptions;
  readonly #renderer: PrettyRenderer;
  readonly #filtering: boolean;

  constructor(options: LinePrinterOptions = {}) {
    this.#options = options;
    this.#renderer = new PrettyRenderer(options.colors ?? false);
    this.#filtering = isFiltering(options);
  }

  /**
   * `line`, or the start of a line of which `cutBytes` more bytes were cut off; with `stream`, the
   * line names it: `[stream] ` before it, or an `@logStream` field first in a JSON record.
   */
  print(line: string, cutBytes = 0, stream?: string): string | undefined {
    const parsed = cutBytes > 0 ? undefined : parseRecord(line);
    // Stream names may hold any character but ':' and '*': shown escaped, like a line.
    const prefix = stream === undefined ? '' : `[${escapeLine(stream)}] `;
    if (parsed === undefined) {
      if (this.#filtering && (this.#options.dropOthersWhenFiltering || isMetricDocument(line))) return undefined;
      const cut = cutBytes > 0 ? ` … [cut: ${cutBytes} bytes]` : '';
      return `${prefix}${this.#options.raw === true ? line : escapeLine(line)}${cut}\n`;
    }
    if (!matches(parsed, this.#options)) return undefined;
    if (this.#options.json) {
      // Still one JSON line: the field the CloudWatch Logs Insights names the stream with.
      if (stream === undefined) return `${line}\n`;
      return `${line.replace('{', `{"@logStream":${JSON.stringify(stream)},`)}\n`;
    }
    return `${prefix}${this.#renderer.render(line, parsed.level, parsed.time)}\n`;
  }

  /**
   * A CloudWatch event's message (whole in memory): judged as a record on all of it, so a record
   * the filter matches is printed whatever its size; its pretty form is cut at `maxLine` bytes,
   * and with `json` it is printed whole (a cut JSON line is not JSON). A message that is not a
   * record is cut as an input line is.
   */
  printMessage(message: string, maxLine: number, stream?: string): string | undefined {
    const parsed = parseRecord(message);
    if (parsed === undefined) {
      const cut = cutText(message, maxLine);
      return this.print(cut.text, cut.cutBytes, stream);
    }
    if (!matches(parsed, this.#options)) return undefined;
    const whole = this.print(message, 0, stream);
    if (whole === undefined || this.#options.json) return whole;
    const cut = cutText(whole.slice(0, -1), maxLine);
    return cut.cutBytes === 0 ? whole : `${cut.text} … [cut: ${cut.cutBytes} bytes]\n`;
  }
}

/**
 * Whether to colour output: never with `NO_COLOR` (non-empty), always with `FORCE_COLOR` (non-empty,
 * not 0), else only on a terminal.
 */
export function useColors(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTty;
}
