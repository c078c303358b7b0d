/**
 * Secrets written as `key=value` or `key: value` inside free text: `password=hunter2`,
 * `token: abc`, `Authorization: Basic dXNlcjpwYXNz`, `"api_key": "abc"`, and query parameters
 * (`?access_token=abc&X-Amz-Signature=...`). The key is judged by the same rules as object keys;
 * only the value is replaced, so the text still says what was there.
 */

// A key (optionally quoted) followed by `=`, `:`, `=>` or `:=`. It starts at a word start so that
// `13T19:00` or `a.b.c=` inside a longer token is not taken apart.
const KEY = /(?<![\w.-])(["']?)([A-Za-z_][\w.-]{0,63})\1[ \t]{0,4}(?:=>|:=|[:=])[ \t]{0,4}/g;
const SCHEME = /^(?:Basic|Bearer|Digest|Negotiate|Token|NTLM|AWS4-HMAC-SHA256)[ \t]+/i;
// Where an unquoted value ends.
const VALUE_END = /[\s"'&,;<>)\]}]/;

/** True when `text` may hold a key-value fragment at all (a cheap check before the scan). */
export function mayHoldKeyValue(text: string): boolean {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a prefilter; scanning more strings changes nothing
  return text.includes('=') || text.includes(':');
}

/**
 * `text` with the values of secret keys replaced by `censor(value)`.
 *
 * @param isSecretKey the key classifier (cached by the caller)
 * @param censor the replacement for one value
 */
export function redactKeyValues(
  text: string,
  isSecretKey: (key: string) => boolean,
  censor: (value: string) => string,
): string {
  KEY.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let m = KEY.exec(text); m !== null; m = KEY.exec(text)) {
    const key = m[2] as string;
    const start = m.index + m[0].length;
    if (!isSecretKey(key)) continue;
    const [valueStart, valueEnd] = valueSpan(text, start);
    if (valueEnd <= valueStart) continue;
    out += text.slice(copied, valueStart) + censor(text.slice(valueStart, valueEnd));
    copied = valueEnd;
    KEY.lastIndex = valueEnd;
  }
  return out + text.slice(copied);
}

/** The value after a separator: inside quotes when quoted, else up to a delimiter, scheme included. */
function valueSpan(text: string, start: number): [number, number] {
  const q = text[start];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, start + 1);
    // Stryker disable next-line EqualityOperator: the closing quote is never at 0, it comes after the opening one
    return [start + 1, close < 0 ? text.length : close];
  }
  let i = start;
  const scheme = SCHEME.exec(text.slice(start, start + 40));
  if (scheme !== null) i += scheme[0].length;
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined and slices the same text
  while (i < text.length && !VALUE_END.test(text[i] as string)) i++;
  return [start, i];
}
