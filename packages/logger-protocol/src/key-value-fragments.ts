/**
 * Secrets written as `key=value` or `key: value` inside free text: `password=hunter2`,
 * `token: abc`, `Authorization: Bot abc`, `"api_key": "abc"`, `--db-password=abc`,
 * `user[password]=abc`, query parameters (`?access_token=abc&X-Amz-Signature=...`) and cookie
 * headers. The key is judged by the same rules as object keys; only the value is replaced, so the
 * text still says what was there.
 *
 * Where an unquoted value ends is the hard part: passwords hold spaces, `;` and `,`. A value runs
 * to the next `key=value` pair or the end of the line (a closing bracket it did not open ends it
 * too), so a few words after a secret may go with it; a query parameter (after `?` or `&`) ends at
 * whitespace, `&` or `#`, as URLs do. Redacting a little too much is the side to err on.
 */

// A key, bare or quoted (quotes may be backslash-escaped: JSON inside a string), followed by `=`,
// `:`, `=>` or `:=`. It starts at a word start, so `13T19:00` is not taken apart; a key may follow
// `-` (`--password=`).
const KEY =
  /(?<![\w.%\]])(?:\\{0,3}(["'`])([A-Za-z_][\w .[\]%-]{0,127}?)\\{0,3}\1|([A-Za-z_][\w.[\]%-]{0,127}))[ \t]{0,16}(=>|:=|[:=])[ \t]{0,16}/g;
// The start of the next pair after a delimiter, tried where a value might end.
// A separator must be followed by a value (`abc==` padding in base64 is not a pair).
const NEXT_PAIR = /[ \t]*[A-Za-z_][\w.[\]%-]{0,127}[ \t]{0,16}(?:=>|:=|[:=])[ \t]{0,16}[^\s=]/y;
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{', '>': '<' };
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201c': '\u201d',
  '\u2018': '\u2019',
};
// Values that say a secret is absent or how it fared, never a secret themselves.
const NOT_SECRET = new Set([
  'true',
  'false',
  'null',
  'none',
  'nil',
  'undefined',
  'ok',
  'yes',
  'no',
  'empty',
  'missing',
  'unset',
  'expired',
  'invalid',
  'required',
  '[redacted]',
]);
const HEADER_LINE_KEYS = new Set(['cookie', 'setcookie']);

/** True when `text` may hold a key-value fragment at all (a cheap check before the scan). */
export function mayHoldKeyValue(text: string): boolean {
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
    const raw = (m[2] ?? m[3]) as string;
    const start = m.index + m[0].length;
    if (start >= text.length) break;
    const key = decodeKey(raw);
    if (!isSecretKey(key)) continue;
    const inQuery = m[3] !== undefined && m[4] === '=' && (text[m.index - 1] === '?' || text[m.index - 1] === '&');
    const lineValue = HEADER_LINE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
    const [valueStart, valueEnd] = valueSpan(text, start, inQuery, lineValue);
    const value = text.slice(valueStart, valueEnd);
    if (valueEnd <= valueStart || NOT_SECRET.has(value.toLowerCase())) continue;
    out += text.slice(copied, valueStart) + censor(value);
    copied = valueEnd;
    KEY.lastIndex = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// `user%5Bpassword%5D`, `access%5Ftoken`: form keys as browsers send them.
function decodeKey(key: string): string {
  if (!key.includes('%')) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** Where the value after a separator starts and ends. */
function valueSpan(text: string, start: number, inQuery: boolean, lineValue: boolean): [number, number] {
  let i = start;
  while (text[i] === '\\') i++;
  const close = QUOTES[text[i] as string];
  if (close !== undefined) return quotedSpan(text, i, close, i - start);
  const eol = lineEnd(text, start);
  if (lineValue) return [start, trimEnd(text, start, eol)];
  if (inQuery) {
    let j = start;
    while (j < eol && !/[\s&#]/.test(text[j] as string)) j++;
    return [start, j];
  }
  const opened: string[] = [];
  for (let j = start; j < eol; j++) {
    const c = text[j] as string;
    if (c === '(' || c === '[' || c === '{' || c === '<') opened.push(c);
    else if (CLOSERS[c] !== undefined) {
      if (opened.at(-1) !== CLOSERS[c]) return [start, trimEnd(text, start, j)];
      opened.pop();
    } else if (j > start && /[\s&;,]/.test(c)) {
      NEXT_PAIR.lastIndex = j + 1;
      if (NEXT_PAIR.test(text)) return [start, trimEnd(text, start, j)];
    }
  }
  return [start, trimEnd(text, start, eol)];
}

/**
 * Inside quotes: the value ends at the next closing quote preceded by exactly as many backslashes
 * as the opening one (`escapes`: 1 for JSON inside a string), so escaped quotes stay inside.
 */
function quotedSpan(text: string, quoteAt: number, close: string, escapes: number): [number, number] {
  for (let j = quoteAt + 1; j < text.length; j++) {
    if (text[j] !== close) continue;
    let n = 0;
    for (let k = j - 1; k > quoteAt && text[k] === '\\'; k--) n++;
    if (n === escapes) return [quoteAt + 1, j - escapes];
  }
  return [quoteAt + 1, text.length];
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  const ends = [n, r].filter((x) => x >= 0);
  return ends.length === 0 ? text.length : Math.min(...ends);
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] as string)) e--;
  return e;
}
