// Secrets named in prose with a separator that is not `:` or `=`: `Client Secret - 8f3...`,
// `API key -- abc123...`, `Password is hunter2x!`. The one or two words before the separator are
// judged like an object key (`Client Secret`, `my password`); only the next word goes, and only
// when it looks like a credential (a digit, mixed case, token punctuation, or 16 characters or
// more), so "Password is required" and "the password is too short" stay; after a weak word it must
// also mix letters and digits or be 16 long ("auth - 10.0.0.1 - GET /login" is an access log).
// `is` counts after strong words only (password, secret, private key): "the token is valid" is prose.
import type { Span } from './next-line-values.js';

const SEPARATED =
  /(?<![\w-])([A-Za-z][A-Za-z0-9_]{0,31})(?:[ \t]([A-Za-z][A-Za-z0-9_]{0,31}))?[ \t]{1,4}(--?|\u2013|\u2014|is)[ \t]{1,4}(?=[^\s-])/g;
const STRONG_KEY = /pass|pwd|secret|private/i;

/** True when `text` may hold a separated secret (` - ` or ` is `): a cheap check. */
export function mayHoldProseSecret(text: string): boolean {
  return text.includes(' -') || text.includes(' is ') || text.includes(' \u2013') || text.includes(' \u2014');
}

/**
 * Spans of the credentials that follow a secret name and a prose separator in `text`.
 *
 * @param looksLikeCredential the judgement of a value after a weak word (key-value-fragments.ts)
 */
export function proseSecretSpans(
  text: string,
  isSecretKey: (key: string) => boolean,
  looksLikeCredential: (value: string) => boolean,
): Span[] {
  const spans: Span[] = [];
  if (!mayHoldProseSecret(text)) return spans;
  SEPARATED.lastIndex = 0;
  for (let m = SEPARATED.exec(text); m !== null; m = SEPARATED.exec(text)) {
    const key = m[2] === undefined ? (m[1] as string) : `${m[1]} ${m[2]}`;
    const named = isSecretKey(key) || (m[2] !== undefined && isSecretKey(m[2]));
    if (!named || (m[3] === 'is' && !STRONG_KEY.test(key))) continue;
    const from = m.index + m[0].length;
    let to = from;
    while (to < text.length && !/\s/.test(text[to] as string)) to++;
    const [a, b] = unwrap(text, from, to);
    const value = text.slice(a, b);
    if (looksLikeCredential(value) && (STRONG_KEY.test(key) || mixed(value))) spans.push([a, b]);
    SEPARATED.lastIndex = to;
  }
  return spans;
}

function mixed(value: string): boolean {
  return value.length >= 16 || (/[A-Za-z]/.test(value) && /\d/.test(value));
}

// A word without the quotes around it and the punctuation after it.
function unwrap(text: string, from: number, to: number): Span {
  let a = from;
  let b = to;
  while (b > a && /[.,;:?)"'\u201d\u2019]/.test(text[b - 1] as string)) b--;
  while (a < b && /["'\u201c\u2018]/.test(text[a] as string)) a++;
  return [a, b];
}
