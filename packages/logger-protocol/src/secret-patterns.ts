/**
 * Key names whose values are secrets. Keys are compared after normalising: lower case, with
 * `-`, `_`, `.` and spaces removed; a key matches when it equals one of these or ends with one
 * (`db_password`, `githubToken`, `X-Api-Key`), so `tokens_refreshed` or `token_type` do not.
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'apikey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'sessionid',
  'sessiontoken',
  'csrf',
  'xsrf',
  'ssn',
  'socialsecuritynumber',
  'creditcard',
  'cardnumber',
  'cardno',
  'cvv',
  'cvc',
  'privatekey',
  'secretkey',
  'secretaccesskey',
  'signature',
]);

/** Normalises a key for secret matching: lower case, separators removed. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/** A named pattern for secrets that may stand anywhere in a string. */
export interface SecretPattern {
  readonly name: string;
  /** A global regular expression; every match is replaced. */
  readonly pattern: RegExp;
  /** Extra check on a match (for example Luhn for card numbers); a match it rejects is kept. */
  readonly accept?: (match: string) => boolean;
}

/** Luhn checksum over the digits of `text` (spaces and dashes ignored). */
export function isLuhnValid(text: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits >= 12 && sum % 10 === 0;
}

// Issuer prefixes of the card brands in use (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
// Maestro): a 13-19 digit run that passes Luhn but starts otherwise (an epoch in ms) is left alone.
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6|5[06-9])/;

/** The built-in value patterns: card numbers (Luhn), US SSNs, JWTs, AWS key ids, Bearer credentials, PEM private keys. */
export const DEFAULT_SECRET_PATTERNS: readonly SecretPattern[] = Object.freeze([
  {
    name: 'pem_private_key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { name: 'bearer', pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi },
  { name: 'aws_access_key_id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  { name: 'us_ssn', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    // Card layouts only: 13-19 digits in groups of four with one consistent separator (or none),
    // or Amex 4-6-5. A UUID's 8-4-4-4-12 digit runs do not fit, so ids are not mistaken for cards.
    name: 'card_number',
    pattern: /\b(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -]?)\d{6}\2\d{5})\b/g,
    accept: (m) => CARD_PREFIX.test(m) && isLuhnValid(m),
  },
]);

// All built-in patterns in one case-insensitive alternation: one regex pass rules out most strings
// (UUIDs, dates, ordinary text) before any single pattern runs. It matches a superset of them.
export const DEFAULT_PATTERN_PREFILTER = new RegExp(
  DEFAULT_SECRET_PATTERNS.map((p) => `(?:${p.pattern.source})`).join('|'),
  'i',
);
