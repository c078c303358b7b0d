// Safe serialisation: SafeSerializer turns any value into JSON text without ever throwing, with
// secrets redacted (by key, by value pattern, and by shape) and depth, width and length capped.
// What it delegates lives beside it: error expansion in error-expansion.ts, shape-based secret
// detection in secret-shapes.ts, reads that never throw in safe-read.ts.
import { ERROR_PART_KEYS, type ErrorWriter, errorParts, isError } from './error-expansion.js';
import { REDACTED, type Redactor } from './redactor.js';
import { messageOf, safeGet, safeString } from './safe-read.js';
import { truncate } from './sanitize.js';
import { isFlatPairs, isSecretEntry, isSecretFlag, secretPairName, VALUE_FIELDS } from './secret-shapes.js';
import type { SerializeLimits } from './serialize-limits.js';

const REDACTED_JSON = JSON.stringify(REDACTED);
const SCAN_MARGIN = 4096;
// Messages up to this length, at most this many, are remembered once serialised.
const MESSAGE_MEMO_LENGTH = 200;
const MESSAGE_MEMO_SIZE = 1024;
const toStringTag = Object.prototype.toString;

/**
 * Turns any value into JSON text without ever throwing: circular references, BigInt, Symbol,
 * functions, Map, Set, Buffer and typed arrays, Date (invalid ones too), NaN and Infinity, getters
 * that throw, Proxies and `__proto__` keys all come out as valid JSON. Secrets are redacted on the
 * way (by key at any depth and by value pattern), and depth, width and length are capped with
 * markers. Input objects are only read, never changed.
 */
export class SafeSerializer {
  readonly #redactor: Redactor;
  readonly #limits: SerializeLimits;
  // key -> its JSON text (`"key"`), or null when the key names a secret. Bounded.
  readonly #keys = new Map<string, string | null>();
  // message -> its JSON text, for messages in which nothing was redacted (most are constants). Bounded.
  readonly #messages = new Map<string, string>();
  // This serialiser's writers, as error expansion calls them.
  readonly #errorWriter: ErrorWriter;

  constructor(redactor: Redactor, limits: SerializeLimits) {
    this.#redactor = redactor;
    this.#limits = limits;
    this.#errorWriter = {
      limits,
      string: (text) => this.string(text),
      value: (value, depth, stack) => this.#value(value, depth, stack),
      list: (items, depth, stack) => this.#list(items, items.length, depth, stack),
      member: (obj, key, depth, stack) => this.#member(obj, key, depth, stack),
    };
  }

  /** A JSON string literal for `text`, redacted and capped. */
  string(text: string): string {
    return this.#string(text, undefined);
  }

  // `key`: the member the string is the value of; it may name the vendor of a secret.
  #string(text: string, key: string | undefined): string {
    const max = this.#limits.maxStringLength;
    // Only what can be written is scanned (plus a margin, so a secret that straddles the cut is
    // still seen whole): a megabyte string costs what a 20 KB one does.
    const scanned = text.length > max + SCAN_MARGIN ? text.slice(0, max + SCAN_MARGIN) : text;
    const redacted =
      key === undefined ? this.#redactor.redactString(scanned) : this.#redactor.redactStringUnder(key, scanned);
    return quote(truncate(redacted, max));
  }

  /**
   * {@link SafeSerializer.string} for a record's message, remembered for short messages in which
   * nothing was redacted: a service logs the same few messages again and again. A message that
   * held a secret is redacted anew each time (the censor sees every one).
   */
  message(text: string): string {
    let json = this.#messages.get(text);
    // Stryker disable next-line ConditionalExpression: a cache; serialising again gives the same text
    if (json === undefined) {
      json = this.string(text);
      // Only a message that came out as it went in (nothing redacted, nothing cut) is remembered;
      // not remembering one only costs time.
      if (json === quote(text)) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: bounds on a cache; not remembering gives the same text
        if (text.length <= MESSAGE_MEMO_LENGTH) {
          // Stryker disable next-line ConditionalExpression,EqualityOperator: starting the cache over gives the same text
          if (this.#messages.size >= MESSAGE_MEMO_SIZE) this.#messages.clear();
          this.#messages.set(text, json);
        }
      }
    }
    return json;
  }

  /**
   * A JSON string literal for an identifier (trace or span id): escaped and capped, but not run
   * through the value patterns, which could mistake a digit run in an id for a card number. Check
   * ids from outside with {@link SafeSerializer.isSafeId} first.
   */
  id(text: string): string {
    return quote(truncate(text, this.#limits.maxStringLength));
  }

  /** False when `text` looks like a secret (a JWT, a bearer token, a key) and must not be written as an id. */
  isSafeId(text: string): boolean {
    return !this.#redactor.isSecretId(text);
  }

  /** JSON text for any value. */
  value(value: unknown): string {
    return this.#value(value, 0, []);
  }

  /**
   * Members `,"error_type":..,"error_message":..,"error_stack":..` (and `error_cause`,
   * `error_errors`, `error_fields` when present) for the error of a record.
   */
  errorMembers(error: unknown, prefix: string): string {
    const parts = errorParts(this.#errorWriter, error, 0, []);
    let out = '';
    for (const [k, v] of parts) out += `,"${prefix}${k}":${v}`;
    return out;
  }

  /** The keys {@link SafeSerializer.errorMembers} may write, with `prefix`. */
  static errorKeys(prefix: string): readonly string[] {
    return ERROR_PART_KEYS.map((k) => prefix + k);
  }

  // Keys are text too: a connection string or a token used as a key is redacted like a value.
  #key(key: string): string {
    const text = this.#redactor.redactString(key.length > 256 + SCAN_MARGIN ? key.slice(0, 256 + SCAN_MARGIN) : key);
    return JSON.stringify(text.length > 256 ? truncate(text, 256) : text);
  }

  /** The quoted key, or null when values under it are secrets; cached per key. */
  #keyInfo(key: string): string | null {
    let info = this.#keys.get(key);
    // Stryker disable next-line ConditionalExpression: a cache; computing the entry again gives the same one
    if (info === undefined) {
      info = this.#redactor.isSecretKey(key) ? null : this.#key(key);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's size bound changes no output
      if (this.#keys.size < 4096) this.#keys.set(key, info);
    }
    return info;
  }

  #value(value: unknown, depth: number, stack: object[]): string {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        return this.#number(value, undefined);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint': {
        const text = value.toString();
        return this.#redactor.isSecretNumber(text, undefined) ? quote(this.#redactor.censorText(text)) : `"${text}"`;
      }
      case 'undefined':
        return 'null';
      case 'symbol':
        return this.string(value.toString());
      case 'function':
        return this.string(`[Function: ${(safeGet(value, 'name') as string) || 'anonymous'}]`);
      default:
        return value === null ? 'null' : this.#object(value as object, depth, stack);
    }
  }

  /** A number; one that is a card number or an SSN by its digits is censored like a string match. */
  #number(value: number, key: string | undefined): string {
    if (!Number.isFinite(value)) return `"${String(value)}"`;
    const text = String(value);
    if (
      Number.isInteger(value) &&
      Math.abs(value) >= 1e12 &&
      Math.abs(value) < 1e19 &&
      this.#redactor.isSecretNumber(text, key)
    ) {
      return quote(this.#redactor.censorText(text));
    }
    return text;
  }

  /** The member for a value under a secret key: censored, or undefined when the censor removes it. */
  #censoredMember(name: string, obj: object, key: string, read: boolean, given?: unknown): string | undefined {
    // Stryker disable next-line ConditionalExpression: a fast path; censorKeyed gives the same default text
    if (this.#redactor.censorsWithDefault) return `${name}:${REDACTED_JSON}`;
    const value = read ? safeGet(obj, key) : given;
    const replacement = this.#redactor.censorKeyed(value, key);
    return replacement === undefined
      ? undefined
      : `${name}:${quote(truncate(replacement, this.#limits.maxStringLength))}`;
  }

  #object(value: object, depth: number, stack: object[]): string {
    if (stack.includes(value)) return '"[Circular]"';
    if (depth >= this.#limits.maxDepth) return '"[Truncated: max depth]"';
    stack.push(value);
    try {
      return this.#objectInner(value, depth, stack);
    } catch (e) {
      return this.string(`[Unserializable: ${messageOf(e)}]`);
    } finally {
      stack.pop();
    }
  }

  #objectInner(value: object, depth: number, stack: object[]): string {
    if (Array.isArray(value)) return this.#list(value, value.length, depth, stack);
    if (value instanceof Date) {
      const t = value.getTime();
      return Number.isNaN(t) ? '"Invalid Date"' : `"${value.toISOString()}"`;
    }
    if (isError(value)) {
      // errorParts puts the error on the stack itself (and takes one already there for a cycle):
      // it comes off while its parts are written, so its cause and fields are written too.
      stack.pop();
      let out = '';
      try {
        for (const [k, v] of errorParts(this.#errorWriter, value, depth, stack)) out += `,"${k}":${v}`;
      } finally {
        stack.push(value);
      }
      return `{${out.slice(1)}}`;
    }
    if (ArrayBuffer.isView(value)) {
      const kind =
        // Stryker disable next-line ConditionalExpression,StringLiteral: Buffer exists on Node; the guard is for other runtimes
        typeof Buffer !== 'undefined' && Buffer.isBuffer(value) ? 'Buffer' : toStringTag.call(value).slice(8, -1);
      return `"[${kind}: ${value.byteLength} bytes]"`;
    }
    if (value instanceof ArrayBuffer) return `"[ArrayBuffer: ${value.byteLength} bytes]"`;
    if (value instanceof Map) return this.#map(value, value.size, depth, stack);
    // Headers and URLSearchParams hold their entries internally: written as objects, keys checked.
    // Stryker disable ConditionalExpression,StringLiteral: both exist on Node >= 18; the guards are for other runtimes
    if (
      (typeof Headers !== 'undefined' && value instanceof Headers) ||
      (typeof URLSearchParams !== 'undefined' && value instanceof URLSearchParams)
    ) {
      // Stryker restore ConditionalExpression,StringLiteral
      const entries = [...value.entries()];
      return this.#map(entries, entries.length, depth, stack);
    }
    if (value instanceof Set) return this.#list(value, value.size, depth, stack);
    if (value instanceof RegExp || value instanceof String) return this.string(String(value));
    if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise) {
      return `"[${toStringTag.call(value).slice(8, -1)}]"`;
    }
    const toJSON = safeGet(value, 'toJSON');
    if (typeof toJSON === 'function') {
      let json: unknown;
      try {
        json = toJSON.call(value);
      } catch (e) {
        return this.string(`[Throws: ${messageOf(e)}]`);
      }
      return json === value ? '{}' : this.#value(json, depth + 1, stack);
    }
    return this.#plain(value, depth, stack);
  }

  #plain(value: object, depth: number, stack: object[]): string {
    const keys = Object.keys(value);
    const max = this.#limits.maxObjectKeys;
    const pairName = secretPairName(this.#redactor, value, keys);
    let out = '';
    let n = 0;
    for (const key of keys) {
      if (n === max) {
        out += `,"[Truncated]":"${keys.length - max} more keys"`;
        break;
      }
      const member =
        pairName !== undefined && VALUE_FIELDS.has(key)
          ? this.#censoredMember(this.#keyInfo(key) ?? this.#key(key), value, pairName, false, safeGet(value, key))
          : this.#member(value, key, depth, stack);
      if (member === undefined) continue;
      out += `,${member}`;
      n++;
    }
    return `{${out.slice(1)}}`;
  }

  /** `"key":value` for one property, or undefined when the property is skipped (undefined). */
  #member(obj: object, key: string, depth: number, stack: object[], outKey = key): string | undefined {
    const quoted = this.#keyInfo(key);
    // Stryker disable next-line ConditionalExpression: reuses the cached quoted key; quoting again gives the same text
    const name = outKey === key && quoted !== null ? quoted : this.#key(outKey);
    if (quoted === null) return this.#censoredMember(name, obj, key, true);
    let v: unknown;
    try {
      v = (obj as Record<string, unknown>)[key];
    } catch (e) {
      return `${name}:${this.string(`[Throws: ${messageOf(e)}]`)}`;
    }
    if (v === undefined) return undefined;
    if (typeof v === 'number') return `${name}:${this.#number(v, key)}`;
    if (typeof v === 'string') return `${name}:${this.#string(v, key)}`;
    return `${name}:${this.#value(v, depth + 1, stack)}`;
  }

  /** Serialises one top-level member (a record's own field) as `"outKey":value`, redacting by `key`. */
  member(obj: object, key: string, outKey: string): string | undefined {
    return this.#member(obj, key, 0, [], outKey);
  }

  #list(items: Iterable<unknown>, size: number, depth: number, stack: object[]): string {
    const max = this.#limits.maxArrayLength;
    // Key-value pairs held as arrays: `[['x-api-key', k], ...]` (Object.entries, header lists) and
    // flat name-value lists (Node's `rawHeaders`): the value after a secret name is censored.
    const flatPairs = Array.isArray(items) && isFlatPairs(items);
    let out = '';
    let n = 0;
    let previous: unknown;
    for (const item of items) {
      if (n === max) {
        out += `,"[Truncated: ${size - max} more items]"`;
        break;
      }
      if (
        (flatPairs && n % 2 === 1 && this.#redactor.isSecretKey(previous as string)) ||
        (typeof item === 'string' && isSecretFlag(this.#redactor, previous))
      ) {
        out += `,${this.#censoredValue(item, previous as string)}`;
      } else if (isSecretEntry(this.#redactor, item)) {
        out += `,[${this.#key(item[0])},${this.#censoredValue(item[1], item[0])}]`;
      } else if (flatPairs && n % 2 === 1) {
        // A value after its name: the name may be a secret's vendor (`heroku`), as a member's key may.
        out += `,${this.#string(item as string, previous as string)}`;
      } else if (isStringEntry(item) && depth + 1 < this.#limits.maxDepth) {
        out += `,[${this.string(item[0])},${this.#string(item[1], item[0])}]`;
      } else {
        out += `,${this.#value(item, depth + 1, stack)}`;
      }
      previous = item;
      n++;
    }
    return `[${out.slice(1)}]`;
  }

  /** JSON text for a value under a secret key that stands in an array (where nothing can be left out). */
  #censoredValue(value: unknown, key: string): string {
    if (this.#redactor.censorsWithDefault) return REDACTED_JSON;
    return quote(truncate(this.#redactor.censorKeyed(value, key) ?? '', this.#limits.maxStringLength));
  }

  #map(map: Iterable<[unknown, unknown]>, size: number, depth: number, stack: object[]): string {
    const max = this.#limits.maxObjectKeys;
    let out = '';
    let n = 0;
    for (const [k, v] of map) {
      if (n === max) {
        out += `,"[Truncated]":"${size - max} more entries"`;
        break;
      }
      // An object key is written as its JSON text; any other key as its text.
      // Stryker disable next-line ConditionalExpression: a null key gives 'null' either way
      const key = typeof k === 'object' && k !== null ? this.#value(k, depth + 1, stack) : safeString(k);
      const quoted = this.#keyInfo(key);
      if (quoted === null) {
        const member = this.#censoredMember(this.#key(key), map, key, false, v);
        if (member !== undefined) out += `,${member}`;
      } else {
        const json =
          typeof v === 'number'
            ? this.#number(v, key)
            : typeof v === 'string'
              ? this.#string(v, key)
              : this.#value(v, depth + 1, stack);
        out += `,${quoted}:${json}`;
      }
      n++;
    }
    return `{${out.slice(1)}}`;
  }
}

/** A `[name, value]` entry of two strings (Object.entries, header lists): the name may name the value's vendor. */
function isStringEntry(item: unknown): item is [string, string] {
  return Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string';
}

/**
 * JSON-quotes a string. Short strings with nothing to escape (the common case: ids, paths, names)
 * are wrapped directly, which is cheaper than JSON.stringify; anything else goes through it.
 */
function quote(text: string): string {
  // The fast path may always be left for JSON.stringify: mutants that leave it more often are equivalent.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: long strings go to JSON.stringify, which gives the same text
  if (text.length > 64) return JSON.stringify(text);
  // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, which needs no escape
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, `"`, `\` and surrogates (a lone one must be escaped). Mutants that send
    // more strings to JSON.stringify (a condition forced true) are equivalent and left to survive.
    if (c <= 0x1f || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}
