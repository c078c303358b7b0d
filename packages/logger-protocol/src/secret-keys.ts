/**
 * Which key names hold secrets. A key is split into words (`passwordHash`, `password_hash`,
 * `X-Password-Hash` and `PASSWORD.HASH` all give `password hash`), plurals are folded
 * (`apiKeys` → `api key`), and the key is secret when a secret term appears in it, unless its last
 * word names a fact about the secret rather than the secret (`password_reset_requested`,
 * `token_count`, `signing_key_id`): `password_admin`, `token_github`, `SECRET_KEY_BASE` are secret.
 */

/**
 * Single words whose value is a secret. A key word that ends with one of the longer terms
 * (five letters or more) matches too, for keys written as one word: `dbpassword`, `githubtoken`,
 * `xapikey`, `jsessionid`.
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'pass',
  'pw',
  'pgpass',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'credential',
  'cred',
  'auth',
  'authorization',
  'cookie',
  'setcookie',
  'otp',
  'totp',
  'hotp',
  'pin',
  'cvv',
  'cvv2',
  'cvc',
  'ssn',
  'sig',
  'signature',
  'jwt',
  'bearer',
  'csrf',
  'xsrf',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'signingkey',
  'sessionid',
  'sessid',
  'sessionkey',
  'creditcard',
  'cardnumber',
  'cardno',
  'taxid',
]);

/** Runs of words that together name a secret (each word alone does not). */
const SECRET_PHRASES: readonly (readonly string[])[] = [
  ['pass', 'word'],
  ['pass', 'phrase'],
  ['pass', 'code'],
  ['id', 'number'],
  ['identity', 'number'],
  ['personal', 'number'],
  ['government', 'id'],
  ['connect', 'sid'],
  // Vault's AppRole credential (AWS Secrets Manager's SecretId, a name, is redacted too: safe side).
  ['secret', 'id'],
  ['api', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['private', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['master', 'key'],
  ['account', 'key'],
  ['client', 'key'],
  ['session', 'id'],
  ['session', 'key'],
  ['card', 'number'],
  ['card', 'no'],
  ['card', 'num'],
  ['credit', 'card'],
  ['social', 'security'],
  ['tax', 'id'],
  ['tax', 'number'],
  ['taxpayer', 'id'],
  ['national', 'id'],
  ['mfa', 'code'],
  ['2fa', 'code'],
  ['factor', 'code'],
  ['otp', 'code'],
  ['sms', 'code'],
  ['verification', 'code'],
  ['auth', 'code'],
  ['recovery', 'code'],
  ['backup', 'code'],
  ['security', 'code'],
  ['reset', 'code'],
  ['security', 'answer'],
];

/**
 * Last words that make a key a fact about a secret, not the secret: how many, what kind, when,
 * whether, which one (`token_count`, `token_type`, `token_expires_at`, `password_reset_requested`,
 * `signing_key_id`, `secret_name`, `auth_timeout_ms`, `cookie_domain`). A participle not listed
 * here keeps the key secret (`password_generated`, `secret_decrypted`, `token_received`).
 */
const FACT_WORDS = new Set([
  // how many, how big, how long
  'count',
  'total',
  'length',
  'len',
  'size',
  'capacity',
  'limit',
  'max',
  'min',
  'rate',
  'digit',
  'ttl',
  'age',
  'timeout',
  'duration',
  'ms',
  'ns',
  'sec',
  'second',
  'minute',
  'hour',
  'day',
  // what kind, which one, where
  'type',
  'kind',
  'id',
  'name',
  'arn',
  'path',
  'file',
  'dir',
  'directory',
  'sock',
  'socket',
  'url',
  'uri',
  'endpoint',
  'server',
  'host',
  'port',
  'domain',
  'realm',
  'region',
  'user',
  'username',
  'location',
  'source',
  'provider',
  'policy',
  'rule',
  'scheme',
  'strength',
  'algorithm',
  'alg',
  'version',
  'format',
  'mode',
  'method',
  'strategy',
  'flow',
  'grant',
  'scope',
  'audience',
  'issuer',
  'label',
  'description',
  'protection',
  'secure',
  'site',
  // when, whether, how it went
  'expire',
  'expiry',
  'expiration',
  'exp',
  'at',
  'time',
  'timestamp',
  'date',
  'set',
  'present',
  'valid',
  'invalid',
  'status',
  'state',
  'error',
  'reason',
  'message',
  'ok',
  'success',
  'consent',
  'enabled',
  'disabled',
  'required',
  'requested',
  'changed',
  'updated',
  'created',
  'expired',
  'revoked',
  'rotated',
  'refreshed',
  'verified',
  'validated',
  'checked',
  'failed',
  'succeeded',
  'matched',
  'sent',
]);

// Plural last words that count (`password_attempts: 3`); the singular is the attempted value.
const COUNTED = /(?:attempts|failures|errors|retries)$/;

function isFactWord(word: string, normal: string): boolean {
  return FACT_WORDS.has(word) || COUNTED.test(normal);
}

/** A first word that makes the key a flag or a measure of the secret, not the secret (`is_password_set`, `max_tokens`). */
const FLAG_OR_MEASURE_PREFIX = new Set([
  'is',
  'has',
  'had',
  'should',
  'can',
  'must',
  'needs',
  'need',
  'requires',
  'require',
  'num',
  'max',
  'min',
  'total',
  'count',
  'avg',
  'n',
]);

/** Words before `token` that make it a count of language-model tokens (`prompt_tokens`, `output_tokens`). */
const TOKEN_USAGE_WORDS = new Set(['prompt', 'completion', 'input', 'output', 'cached', 'reasoning', 'total', 'max']);

/** Splits a key into lower-case words: camelCase, PascalCase, snake, kebab, dots and spaces. */
export function keyWords(key: string): string[] {
  // Stryker disable Regex: `([A-Z])` before the capital splits at the same place as `([A-Z]+)`
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  // Stryker restore Regex
  const words: string[] = [];
  // Stryker disable next-line Regex: a run of separators splits into empty words, which are skipped below
  for (const raw of spaced.split(/[^a-z0-9]+/)) {
    if (raw === '') continue;
    words.push(singular(raw));
  }
  return words;
}

function singular(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Normalises a key the way user-supplied key names and allow-list entries are compared: lower case, separators removed. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * Classifies key names. Built once per logger; verdicts are cached by the caller.
 */
export class SecretKeyMatcher {
  readonly #terms: ReadonlySet<string>;
  readonly #suffixTerms: readonly string[];
  readonly #phrases: readonly (readonly string[])[];
  readonly #userKeys: ReadonlySet<string>;
  readonly #allow: ReadonlySet<string>;

  /**
   * @param useDefaults keep the built-in terms and phrases
   * @param userKeys normalised key names (or words) that are secret as well
   * @param allowKeys normalised key names that are never secret
   */
  constructor(useDefaults: boolean, userKeys: readonly string[], allowKeys: readonly string[]) {
    const terms = useDefaults ? DEFAULT_SECRET_KEYS : [];
    this.#terms = new Set(terms);
    this.#suffixTerms = terms.filter((t) => t.length >= 5);
    // Stryker disable next-line ArrayDeclaration: a phrase of one more word never matches the words of a key
    this.#phrases = useDefaults ? SECRET_PHRASES : [];
    this.#userKeys = new Set(userKeys);
    this.#allow = new Set(allowKeys);
  }

  /** True when values under `key` must be redacted. */
  isSecret(key: string): boolean {
    const normal = normalizeKey(key);
    if (this.#allow.has(normal)) return false;
    if (this.#matchesUserKey(normal)) return true;
    const words = keyWords(key);
    const end = this.#lastTermEnd(words);
    if (end < 0) return false;
    // `pass` alone is as often a test count (`pass=42`) as a password; qualified it is a password
    // (`DB_PASS`, `SMTP_PASS`).
    if (end === 0 && words[0] === 'pass') return false;
    const first = words[0] ?? '';
    if (FLAG_OR_MEASURE_PREFIX.has(first) && end > 0) return false;
    // `prompt_tokens`, `output_tokens`: counts of language-model tokens (plural only: Facebook's
    // `input_token` is a token).
    if (words[end] === 'token' && end > 0 && TOKEN_USAGE_WORDS.has(words[end - 1] ?? '') && normal.endsWith('tokens')) {
      return false;
    }
    const last = words[words.length - 1] ?? '';
    return end === words.length - 1 || !isFactWord(last, normal);
  }

  // A user key matches as before: the normalised key equals it or ends with it (`internal-id`
  // matches `x_internal_id`).
  #matchesUserKey(normal: string): boolean {
    // Stryker disable next-line ConditionalExpression: a fast path; the loop finds nothing in an empty set
    if (this.#userKeys.size === 0) return false;
    for (const k of this.#userKeys) if (normal.endsWith(k)) return true;
    return false;
  }

  /** Index of the last word of the last secret term or phrase in `words`, or -1. */
  #lastTermEnd(words: readonly string[]): number {
    let end = -1;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (this.#isTermWord(w)) end = i;
      for (const phrase of this.#phrases) {
        const last = i + phrase.length - 1;
        // A fast path: past the end the words do not match, and a phrase starting at i always ends after
        // any earlier end (every phrase has two words or more).
        // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: a fast path
        if (last >= words.length || last <= end) continue;
        let ok = true;
        for (let j = 0; j < phrase.length; j++) {
          if (words[i + j] !== phrase[j]) {
            ok = false;
            break;
          }
        }
        if (ok) end = last;
      }
    }
    return end;
  }

  #isTermWord(word: string): boolean {
    const bare = word.replace(/(?<=[a-z])\d+$/, ''); // `password2`, `cvv2`, `secret1`
    if (this.#terms.has(word) || this.#terms.has(bare)) return true;
    if (bare.length < 5 || bare === 'passwordless') return false;
    // One-word keys: `dbpassword`, `passwordhash`, `githubtoken`, `xapikey`.
    if (this.#suffixTerms.length > 0 && /pass(?:word|wd|phrase)/.test(bare)) return true;
    for (const t of this.#suffixTerms) if (bare.endsWith(t)) return true;
    return false;
  }
}

/** Words that say a number measures, counts or identifies something, so nine digits are not an SSN. */
const MEASURE_WORDS = new Set([
  'id',
  'number',
  'no',
  'num',
  'count',
  'total',
  'size',
  'byte',
  'length',
  'len',
  'ms',
  'ns',
  'us',
  'sec',
  'second',
  'duration',
  'elapsed',
  'latency',
  'time',
  'timestamp',
  'ts',
  'epoch',
  'port',
  'pid',
  'version',
  'offset',
  'index',
  'seq',
  'sequence',
  'amount',
  'cent',
  'price',
  'qty',
  'quantity',
  'limit',
  'max',
  'min',
  'sent',
  'received',
  'rss',
  'heap',
  'memory',
  'ttl',
  'code',
  'status',
  'step',
  'score',
  'rate',
]);

/** True when `key` names a measure, a count or an identifier (its numbers are not SSNs). */
export function isMeasureKey(key: string): boolean {
  for (const word of keyWords(key)) if (MEASURE_WORDS.has(word)) return true;
  return false;
}
