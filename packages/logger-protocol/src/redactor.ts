import { InvalidOptionsError } from './errors.js';
import {
  DEFAULT_PATTERN_PREFILTER,
  DEFAULT_SECRET_KEYS,
  DEFAULT_SECRET_PATTERNS,
  normalizeKey,
  type SecretPattern,
} from './secret-patterns.js';

/** The text that stands where a secret was. */
export const REDACTED = '[REDACTED]';

/**
 * What to redact beyond (or instead of) the built-in rules.
 *
 * @example
 * ```ts
 * const redactor = new Redactor({ keys: ['x_internal_key'], patterns: [/acct-\d{8}/g] });
 * ```
 */
export interface RedactionOptions {
  /** More key names whose values are secrets (matched like the built-in ones). @default [] */
  readonly keys?: readonly string[];
  /** More patterns replaced wherever they stand in a string. @default [] */
  readonly patterns?: readonly (RegExp | SecretPattern)[];
  /** Keep the built-in keys and patterns. @default true */
  readonly defaults?: boolean;
}

const KEY_CACHE_LIMIT = 4096;

/**
 * Decides what is a secret: by key name (at any depth) and by value pattern (anywhere in a string,
 * the message included). It never mutates its input.
 *
 * @example
 * ```ts
 * const r = new Redactor();
 * r.isSecretKey('X-Api-Key'); // true
 * r.redactString('Authorization: Bearer abc.def'); // 'Authorization: [REDACTED]'
 * ```
 */
export class Redactor {
  readonly #words: readonly string[];
  readonly #patterns: readonly SecretPattern[];
  readonly #prefilter: RegExp | undefined;
  readonly #keyCache = new Map<string, boolean>();

  constructor(options: RedactionOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidOptionsError('redaction', 'expected an object with keys, patterns and defaults');
    }
    const useDefaults = options.defaults ?? true;
    const keys = options.keys ?? [];
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || normalizeKey(k) === '')) {
      throw new InvalidOptionsError('redaction.keys', 'expected an array of non-empty key names');
    }
    const patterns = (options.patterns ?? []).map((p, i) => toSecretPattern(p, i));
    this.#words = [...new Set([...(useDefaults ? DEFAULT_SECRET_KEYS : []), ...keys.map(normalizeKey)])];
    this.#patterns = [...(useDefaults ? DEFAULT_SECRET_PATTERNS : []), ...patterns];
    // The prefilter only knows the built-in patterns; user patterns always run.
    this.#prefilter = useDefaults && patterns.length === 0 ? DEFAULT_PATTERN_PREFILTER : undefined;
  }

  /** True when values under `key` must be redacted. */
  isSecretKey(key: string): boolean {
    const cached = this.#keyCache.get(key);
    if (cached !== undefined) return cached;
    const n = normalizeKey(key);
    let secret = false;
    for (const word of this.#words) {
      if (n.endsWith(word)) {
        secret = true;
        break;
      }
    }
    if (this.#keyCache.size < KEY_CACHE_LIMIT) this.#keyCache.set(key, secret);
    return secret;
  }

  /** `text` with every secret-looking part replaced by `[REDACTED]`. */
  redactString(text: string): string {
    if (this.#prefilter !== undefined && !this.#prefilter.test(text)) return text;
    let out = text;
    for (const { pattern, accept } of this.#patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(out)) continue;
      pattern.lastIndex = 0;
      out =
        accept === undefined ? out.replace(pattern, REDACTED) : out.replace(pattern, (m) => (accept(m) ? REDACTED : m));
    }
    return out;
  }
}

function toSecretPattern(p: RegExp | SecretPattern, index: number): SecretPattern {
  const option = `redaction.patterns[${index}]`;
  const source = p instanceof RegExp ? { name: `custom_${index}`, pattern: p } : p;
  if (source === null || typeof source !== 'object' || !(source.pattern instanceof RegExp)) {
    throw new InvalidOptionsError(option, 'expected a RegExp or { name, pattern: RegExp, accept? }');
  }
  const flags = source.pattern.flags.includes('g') ? source.pattern.flags : `${source.pattern.flags}g`;
  const pattern = new RegExp(source.pattern.source, flags);
  if (new RegExp(source.pattern.source, source.pattern.flags.replace(/[gy]/g, '')).test('')) {
    throw new InvalidOptionsError(option, `${String(source.pattern)} matches the empty string; it must match a secret`);
  }
  return { name: source.name, pattern, ...(source.accept ? { accept: source.accept } : {}) };
}
