// What `tail` asks CloudWatch to filter (FilterLogEvents `filterPattern`), so a wide window
// downloads the matching events only. The pattern is a superset of what the flags keep: every
// event it lets through is checked again here (record-filter.ts) with the exact rules, since
// CloudWatch's comparisons are not ours in every case. A condition CloudWatch cannot express
// exactly is left to that check alone, never sent approximately in a way that could drop a match.
//
// The JSON pattern syntax (AWS, "Filter pattern syntax": `{ $.level = "error" }`, `&&`, `||`,
// parentheses): selectors name properties of letters, digits, `-` and `_`; strings in double
// quotes, where a `*` at either end is a wildcard; numbers compare as numbers; `IS TRUE`,
// `IS FALSE`, `IS NULL`. No escape inside a quoted string is documented.

import type { LogLevel } from '@dashtam/logger-protocol';
import { isLevelEnabled, LOG_LEVELS } from '@dashtam/logger-protocol/internal';
import { UsageError } from './errors.js';
import type { GrepCondition } from './record-filter.js';

/** Longest pattern FilterLogEvents accepts. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** What the server-side pattern is built from. */
export interface FilterPatternOptions {
  readonly level?: LogLevel;
  readonly traceId?: string;
  readonly grep?: readonly GrepCondition[];
  /** `--filter-pattern`: sent as is; a JSON pattern is joined with `&&` to the flags' conditions. */
  readonly filterPattern?: string;
}

const SELECTOR_NAME = /^[A-Za-z0-9_-]+$/;
// A value CloudWatch would read as something else, or that cannot be quoted: a double quote or a
// backslash (no documented escape), a `*` (wildcard), control characters, nothing at all, a
// `%...%` (regular expression), or JSON text of an object or array (a selector must reach a value).
const NOT_QUOTABLE = /["\\*\u0000-\u001f\u007f]|^$|^%.*%$|^[[{]/s;

/**
 * The JSON condition for `--grep key=value`: true where the field's string form (a string as is,
 * anything else as JSON) is `value`; undefined when CloudWatch cannot express that exactly.
 *
 * @example
 * ```ts
 * grepCondition({ key: 'status_code', value: '409' }); // '($.status_code = "409") || ($.status_code = 409)'
 * grepCondition({ key: 'note', value: 'say "hi"' }); // undefined: checked here only
 * ```
 */
export function grepCondition({ key, value }: GrepCondition): string | undefined {
  if (!SELECTOR_NAME.test(key) || NOT_QUOTABLE.test(value)) return undefined;
  const field = `$.${key}`;
  const alternatives = [`${field} = "${value}"`];
  const number = Number(value);
  if (/^-?\d/.test(value) && Number.isFinite(number) && JSON.stringify(number) === value) {
    // A number whose JSON is `value` (409, not 409.0). Exponents are left to the check here: the
    // documentation does not promise them in every place.
    if (/e/i.test(value)) return undefined;
    alternatives.push(`${field} = ${value}`);
  }
  if (value === 'true') alternatives.push(`${field} IS TRUE`);
  if (value === 'false') alternatives.push(`${field} IS FALSE`);
  if (value === 'null') alternatives.push(`${field} IS NULL`);
  return alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(${a})`).join(' || ');
}

/** The condition for `--level L`: `level` is L or above, as dashtam writes it (lower case). */
export function levelCondition(level: LogLevel): string {
  return LOG_LEVELS.filter((l) => isLevelEnabled(l, level))
    .map((l) => `($.level = "${l}")`)
    .join(' || ');
}

function isJsonPattern(pattern: string): boolean {
  const p = pattern.trim();
  return p.startsWith('{') && p.endsWith('}');
}

/**
 * The `filterPattern` to send for these flags, or undefined for none: `--level`, `--trace-id` and
 * each `--grep` CloudWatch can express, joined with `&&` in one JSON pattern; with
 * `--filter-pattern` alone, that pattern as is; with both, a JSON `--filter-pattern` and the flags'
 * conditions joined with `&&`.
 *
 * @throws {UsageError} when `--filter-pattern` is not a JSON pattern (terms, a regular expression,
 * space-delimited fields) and flags add conditions: CloudWatch cannot join the two kinds; or when
 * the result is longer than CloudWatch accepts.
 * @example
 * ```ts
 * serverFilterPattern({ level: 'error' }, 'tail'); // '{ ($.level = "error") || ($.level = "critical") }'
 * ```
 */
export function serverFilterPattern(options: FilterPatternOptions, command = 'tail'): string | undefined {
  const conditions: string[] = [];
  if (options.level !== undefined) conditions.push(levelCondition(options.level));
  if (options.traceId !== undefined) conditions.push(`$.trace_id = "${options.traceId}"`);
  for (const grep of options.grep ?? []) {
    const condition = grepCondition(grep);
    if (condition !== undefined) conditions.push(condition);
  }
  const raw = options.filterPattern;
  if (raw !== undefined && conditions.length > 0 && !isJsonPattern(raw)) {
    throw new UsageError(
      `--filter-pattern ${JSON.stringify(raw)} is not a JSON pattern ({ ... }), so it cannot be joined with --level, --trace-id or --grep, which are sent as one; accepted: a JSON pattern such as '{ $.status_code >= 500 }', or --filter-pattern without those flags`,
      command,
    );
  }
  let pattern: string | undefined;
  if (conditions.length === 0) pattern = raw;
  else {
    const all = raw === undefined ? conditions : [raw.trim().slice(1, -1).trim(), ...conditions];
    pattern = all.length === 1 ? `{ ${all[0]} }` : `{ ${all.map((c) => `(${c})`).join(' && ')} }`;
  }
  if (pattern !== undefined && pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new UsageError(
      `the filter pattern for CloudWatch is ${pattern.length} characters long; accepted: at most ${MAX_FILTER_PATTERN_LENGTH} (shorten --filter-pattern or use fewer --grep)`,
      command,
    );
  }
  return pattern;
}
