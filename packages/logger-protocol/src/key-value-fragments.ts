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
 *
 * The structured forms other than `key=value` are found by their own scanners, whose spans are
 * censored here with the pairs': values on the lines after their key (next-line-values.ts),
 * Kubernetes Secrets (kubernetes-secret.ts), SQL (sql-secrets.ts), XML/HTML (markup-secrets.ts),
 * command lines (command-line-secrets.ts) and prose separators (prose-secrets.ts).
 */
import { commandLineSpans } from './command-line-secrets.js';
import { kubernetesSecretSpans } from './kubernetes-secret.js';
import { markupSecretSpans } from './markup-secrets.js';
import { nextLineValueSpans } from './next-line-values.js';
import { proseSecretSpans } from './prose-secrets.js';
import { sqlSecretSpans } from './sql-secrets.js';

// A key, bare or quoted (quotes may be backslash-escaped: JSON inside a string), followed by `=`,
// `:`, `=>` or `:=`. It starts at a word start, so `13T19:00` is not taken apart; a key may follow
// `-` (`--password=`).
const KEY =
  /(?<![\w.%\]])(?:\\{0,3}(["'`])([A-Za-z0-9_][\w .[\]%-]{0,127}?)\\{0,3}\1|([A-Za-z0-9_][\w.[\]%-]{0,127}))[ \t]{0,40}(=>|:=|[:=])[ \t]{0,40}/g;
// `--password value` (a long flag and its value as the next word) and `-u user:password`.
const FLAG = /(?<![\w-])(?:(-u|--user)|--([A-Za-z][\w-]{0,63}))[ \t]+(?!-)(["']?)(\S+)\3/g;
// The start of the next pair after a delimiter, tried where a value might end.
// The next pair, tried right after a delimiter; a separator must be followed by a value
// (`abc==` padding in base64 is not a pair).
const NEXT_PAIR = /[A-Za-z0-9_][\w.[\]%-]{0,127}[ \t]{0,40}(?:=>|:=|[:=])[ \t]{0,40}[^\s=]/y;
const OPENERS: Readonly<Record<string, string>> = {
  '(': ')',
  '[': ']',
  '{': '}',
  '<': '>',
  '"': '"',
  "'": "'",
  '`': '`',
};
// Words whose values are credentials whatever they look like; other secret words (token, auth,
// signature, ...) also head ordinary prose ("Invalid token: jwt malformed"), so their value must
// look like a credential.
const STRONG_KEY = /pass|pwd|secret|private/i;
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
// A YAML block scalar's indicator (`password: |`): the value is on the lines below (next-line-values.ts).
const BLOCK_INDICATOR = /^[|>][-+0-9]{0,2}$/;
const HEADER_LINE_KEYS = new Set(['cookie', 'setcookie']);
// A source file's name before `:<line>` (`password-reset.ts:88:11` in a stack frame, `secrets.go:118:`
// as a log prefix): a location, not a secret key and its value.
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|h|hpp|ex|exs|dart|lua)$/i;
const LINE_NUMBER = /\d+(?![\w.-])/y;

/**
 * The characters and words without which no fragment or form is there: `=`, `:`, `--`, `-u `,
 * `<` (markup), ` -` (a flag, a prose separator), ` is `, `identified` and `password` (SQL).
 * {@link FORM_TRIGGER} is the same test as one regex (the prefilter in secret-patterns.ts).
 */
export const FORM_TRIGGER = /[:=<]|--|-u | -| is |identified|password|\u2013|\u2014/i;

/** True when `text` may hold a key-value fragment at all (a cheap check before the scan). */
export function mayHoldKeyValue(text: string): boolean {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a prefilter; scanning more strings changes nothing
  return (
    text.includes('=') || text.includes(':') || text.includes('--') || text.includes('-u ') || FORM_TRIGGER.test(text)
  );
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
  const spans: [number, number][] = [];
  // Prose let in by another form's trigger (` is `, ` -`) holds no pair without a separator.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a fast path; the scan finds no pair without ':' or '='
  const pairs = text.includes('=') || text.includes(':');
  KEY.lastIndex = 0;
  for (let m = pairs ? KEY.exec(text) : null; m !== null; m = KEY.exec(text)) {
    const raw = (m[2] ?? m[3]) as string;
    const start = m.index + m[0].length;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a key at the very end has an empty value, skipped below
    if (start >= text.length) break;
    let key = decodeKey(raw);
    // `API Key: abc123`, `Secret key: ...`: a secret named by two words in prose.
    const twoWords = m[3] !== undefined && !isSecretKey(key) ? wordBefore(text, m.index) : undefined;
    if (twoWords !== undefined) key = `${twoWords} ${key}`;
    if (!isSecretKey(key)) continue;
    if (m[4] === ':' && m[3] !== undefined && SOURCE_FILE.test(raw) && isLineNumber(text, start)) continue;
    const inQuery = m[3] !== undefined && m[4] === '=' && (text[m.index - 1] === '?' || text[m.index - 1] === '&');
    const lineValue = HEADER_LINE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
    const [valueStart, valueEnd] = valueSpan(text, m.index, start, inQuery, lineValue);
    const value = text.slice(valueStart, valueEnd);
    if (valueEnd <= valueStart || NOT_SECRET.has(value.toLowerCase()) || BLOCK_INDICATOR.test(value)) continue;
    // Prose-like `word: text` after a weak secret word must look like a credential; a quoted key
    // or value is structured data and always goes.
    const prose = (m[4] === ':' || twoWords !== undefined) && m[2] === undefined && valueStart === start;
    if (prose && !lineValue && !STRONG_KEY.test(key) && !looksLikeCredential(value)) continue;
    spans.push([valueStart, valueEnd]);
    KEY.lastIndex = valueEnd;
  }
  // Stryker disable next-line ConditionalExpression,StringLiteral: a prefilter; every flag holds a '-'
  if (text.includes('-')) {
    FLAG.lastIndex = 0;
    for (let m = FLAG.exec(text); m !== null; m = FLAG.exec(text)) {
      const userFlag = m[1] !== undefined;
      const value = m[4] as string;
      if (userFlag ? !value.includes(':') : !isSecretKey(m[2] as string)) continue;
      const valueStart = m.index + m[0].length - value.length - (m[3] as string).length;
      spans.push([valueStart, valueStart + value.length]);
    }
  }
  formSpans(text, isSecretKey, spans);
  // Stryker disable next-line ConditionalExpression: a fast path; with no span the loop below returns the text
  if (spans.length === 0) return text;
  spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let out = '';
  let copied = 0;
  for (let i = 0; i < spans.length; i++) {
    const from = (spans[i] as [number, number])[0];
    let to = (spans[i] as [number, number])[1];
    // Spans that overlap are censored as one (a value two scanners found, each a little differently).
    while (i + 1 < spans.length && (spans[i + 1] as [number, number])[0] < to) {
      to = Math.max(to, (spans[++i] as [number, number])[1]);
    }
    out += text.slice(copied, from) + censor(text.slice(from, to));
    copied = to;
  }
  return out + text.slice(copied);
}

function formSpans(text: string, isSecretKey: (key: string) => boolean, spans: [number, number][]): void {
  for (const found of [
    nextLineValueSpans(text, isSecretKey),
    kubernetesSecretSpans(text),
    sqlSecretSpans(text),
    // Stryker disable next-line ConditionalExpression,StringLiteral: a prefilter; the scan finds no tag without '<'
    text.includes('<') ? markupSecretSpans(text, isSecretKey) : [],
    commandLineSpans(text),
    proseSecretSpans(text, isSecretKey, looksLikeCredential),
  ]) {
    for (const span of found) spans.push(span);
  }
}

/** True when a line number (digits, then no more of a word) starts at `at`. */
function isLineNumber(text: string, at: number): boolean {
  LINE_NUMBER.lastIndex = at;
  return LINE_NUMBER.test(text);
}

/** The word right before `at`, one space or tab between (`API` in `API Key: x`), if any. */
function wordBefore(text: string, at: number): string | undefined {
  const c = text[at - 1];
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a fast path; the regex below needs the same space or tab
  if (c !== ' ' && c !== '\t') return undefined;
  const m = /(?<![\w-])([A-Za-z][A-Za-z0-9]{0,31})[ \t]$/.exec(text.slice(Math.max(0, at - 34), at));
  return m === null ? undefined : m[1];
}

/** True when a value after a weak secret word looks like a credential rather than prose. */
export function looksLikeCredential(value: string): boolean {
  for (const word of value.split(/\s+/, 2)) {
    const w = word.replace(/[.,;:!?)]+$/, '');
    if (w.length >= 16) return true;
    if (w.length >= 6 && (/\d/.test(w) || (/[a-z]/.test(w) && /[A-Z]/.test(w.slice(1))) || /[-_./+=~]/.test(w)))
      return true;
  }
  return false;
}

// `user%5Bpassword%5D`, `access%5Ftoken`: form keys as browsers send them.
function decodeKey(key: string): string {
  if (!key.includes('%') || !/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(key)) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/**
 * Where the value after a separator starts and ends. `keyAt` is where the key starts: a bracket or
 * quote opened before it on the same line (`(password=abc)`, `"X-Api-Key: k" https://...`) is
 * closed by the value's end; any other bracket is part of the value (`p@ss)w0rd`).
 */
function valueSpan(text: string, keyAt: number, start: number, inQuery: boolean, lineValue: boolean): [number, number] {
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
  const outer = openBefore(text, keyAt);
  const opened: string[] = [];
  for (let j = start; j < eol; j++) {
    const c = text[j] as string;
    if (opened.length === 0 && outer.has(c)) return [start, trimEnd(text, start, j)];
    if (OPENERS[c] !== undefined && c !== '"' && c !== "'" && c !== '`') opened.push(OPENERS[c]);
    else if (c === opened.at(-1)) opened.pop();
    else if (/[\s&;,]/.test(c) && j + 1 < eol && !/\s/.test(text[j + 1] as string)) {
      NEXT_PAIR.lastIndex = j + 1;
      if (NEXT_PAIR.test(text)) return [start, trimEnd(text, start, j)];
    }
  }
  return [start, trimEnd(text, start, eol)];
}

/** The closers of brackets and quotes left open on the line before `at`. */
function openBefore(text: string, at: number): ReadonlySet<string> {
  // At most 512 characters back, and no further than the line start (searched within that window:
  // a search to the text's start for every pair made one long line quadratic).
  let from = at;
  while (from > 0 && from > at - 512 && text[from - 1] !== '\n') from--;
  const stack: string[] = [];
  for (let k = from; k < at; k++) {
    const c = text[k] as string;
    if (c === stack.at(-1)) stack.pop();
    else if (OPENERS[c] !== undefined) stack.push(OPENERS[c]);
  }
  return new Set(stack);
}

/**
 * Inside quotes: the value ends at the next closing quote preceded by exactly as many backslashes
 * as the opening one (`escapes`: 1 for JSON inside a string), so escaped quotes stay inside.
 */
function quotedSpan(text: string, quoteAt: number, close: string, escapes: number): [number, number] {
  for (let j = quoteAt + 1; j < text.length; j++) {
    if (text[j] !== close) continue;
    // `'it's-a-secret'`: a single quote between letters is an apostrophe, not the end.
    if ((close === "'" || close === '\u2019') && /\w/.test(text[j + 1] ?? '') && /\w/.test(text[j - 1] ?? '')) continue;
    let n = 0;
    for (let k = j - 1; k > quoteAt && text[k] === '\\'; k--) n++;
    if (n === escapes) return [quoteAt + 1, j - escapes];
  }
  return [quoteAt + 1, text.length];
}

// The last line end found: pairs are scanned left to right, so a long line is searched once, not
// once per pair on it.
let lastLine: { text: string; from: number; end: number } = { text: '', from: 0, end: 0 };

function lineEnd(text: string, from: number): number {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a cache; searching again finds the same end
  if (lastLine.text === text && from >= lastLine.from && from <= lastLine.end) return lastLine.end;
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  const ends = [n, r].filter((x) => x >= 0);
  const end = ends.length === 0 ? text.length : Math.min(...ends);
  lastLine = { text, from, end };
  return end;
}

// Trailing whitespace, and a delimiter left before the next pair, are not part of the value.
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,;&]/.test(text[e - 1] as string)) e--;
  return e;
}
