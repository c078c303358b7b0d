/**
 * Which key names hold secrets. A key is split into words (`passwordHash`, `password_hash`,
 * `X-Password-Hash` and `PASSWORD.HASH` all give `password hash`), plurals are folded
 * (`apiKeys` → `api key`), and the key is secret when a secret term appears in it, unless its last
 * word names a fact about the secret rather than the secret (`password_reset_requested`,
 * `token_count`, `signing_key_id`): `password_admin`, `token_github`, `SECRET_KEY_BASE` are secret.
 * The word tables themselves are data, in secret-key-words.ts.
 */
import {
  DEFAULT_SECRET_KEYS,
  FACT_WORDS,
  FLAG_OR_MEASURE_PREFIX,
  MEASURE_WORDS,
  SECRET_PHRASES,
  TOKEN_USAGE_WORDS,
} from './secret-key-words.js';

// Plural last words that count (`password_attempts: 3`); the singular is the attempted value.
const COUNTED = /(?:attempts|failures|errors|retries)$/;

function isFactWord(word: string, normal: string): boolean {
  return FACT_WORDS.has(word) || COUNTED.test(normal);
}

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

/** True when `key` names a measure, a count or an identifier (its numbers are not SSNs). */
export function isMeasureKey(key: string): boolean {
  for (const word of keyWords(key)) if (MEASURE_WORDS.has(word)) return true;
  return false;
}
