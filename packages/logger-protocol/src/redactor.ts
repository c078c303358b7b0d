// The redaction rules and their order: secret keys (a key's value is censored whole), then, inside
// every string, secrets that span spaces first, key=value fragments next, then the value patterns
// (tokens, URL credentials, cards, SSNs); the user's keys, patterns and censor on top. Values are
// walked by safe-serializer.ts, which asks this file about each key and string (data shapes such
// as `{ name, value }` pairs are in secret-shapes.ts).
import { InvalidOptionsError } from './errors.js';
import { defaultGitleaksScanner } from './gitleaks/default-scanner.js';
import type { GitleaksScanner } from './gitleaks/scan.js';
import { mayHoldKeyValue, redactKeyValues } from './key-value-fragments.js';
import { isPlaceholder } from './placeholders.js';
import { isMeasureKey, normalizeKey, SecretKeyMatcher } from './secret-keys.js';
import {
  DEFAULT_SECRET_PATTERNS,
  isCardNumber,
  mayHoldPatternSecret,
  mayHoldSecret,
  type SecretPattern,
} from './secret-patterns.js';

/** The text that stands where a secret was, unless `censor` says otherwise. */
export const REDACTED = '[REDACTED]';

/**
 * Makes the replacement for one secret. `key` is the key the secret was found under, or undefined
 * for a match inside a string (then `value` is the matched text). What it returns is written as a
 * string; if it throws or returns something else, `[REDACTED]` is written.
 */
export type CensorFunction = (value: unknown, key: string | undefined) => string;

/**
 * What to redact beyond (or instead of) the built-in rules, and how.
 *
 * @example
 * ```ts
 * const redactor = new Redactor({
 *   keys: ['x_internal_key'],
 *   patterns: [{ name: 'acme_token', pattern: /\bacme_[a-z0-9]{32}\b/g }],
 *   allowKeys: ['token_bucket'],
 *   censor: 'remove',
 * });
 * ```
 */
export interface RedactionOptions {
  /** More key names whose values are secrets (compared lower case without separators; a key ending with one matches). @default [] */
  readonly keys?: readonly string[];
  /** More patterns replaced wherever they stand in a string. @default [] */
  readonly patterns?: readonly (RegExp | SecretPattern)[];
  /** Key names that look secret but are not (compared lower case without separators). @default [] */
  readonly allowKeys?: readonly string[];
  /**
   * What replaces a secret: a string (`'[REDACTED]'`), `'remove'` (a secret key's member is left
   * out of the record, a match inside a string is cut out), or a {@link CensorFunction}.
   * @default '[REDACTED]'
   */
  readonly censor?: string | CensorFunction;
  /** Keep the built-in keys and patterns. @default true */
  readonly defaults?: boolean;
}

/** The `censor` value that removes secrets instead of replacing them. */
export const CENSOR_REMOVE = 'remove';

const KEY_CACHE_LIMIT = 4096;
// Ids may be all decimal digits (a 16-hex span id), so the card pattern is not applied to them.
const DIGIT_PATTERNS = new Set(['card_number']);
const WHOLE_FIRST = new Set(['private_key', 'aws_key_pair']);
// Shorter strings cannot hold any built-in pattern or a `key=value` with a value worth hiding.
const MIN_SECRET_LENGTH = 6;
// How much of a member's key is read as a vendor's name: no rule reaches further back from the
// value than its bounded line run (1,024 characters); the rest of a longer key is not read.
const KEY_READ_LIMIT = 2048;

/**
 * Decides what is a secret: by key name (at any depth) and by value (a pattern anywhere in a
 * string, or a `key=value` fragment with a secret key), the message included. It never mutates
 * its input.
 *
 * @example
 * ```ts
 * const r = new Redactor();
 * r.isSecretKey('passwordHash'); // true
 * r.isSecretKey('token_count'); // false
 * r.redactString('GET /cb?access_token=abc123&page=2'); // 'GET /cb?access_token=[REDACTED]&page=2'
 * ```
 */
export class Redactor {
  readonly #keys: SecretKeyMatcher;
  // The built-in patterns run behind the gate and prefilter; user patterns always run.
  readonly #builtIn: readonly SecretPattern[];
  readonly #userPatterns: readonly SecretPattern[];
  // gitleaks' rules (gitleaks/): part of the built-in rules.
  readonly #gitleaks: GitleaksScanner | undefined;
  readonly #keyCache = new Map<string, boolean>();
  readonly #vendorKeyCache = new Map<string, boolean>();
  readonly #censor: string | CensorFunction;
  readonly #defaults: boolean;
  readonly #isSecretKey = (key: string): boolean => this.isSecretKey(key);
  readonly #censorText = (text: string): string => this.#replacement(text, undefined);
  // The built-in rules leave placeholders (`${DB_PASSWORD}`, `<YOUR_TOKEN>`, `xxxxxxxx`) as they are.
  readonly #censorFound = (text: string): string => (isPlaceholder(text) ? text : this.#replacement(text, undefined));

  constructor(options: RedactionOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidOptionsError(
        'redaction',
        'expected an object with keys, patterns, allowKeys, censor and defaults',
      );
    }
    const useDefaults = options.defaults ?? true;
    const keys = keyList(options.keys, 'redaction.keys');
    const allowKeys = keyList(options.allowKeys, 'redaction.allowKeys');
    const patterns = (options.patterns ?? []).map((p, i) => toSecretPattern(p, i));
    this.#keys = new SecretKeyMatcher(useDefaults, keys, allowKeys);
    this.#defaults = useDefaults;
    this.#builtIn = useDefaults ? DEFAULT_SECRET_PATTERNS : [];
    this.#gitleaks = useDefaults ? defaultGitleaksScanner() : undefined;
    this.#userPatterns = patterns;
    const censor = options.censor ?? REDACTED;
    if (typeof censor !== 'string' && typeof censor !== 'function') {
      throw new InvalidOptionsError(
        'redaction.censor',
        `expected a replacement string, '${CENSOR_REMOVE}' or a function (value, key) => string; got ${typeof censor}`,
      );
    }
    this.#censor = censor;
  }

  /** True when values under `key` must be redacted. */
  isSecretKey(key: string): boolean {
    const cached = this.#keyCache.get(key);
    // Stryker disable next-line ConditionalExpression: a cache; judging the key again gives the same verdict
    if (cached !== undefined) return cached;
    const secret = this.#keys.isSecret(key);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's size bound changes no verdict
    if (this.#keyCache.size < KEY_CACHE_LIMIT) this.#keyCache.set(key, secret);
    return secret;
  }

  /** `text` with every secret-looking part replaced (or cut out, with `censor: 'remove'`). */
  redactString(text: string): string {
    return this.#redact(text, undefined);
  }

  // `vendorKey`: the key the string is the value of, when it may name the secret's vendor; read
  // by gitleaks' rules at their stage (redactUnder), after the whole-secret patterns as always.
  #redact(text: string, vendorKey: string | undefined): string {
    let out = text;
    // The checks below are fast paths: each only skips work that would change nothing (the
    // prefilters are supersets of what the patterns match), so mutants that skip less are equivalent.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; no built-in rule matches fewer characters
    if (text.length >= MIN_SECRET_LENGTH) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a prefilter; running the scans on more strings changes nothing
      const gate = this.#builtIn.length > 0 ? mayHoldSecret(text) : mayHoldKeyValue(text);
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a prefilter over the built-in patterns
      const patterns = gate && this.#builtIn.length > 0 && mayHoldPatternSecret(out);
      // Secrets that span spaces go first, whole (a private key after `PRIVATE_KEY=`, an AWS key id
      // and its secret key); then gitleaks' rules, on the string as logged but for those (their
      // patterns read the context around a secret, which the stages after them change; they censor
      // only the secret part); then key=value fragments (`Authorization: Bearer x` as one value);
      // then every other pattern.
      // Stryker disable next-line ConditionalExpression: a prefilter; with no built-in pattern in reach the pass changes nothing
      if (patterns) out = this.#replaceAll(this.#builtIn, out, WHOLE_FIRST);
      // A member's key that names a vendor is read before the value (`heroku=<value>`).
      if (vendorKey !== undefined && this.#gitleaks !== undefined)
        out = this.#gitleaks.redactUnder(vendorKey, out, this.#censorFound);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a prefilter (the rules' keywords); the scan finds nothing without one
      else if (this.#gitleaks?.mayMatch(out)) out = this.#gitleaks.redact(out, this.#censorFound);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a prefilter; the scan finds no pair without ':', '=' or a flag
      if (gate && mayHoldKeyValue(out)) out = redactKeyValues(out, this.#isSecretKey, this.#censorFound);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a prefilter over the built-in patterns
      if (patterns && mayHoldPatternSecret(out)) out = this.#replaceAll(this.#builtIn, out);
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with no user patterns the scan does nothing
    return this.#userPatterns.length > 0 ? this.#replaceAll(this.#userPatterns, out) : out;
  }

  /**
   * {@link redactString} for a string under `key` (an object member): gitleaks' rules that need a
   * vendor's name before the value (`{ heroku: '<key>' }`, `{ datadog: '<key>' }`) read the key as
   * that name, as they would in `heroku=<key>`.
   */
  redactStringUnder(fullKey: string, text: string): string {
    const gitleaks = this.#gitleaks;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a bound on the work; slicing a short key changes nothing
    const key = fullKey.length > KEY_READ_LIMIT ? fullKey.slice(-KEY_READ_LIMIT) : fullKey;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a fast path; a key without any rule's keyword adds nothing to what the rules see
    if (gitleaks === undefined || text.length < MIN_SECRET_LENGTH || !this.#namesVendor(key, gitleaks)) {
      return this.#redact(text, undefined);
    }
    return this.#redact(text, key);
  }

  #namesVendor(key: string, gitleaks: GitleaksScanner): boolean {
    let names = this.#vendorKeyCache.get(key);
    // Stryker disable next-line ConditionalExpression: a cache; judging the key again gives the same verdict
    if (names === undefined) {
      names = gitleaks.namesVendor(key);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's size bound changes no verdict
      if (this.#vendorKeyCache.size < KEY_CACHE_LIMIT) this.#vendorKeyCache.set(key, names);
    }
    return names;
  }

  /**
   * True when an identifier (a trace, span or correlation id) holds a secret: a value pattern, a
   * `key=value` fragment with a secret key, or an SSN. Such ids are refused, not redacted. The card
   * pattern is not applied: a 16-digit span id of hex digits may be all decimal digits.
   */
  isSecretId(text: string): boolean {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: with no user patterns the scan finds nothing; no user pattern is named like a digit pattern in the tests
    if (this.#userPatterns.length > 0 && this.#matchesAny(this.#userPatterns, text, false)) return true;
    // Stryker disable next-line ConditionalExpression: a fast path; no built-in rule matches fewer characters
    if (text.length < MIN_SECRET_LENGTH) return false;
    if (mayHoldKeyValue(text) && redactKeyValues(text, this.#isSecretKey, () => '') !== text) return true;
    if (this.#builtIn.length > 0 && mayHoldPatternSecret(text) && this.#matchesAny(this.#builtIn, text, true))
      return true;
    return this.#gitleaks?.mayMatch(text) === true && this.#gitleaks.findings(text).length > 0;
  }

  #replaceAll(patterns: readonly SecretPattern[], text: string, only?: ReadonlySet<string>): string {
    let out = text;
    // The user's patterns censor whatever they match; the built-in ones leave placeholders.
    const censorText = patterns === this.#userPatterns ? this.#censorText : this.#censorFound;
    for (const { name, pattern, accept, censor, minLength } of patterns) {
      if (only !== undefined && !only.has(name)) continue;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; a pattern cannot match a string shorter than its minLength
      if (minLength !== undefined && out.length < minLength) continue;
      pattern.lastIndex = 0;
      // Stryker disable next-line ConditionalExpression: a fast path; replacing without a match changes nothing
      if (!pattern.test(out)) continue;
      pattern.lastIndex = 0;
      out = out.replace(pattern, (m) => {
        if (accept !== undefined && !accept(m)) return m;
        return censor === undefined ? censorText(m) : censor(m, censorText);
      });
    }
    return out;
  }

  #matchesAny(patterns: readonly SecretPattern[], text: string, skipDigitPatterns: boolean): boolean {
    for (const { name, pattern, accept } of patterns) {
      if (skipDigitPatterns && DIGIT_PATTERNS.has(name)) continue;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (accept === undefined || accept(m[0])) return true;
      }
    }
    return false;
  }

  /**
   * True when a number (`text` is its decimal digits, a BigInt's included) is a card number: 13-19
   * digits with an issuer prefix that pass Luhn, unless `key` says it counts, measures or
   * identifies something (`order_id`, `bytes_sent`). Nine-digit numbers are not taken for SSNs by
   * value (counters, byte sizes and ids of that length are everywhere): an SSN is recognised by its
   * key (`ssn`, `tax_id`, `national_id`, `id_number`, ...).
   */
  isSecretNumber(text: string, key: string | undefined): boolean {
    if (!this.#defaults) return false;
    const digits = text.startsWith('-') ? text.slice(1) : text;
    return (
      digits.length >= 13 &&
      digits.length <= 19 &&
      /^\d+$/.test(digits) &&
      isCardNumber(digits) &&
      (key === undefined || !isMeasureKey(key))
    );
  }

  /** The replacement for a secret found inside a string (`match`). */
  censorText(match: string): string {
    return this.#replacement(match, undefined);
  }

  /**
   * The replacement for a value under a secret key, or undefined when the member is to be left out
   * (`censor: 'remove'`).
   */
  censorKeyed(value: unknown, key: string): string | undefined {
    if (this.#censor === CENSOR_REMOVE) return undefined;
    return this.#replacement(value, key);
  }

  /** True when secret keys get the default `[REDACTED]` (the serialiser's fast path). */
  // Stryker disable next-line BlockStatement: the serialiser's slow path gives the same text
  get censorsWithDefault(): boolean {
    // Stryker disable next-line ConditionalExpression: the serialiser's slow path gives the same text
    return this.#censor === REDACTED;
  }

  #replacement(value: unknown, key: string | undefined): string {
    const censor = this.#censor;
    if (typeof censor === 'string') return censor === CENSOR_REMOVE ? '' : censor;
    try {
      const out = censor(value, key);
      return typeof out === 'string' ? out : REDACTED;
    } catch {
      return REDACTED;
    }
  }
}

function keyList(value: readonly string[] | undefined, option: string): string[] {
  const keys = value ?? [];
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || normalizeKey(k) === '')) {
    throw new InvalidOptionsError(option, 'expected an array of non-empty key names');
  }
  return keys.map(normalizeKey);
}

function toSecretPattern(p: RegExp | SecretPattern, index: number): SecretPattern {
  const option = `redaction.patterns[${index}]`;
  // Stryker disable next-line StringLiteral: the name is only compared with the built-in digit patterns' names
  const source = p instanceof RegExp ? { name: `custom_${index}`, pattern: p } : p;
  // Stryker disable next-line ConditionalExpression: a string has no `pattern` either and fails the last test
  if (source === null || typeof source !== 'object' || !(source.pattern instanceof RegExp)) {
    throw new InvalidOptionsError(option, 'expected a RegExp or { name, pattern: RegExp, accept? }');
  }
  const flags = source.pattern.flags.includes('g') ? source.pattern.flags : `${source.pattern.flags}g`;
  const pattern = new RegExp(source.pattern.source, flags);
  if (new RegExp(source.pattern.source, source.pattern.flags.replace(/[gy]/g, '')).test('')) {
    throw new InvalidOptionsError(option, `${String(source.pattern)} matches the empty string; it must match a secret`);
  }
  return {
    name: source.name,
    pattern,
    ...(source.accept ? { accept: source.accept } : {}),
    ...(source.censor ? { censor: source.censor } : {}),
  };
}
