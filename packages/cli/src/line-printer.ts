import { PrettyRenderer } from '@dashtam/adapter-console/internal';
import { escapeLine } from './line-escape.js';
import { cutText } from './line-reader.js';
import { isMetricDocument } from './metric-documents.js';
import { isFiltering, matches, type ParsedRecord, parseRecord, type RecordFilterOptions } from './record-filter.js';

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
    return parsed === undefined ? this.#other(line, cutBytes, stream) : this.#record(line, parsed, stream);
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
      return this.#other(cut.text, cut.cutBytes, stream);
    }
    const whole = this.#record(message, parsed, stream);
    if (whole === undefined || this.#options.json) return whole;
    const cut = cutText(whole.slice(0, -1), maxLine);
    return cut.cutBytes === 0 ? whole : `${cut.text}${cutMarker(cut.cutBytes)}\n`;
  }

  // A line that is not a record (or was cut before it could be read as one).
  #other(line: string, cutBytes: number, stream: string | undefined): string | undefined {
    if (this.#filtering && (this.#options.dropOthersWhenFiltering || isMetricDocument(line))) return undefined;
    return `${streamPrefix(stream)}${this.#options.raw === true ? line : escapeLine(line)}${cutMarker(cutBytes)}\n`;
  }

  // A record, when the filters match it: as it is with `json`, else pretty.
  #record(line: string, parsed: ParsedRecord, stream: string | undefined): string | undefined {
    if (!matches(parsed, this.#options)) return undefined;
    if (this.#options.json) {
      // Still one JSON line: the field the CloudWatch Logs Insights names the stream with.
      if (stream === undefined) return `${line}\n`;
      return `${line.replace('{', `{"@logStream":${JSON.stringify(stream)},`)}\n`;
    }
    return `${streamPrefix(stream)}${this.#renderer.render(line, parsed.level, parsed.time)}\n`;
  }
}

// Stream names may hold any character but ':' and '*': shown escaped, like a line.
function streamPrefix(stream: string | undefined): string {
  return stream === undefined ? '' : `[${escapeLine(stream)}] `;
}

// What ends a line of which `cutBytes` bytes were cut off (nothing when none were).
function cutMarker(cutBytes: number): string {
  return cutBytes > 0 ? ` … [cut: ${cutBytes} bytes]` : '';
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
