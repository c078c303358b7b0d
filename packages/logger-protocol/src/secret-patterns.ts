/**
 * Value patterns: secrets recognised by their shape wherever they stand in a string (the message,
 * a field, an error message). The vendor formats are taken from two maintained secret-scanner rule
 * sets, named on each pattern:
 * - gitleaks `config/gitleaks.toml` (v8): https://github.com/gitleaks/gitleaks
 * - secretlint `@secretlint/secretlint-rule-preset-recommend` 12.0.0: https://github.com/secretlint/secretlint
 * Where the two differ, the pattern takes the union (a redactor should rather catch one more).
 */

import { FORM_TRIGGER } from './key-value-fragments.js';

/** A named pattern for secrets that may stand anywhere in a string. */
export interface SecretPattern {
  readonly name: string;
  /** A global regular expression; every match is replaced. */
  readonly pattern: RegExp;
  /** Extra check on a match (for example Luhn for card numbers); a match it rejects is kept. */
  readonly accept?: (match: string) => boolean;
  /** The length of the shortest text the pattern can match: it never runs on shorter strings. @default 1 */
  readonly minLength?: number;
  /**
   * Writes the replacement of a match when only part of it is secret (a URL keeps its scheme and
   * host); `censor` makes the replacement of the secret part. @default the whole match is censored
   */
  readonly censor?: (match: string, censor: (secret: string) => string) => string;
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
      // Stryker disable next-line EqualityOperator: a doubled digit is even, never 9
      if (d > 9) d -= 9;
    }
    // Stryker disable next-line AssignmentOperator: the sum's sign does not change whether it divides by 10
    sum += d;
    double = !double;
  }
  return digits >= 12 && sum % 10 === 0;
}

// Issuer prefixes of the card brands in use (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
// Maestro): a 13-19 digit run that passes Luhn but starts otherwise (an epoch in ms) is left alone.
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6|5[06-9])/;

/** True for 13 to 19 digits (separators ignored) with a card issuer prefix that pass Luhn. */
export function isCardNumber(text: string): boolean {
  return CARD_PREFIX.test(text) && isLuhnValid(text);
}

/** True for nine digits that form a valid US SSN (area not 000, 666 or 9xx; group not 00; serial not 0000). */
export function isSsnDigits(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== '000' && area !== '666' && area[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000'
  );
}

// A credential after an HTTP scheme is redacted when it looks like one: a digit, base64 or token
// punctuation inside it, or mixed case in a long run. "Bearer of bad news." stays.
function looksLikeCredential(match: string): boolean {
  // Stryker disable next-line Regex: a match always starts with its scheme word, so `^` changes nothing
  const value = match.replace(/^\S+\s+/, '').replace(/[.,]+$/, '');
  return /[0-9+/=._~-]/.test(value) || (value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value));
}

/**
 * The built-in value patterns, in the order they run. Their sources are named on each entry.
 */
export const DEFAULT_SECRET_PATTERNS: readonly SecretPattern[] = Object.freeze([
  {
    // gitleaks `private-key` (every PEM kind: RSA, EC, DSA, OPENSSH, PGP ... BLOCK, ENCRYPTED) and
    // secretlint `privatekey`; an unterminated key is redacted to the end of the string.
    name: 'private_key',
    minLength: 27,
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    // The user-info part of any URL or connection string (`postgres://user:pw@host/db`,
    // `https://user:pw@host/`): secretlint `basicauth` and `database-connection-string`. The whole
    // user-info goes (user names of service accounts are credentials too); scheme, host, path stay.
    name: 'url_credentials',
    minLength: 6,
    // It starts at `://`, not at the scheme: a pattern that may start at any letter would make the
    // prefilter try every position of every string.
    pattern: /:\/\/(?:[^\s/?#:@"'<>]*:[^\s/?#"'<>]*|(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{20,})@(?=[^\s/?#@"'<>])/g,
    censor: (match, censor) => `://${censor(match.slice(3, -1))}@`,
  },
  // JWTs (three base64url parts, the header starting `eyJ`): gitleaks `jwt`.
  { name: 'jwt', minLength: 13, pattern: /eyJ[A-Za-z0-9_-]{4,512}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  {
    // HTTP authorization schemes with their credential (RFC 9110 §11): gitleaks `generic-api-key`'s
    // intent for headers written out in text.
    name: 'http_authorization',
    minLength: 9,
    pattern:
      /\bBearer\s+[A-Za-z0-9\-._~+/]{3,}=*(?![=\w])|\b(?:Basic|Digest|Negotiate)\s+[A-Za-z0-9\-._~+/]{8,}=*(?![=\w])/gi,
    accept: looksLikeCredential,
  },
  {
    // An AWS access key id followed by its 40-character secret key, as people paste them: the pair
    // goes. gitleaks `aws-access-token` + secretlint `aws` (AWSSecretAccessKey).
    name: 'aws_key_pair',
    minLength: 61,
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}[\s"',:;=|/]{1,10}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  },
  {
    // gitleaks `aws-access-token` and secretlint `aws` (AWSAccessKeyID), union of their prefixes.
    name: 'aws_access_key_id',
    minLength: 20,
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g,
  },
  // gitleaks `github-pat`, `github-oauth`, `github-app-token`, `github-refresh-token`,
  // `github-fine-grained-pat`; secretlint `github`.
  { name: 'github_token', minLength: 33, pattern: /(?:gh[pousr]_[A-Za-z0-9_]{36,251}|github_pat_\w{22,255})\b/g },
  // gitleaks `gitlab-pat`; secretlint `gitlab`.
  { name: 'gitlab_token', minLength: 26, pattern: /\bglpat-[\w-]{20,128}/g },
  {
    // gitleaks `slack-bot-token`, `slack-user-token`, `slack-app-token`, `slack-legacy-token`;
    // secretlint `slack` (tokens and incoming webhooks).
    name: 'slack_token',
    minLength: 15,
    pattern:
      /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}|\bhooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/+_-]{20,}/g,
  },
  // gitleaks `stripe-access-token` (secret and restricted keys; publishable `pk_` keys are public).
  { name: 'stripe_key', minLength: 18, pattern: /(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,}/g },
  // gitleaks `gcp-api-key`.
  { name: 'google_api_key', minLength: 39, pattern: /\bAIza[\w-]{35}/g },
  // gitleaks `npm-access-token`; secretlint `npm`.
  { name: 'npm_token', minLength: 40, pattern: /npm_[A-Za-z0-9]{36}\b/g },
  {
    // gitleaks `openai-api-key`, `anthropic-api-key`, `anthropic-admin-api-key`; secretlint
    // `openai`, `anthropic`, `groq`; plus the bare `sk-` + 32 alphanumerics form several
    // model APIs share.
    name: 'ai_api_key',
    minLength: 28,
    pattern:
      /\bsk-(?:proj|svcacct|admin|ant-(?:api|admin)\d\d)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|\bsk-[A-Za-z0-9]{32,}\b|\bgsk_[A-Za-z0-9]{52}\b/g,
  },
  // gitleaks `twilio-api-key`.
  { name: 'twilio_api_key', minLength: 34, pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  // gitleaks `sendgrid-api-token`; secretlint `sendgrid`.
  { name: 'sendgrid_api_key', minLength: 19, pattern: /\bSG\.[\w-]{8,128}\.[\w-]{8,128}/g },
  {
    // secretlint `huggingface`, `linear`, `notion`, `shopify`, `grafana`, `1password`,
    // `hashicorp-vault`, `vercel`, `databricks`, `docker`, `figma` (same prefixes as gitleaks'
    // rules of those names).
    name: 'vendor_token',
    minLength: 24,
    pattern:
      /\b(?:hf_[A-Za-z]{34}|lin_api_[A-Za-z0-9_]{32,128}|ntn_\d{11}[A-Za-z0-9]{35}|shp(?:pa|ca|at|ss)_[A-Za-z0-9]{32,64}|glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|ops_ey[A-Za-z0-9+/=]{100,1280}|hv[sbr]\.[A-Za-z0-9_-]{90,300}|vc[piark]_[A-Za-z0-9]{20,60}|dapi[a-f0-9]{32}(?:-\d)?|dckr_pat_[A-Za-z0-9_-]{27}|figd_[A-Za-z0-9_-]{40,200})/g,
  },
  { name: 'us_ssn', minLength: 11, pattern: /\b(?!000|666|9\d\d)\d{3}(?<ss>[- .])(?!00)\d{2}\k<ss>(?!0000)\d{4}\b/g },
  {
    // Card layouts only: 13-19 digits in groups of four with one consistent separator (none,
    // space, dash or dot), or 4-6-5 (Amex) / 4-6-4 (Diners). A UUID's 8-4-4-4-12 digit runs do not
    // fit, so ids are not mistaken for cards.
    name: 'card_number',
    minLength: 13,
    pattern: /\b(?:\d{4}(?<cs4>[ .-]?)\d{4}\k<cs4>\d{4}\k<cs4>\d{1,7}|\d{4}(?<cs6>[ .-]?)\d{6}\k<cs6>\d{4,5})\b/g,
    accept: isCardNumber,
  },
]);

// One case-insensitive alternation of the built-in patterns that can match a string of a given
// length (a superset of them): one regex pass rules out most strings before any single pattern
// runs, and short strings (messages, names, emails) only meet the few patterns that fit in them.
// Every pattern starts with a literal or a small character class, so the regex only stops at a few
// positions of ordinary text. `gate` adds `:`, `=` and the other triggers of the structured forms.
const PREFILTERS: readonly { readonly minLength: number; readonly regex: RegExp; readonly gate: RegExp }[] = [
  ...new Set(DEFAULT_SECRET_PATTERNS.map((p) => p.minLength ?? 1)),
]
  .sort((a, b) => b - a)
  .map((minLength) => {
    const source = DEFAULT_SECRET_PATTERNS.filter((p) => (p.minLength ?? 1) <= minLength)
      .map((p) => `(?:${p.pattern.source})`)
      .join('|');
    return { minLength, regex: new RegExp(source, 'i'), gate: new RegExp(`${FORM_TRIGGER.source}|${source}`, 'i') };
  });

// Canonical UUIDs and hex strings of 20 or more characters (trace ids, digests) cannot hold a
// built-in pattern: no vendor prefix is hex, a UUID's digit groups fit no card or SSN layout, and
// 20 or more hex characters leave no word boundary for a 13-19 digit card run to stop at.
const HEX_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{20,})$/i;

function prefilter(text: string, gate: boolean): boolean {
  const length = text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; the regexes below rule ids out as well
  if (length >= 20 && HEX_ID.test(text)) return false;
  for (const p of PREFILTERS) {
    // Stryker disable next-line ConditionalExpression: a longer tier's regex holds more patterns, none of which fits in a shorter text
    if (length >= p.minLength) return (gate ? p.gate : p.regex).test(text);
  }
  return gate && FORM_TRIGGER.test(text);
}

/**
 * The cheap pre-check in front of the built-in patterns: false only when none of them can match
 * `text`. Ids are ruled out by their shape, other strings by one regex made of the patterns short
 * enough to fit in them.
 */
export function mayHoldPatternSecret(text: string): boolean {
  return prefilter(text, false);
}

/** {@link mayHoldPatternSecret}, or `text` holds a trigger of a `key=value` fragment or another structured form ({@link FORM_TRIGGER}). */
export function mayHoldSecret(text: string): boolean {
  return prefilter(text, true);
}
