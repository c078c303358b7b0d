import { InvalidOptionsError } from './errors.js';

/** Options for {@link sanitize}. */
export interface SanitizeOptions {
  /** Longest result, in UTF-16 code units before the marker; `Infinity` keeps everything. @default 100 */
  readonly maxLength?: number;
}

// ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-char escapes.
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes text safe to print on one line: ANSI escape sequences removed, CR, LF, tab and every other
 * control character escaped (`\n`, `\u001b`, ...), so user input cannot forge a log line or recolour
 * a terminal. Leaves printable text, emoji and other scripts as they are.
 *
 * @example
 * ```ts
 * escapeControlCharacters('a\nb\u001b[31m'); // 'a\\nb'
 * ```
 */
export function escapeControlCharacters(text: string): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; without ESC or CSI the regex removes nothing
  const stripped = text.includes('\u001b') || text.includes('\u009b') ? text.replace(ANSI, '') : text;
  CONTROL.lastIndex = 0;
  return CONTROL.test(stripped) ? stripped.replace(CONTROL, escapeControl) : stripped;
}

/**
 * Truncates `text` to at most `maxLength` code units (never splitting a surrogate pair) and appends
 * a marker that gives the original length. Text within the limit is returned as it is.
 */
export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : cut(text, maxLength, text.length);
}

function cut(text: string, maxLength: number, total: number): string {
  let end = Math.min(maxLength, text.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…[truncated, ${total} chars in all]`;
}

/**
 * Sanitises user input before it is logged, as the spec asks: control characters escaped, ANSI
 * sequences removed, long input truncated with a marker. Non-string input is turned into a string.
 *
 * @throws {InvalidOptionsError} when `maxLength` is not a positive number.
 * @example
 * ```ts
 * logger.info('User search', { query: sanitize(req.query.q), query_length: String(req.query.q).length });
 * ```
 */
export function sanitize(input: unknown, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? 100;
  if (typeof maxLength !== 'number' || Number.isNaN(maxLength) || maxLength < 1) {
    throw new InvalidOptionsError('maxLength', `expected a number >= 1 (or Infinity), got ${String(maxLength)}`);
  }
  let text: string;
  try {
    text = String(input);
  } catch {
    text = '[unprintable]';
  }
  // Escaping can only lengthen text (apart from ANSI sequences), so a bounded head is enough. (Known
  // limit: a head made mostly of ANSI sequences can show fewer than maxLength characters.)
  const bound = maxLength * 8 + 64;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: a bound on work; same result but for the limit above
  const head = text.length > bound ? text.slice(0, bound) : text;
  const escaped = escapeControlCharacters(head);
  return escaped.length <= maxLength && head === text ? escaped : cut(escaped, maxLength, text.length);
}
