// EMF summaries: a CloudWatch Embedded Metric Format document as one short line for a developer's
// terminal (the console sink's 'emf-summary' format). It reads the document's JSON only: no
// dependency on the metrics packages.
import type { LogLevel } from '@dashtam/logger-protocol';
import { escapeControlCharacters } from '@dashtam/logger-protocol/internal';

const LABEL = 'METRICS';
const LEVEL_WIDTH = 8;
// Short forms of CloudWatch's usual units; Count and None are left out, other units shown as they are.
const UNITS: Readonly<Record<string, string>> = {
  Count: '',
  None: '',
  Microseconds: 'us',
  Milliseconds: 'ms',
  Seconds: 's',
  Bytes: 'B',
  Kilobytes: 'KB',
  Megabytes: 'MB',
  Gigabytes: 'GB',
  Percent: '%',
};

/**
 * Renders EMF documents (one JSON line each, as `EmfMetrics` writes them) as one line each, in the
 * shape of the pretty records beside them: time, `[METRICS ]`, the namespace, the dimensions in
 * braces, then each metric with its unit: a single value as `name=value`, several as their count,
 * minimum, mean and maximum. A line that is not an EMF document is returned as it is (escaped).
 * Every name and value is escaped, so a document cannot start a line that looks like a record.
 *
 * @example
 * ```ts
 * const renderer = new EmfSummaryRenderer(false); // colours off
 * const doc = '{"_aws":{"Timestamp":0,"CloudWatchMetrics":[{"Namespace":"Dashtam/development","Dimensions":[["route"]],"Metrics":[{"Name":"latency","Unit":"Milliseconds"},{"Name":"requests","Unit":"Count"}]}]},"route":"/users/:id","latency":[12,30,18],"requests":3}';
 * renderer.render(doc, 'info', Date.parse('2025-11-13T19:00:00.000Z'));
 * // 2025-11-13T19:00:00.000Z [METRICS ] Dashtam/development {route=/users/:id} latency[ms] n=3 min=12 avg=20 max=30, requests=3
 * ```
 */
export class EmfSummaryRenderer {
  readonly #label: string;

  /** @param colors ANSI colours on (for a terminal) or off. */
  constructor(colors: boolean) {
    this.#label = colors ? `\u001b[1m\u001b[35m${LABEL}\u001b[39m\u001b[22m` : LABEL;
  }

  /**
   * The summary of one EMF document line, without a trailing newline.
   *
   * @param line an EMF document (a JSON object with `_aws.CloudWatchMetrics`)
   * @param _level the level the line was written at (a metrics sink is written at info; not shown)
   * @param time the document's time, in ms since the epoch
   */
  render(line: string, _level: LogLevel, time: number): string {
    const summary = summarizeEmf(line);
    if (summary === undefined) return escapeControlCharacters(line);
    const date = new Date(time);
    const at = Number.isNaN(date.getTime()) ? String(time) : date.toISOString();
    return `${at} [${this.#label}${' '.repeat(LEVEL_WIDTH - LABEL.length)}] ${summary}`;
  }
}

/**
 * The body of an EMF document's summary line: per metric directive, the namespace, the dimensions
 * in braces and the metrics; undefined when `line` is not an EMF document.
 *
 * @example
 * ```ts
 * summarizeEmf('{"_aws":{"Timestamp":0,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"jobs"}]}]},"jobs":3}');
 * // 'N jobs=3'
 * ```
 */
export function summarizeEmf(line: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !isObject(doc._aws) || !Array.isArray(doc._aws.CloudWatchMetrics)) return undefined;
  const parts: string[] = [];
  for (const directive of doc._aws.CloudWatchMetrics) {
    if (!isObject(directive)) continue;
    let text = plain(directive.Namespace);
    const keys = new Set<string>();
    if (Array.isArray(directive.Dimensions)) {
      for (const set of directive.Dimensions) if (Array.isArray(set)) for (const k of set) keys.add(String(k));
    }
    if (keys.size > 0) {
      text += ` {${[...keys].map((k) => `${escapeControlCharacters(k)}=${plain(doc[k])}`).join(' ')}}`;
    }
    const metrics = Array.isArray(directive.Metrics) ? directive.Metrics.filter(isObject) : [];
    const shown = metrics.map((m) => metric(String(m.Name), m.Unit, doc[String(m.Name)]));
    if (shown.length > 0) text += ` ${shown.join(', ')}`;
    parts.push(text);
  }
  return parts.length > 0 ? parts.join(' | ') : undefined;
}

function metric(name: string, unit: unknown, value: unknown): string {
  const short = typeof unit === 'string' ? (UNITS[unit] ?? unit) : '';
  const head = `${escapeControlCharacters(name)}${short === '' ? '' : `[${escapeControlCharacters(short)}]`}`;
  if (!Array.isArray(value)) return `${head}=${number(value)}`;
  if (value.length === 1) return `${head}=${number(value[0])}`;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  // A loop, not Math.min(...): a document may hold more values than a call takes arguments.
  for (const v of value) {
    const n = Number(v);
    if (n < min) min = n;
    if (n > max) max = n;
    sum += n;
  }
  if (value.length === 0) return `${head} n=0`;
  return `${head} n=${value.length} min=${number(min)} avg=${number(sum / value.length)} max=${number(max)}`;
}

// Whole numbers as they are; others to 2 decimals, or 3 significant digits below 1 (a mean of
// 20.17 ms, not 20.166666666666668; 0.000123 s, not 0).
function number(value: unknown): string {
  if (typeof value !== 'number') return plain(value);
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3)));
}

function plain(value: unknown): string {
  return escapeControlCharacters(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
