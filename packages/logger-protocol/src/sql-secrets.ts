// Passwords in SQL statements: MySQL / MariaDB / Oracle `IDENTIFIED BY 'pw'` (quoted or not,
// `IDENTIFIED WITH plugin BY 'pw'`, `IDENTIFIED BY PASSWORD '*hash'`), Postgres
// `[ENCRYPTED] PASSWORD 'pw'` (`CREATE ROLE ... WITH LOGIN PASSWORD 'pw'`) and
// `SET PASSWORD [FOR user] = 'pw'` / `= PASSWORD('pw')`. Only the literal goes; the statement stays.
// (libpq `password=pw` and ADO.NET `Password=pw;` are key=value fragments.)
import type { Span } from './next-line-values.js';

// Each ends right before the password literal. Runs of whitespace are bounded; no nested quantifier.
const IDENTIFIED =
  /\bIDENTIFIED[ \t\r\n]{1,40}(?:WITH[ \t\r\n]{1,40}['"`]?\w{1,64}['"`]?[ \t\r\n]{1,40})?(?:BY|AS)[ \t\r\n]{1,40}(?:PASSWORD[ \t\r\n]{1,40})?/gi;
// One test for all three (`password=x` is a key=value fragment, not SQL).
const SQL_HINT = /\bIDENTIFIED\b|\bSET[ \t\r\n]{1,40}PASSWORD\b|\bPASSWORD[ \t\r\n]{1,40}'/i;
// Postgres quotes literals with `'` only (`"x"` is an identifier, and prose: `password "must" be`).
const PASSWORD_LITERAL = /\bPASSWORD[ \t\r\n]{1,40}(?=')/gi;
const SET_PASSWORD = /\bSET[ \t\r\n]{1,40}PASSWORD\b[^=;\n]{0,200}=[ \t]{0,40}(?:PASSWORD[ \t]{0,40}\([ \t]{0,40})?/gi;

/** True when `text` may hold one of the statements above (a cheap check). */
export function mayHoldSqlSecret(text: string): boolean {
  return SQL_HINT.test(text);
}

/** Spans of the password literals in SQL statements in `text`. */
export function sqlSecretSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!mayHoldSqlSecret(text)) return spans;
  for (const re of [IDENTIFIED, PASSWORD_LITERAL, SET_PASSWORD]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const span = literal(text, m.index + m[0].length, re !== PASSWORD_LITERAL && statement(text, m));
      if (span !== undefined) spans.push(span);
    }
  }
  return spans;
}

// A bare password is taken only from what reads as a statement: the keyword in capitals, or a
// CREATE / ALTER / GRANT / SET earlier on its line ("customer identified by phone" is prose).
function statement(text: string, m: RegExpExecArray): boolean {
  // A bare word on the next line is not the password (`IDENTIFIED BY\n    at f()`).
  if (/[\r\n][ \t]*$/.test(m[0])) return false;
  if (/^(?:IDENTIFIED|SET)\b/.test(m[0])) return true;
  const from = Math.max(text.lastIndexOf('\n', m.index) + 1, m.index - 300);
  return /\b(?:create|alter|grant|set)\b/i.test(text.slice(from, m.index + 3));
}

// A quoted literal (`'it''s'` doubled quotes inside it), or, where `bare` allows it, a bare word
// up to whitespace, `;` or `)`. NULL and DEFAULT are not passwords.
function literal(text: string, at: number, bare: boolean): Span | undefined {
  const quote = text[at] as string;
  if (quote === "'" || quote === '"' || quote === '`') {
    let j = at + 1;
    for (; j < text.length; j++) {
      if (text[j] !== quote) continue;
      if (text[j + 1] !== quote) break;
      j++;
    }
    return j > at + 1 ? [at + 1, j] : undefined;
  }
  if (!bare) return undefined;
  let j = at;
  while (j < text.length && !/[\s;)]/.test(text[j] as string)) j++;
  const word = text.slice(at, j);
  return word === '' || /^(?:null|default|password)$/i.test(word) ? undefined : [at, j];
}
