/**
 * A `Retry-After` header as a delay in ms: delta-seconds or an HTTP-date (RFC 9110 §10.2.3, all
 * three date forms), never below 0; anything else (a negative or fractional number, a date in
 * another shape) is ignored, as the header is advice.
 */

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const CLOCK = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850 form. */
const GMT_DATE = new RegExp(`^(?:${DAY}, \\d{2} ${MONTH} \\d{4}|${LONG_DAY}, \\d{2}-${MONTH}-\\d{2}) ${CLOCK} GMT$`);
/** asctime (`Sun Nov  6 08:49:37 1994`), which is GMT without saying so. */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} (?: \\d|\\d{2}) ${CLOCK} \\d{4}$`);

/**
 * The delay a `Retry-After` value asks for, in ms, or undefined when there is none or it cannot be read.
 *
 * @example
 * ```ts
 * parseRetryAfter('120'); // 120000
 * parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT'); // 0 (a date in the past)
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let time = Number.NaN;
  if (GMT_DATE.test(text)) time = Date.parse(text);
  else if (ASCTIME.test(text)) time = Date.parse(`${text} GMT`);
  return Number.isNaN(time) ? undefined : Math.max(0, time - now);
}
