// Shape-based secret detection: secrets found by how data is laid out rather than by a key or a
// value pattern alone: `{ name, value }` objects (Kubernetes env, HAR headers, AWS parameters and
// tags), `[key, value]` entries and flat name-value lists (Node's `rawHeaders`), and command-line
// flags naming a secret (`--password`, `-p`) followed by their value.
import type { Redactor } from './redactor.js';
import { safeGet } from './safe-read.js';

const NAME_FIELDS = new Set(['name', 'Name', 'key', 'Key', 'ParameterKey', 'ParameterName']);
/** The fields of a `{ name, value }` object that hold the value. */
export const VALUE_FIELDS: ReadonlySet<string> = new Set(['value', 'Value', 'ParameterValue']);
const HEADER_NAME = /^:?[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const COMMON_HEADERS = new Set([
  'host',
  'user-agent',
  'accept',
  'content-type',
  'content-length',
  'connection',
  ':method',
  ':path',
  ':authority',
]);

/**
 * For a `{ name, value }` object (Kubernetes env, HAR headers, AWS parameters and tags), the
 * name when it is a secret key: the value field is then censored.
 */
export function secretPairName(redactor: Redactor, value: object, keys: readonly string[]): string | undefined {
  if (keys.length > 6) return undefined;
  let name: unknown;
  let hasValue = false;
  for (const key of keys) {
    if (NAME_FIELDS.has(key)) name = safeGet(value, key);
    else if (VALUE_FIELDS.has(key)) hasValue = true;
  }
  return hasValue && typeof name === 'string' && redactor.isSecretKey(name) ? name : undefined;
}

/** True for a command-line flag naming a secret, whose value is the next argument (`--password`, `-p`). */
export function isSecretFlag(redactor: Redactor, arg: unknown): boolean {
  return (
    typeof arg === 'string' &&
    /^--?[A-Za-z][\w-]{0,63}$/.test(arg) &&
    (arg === '-p' || (arg.startsWith('--') && redactor.isSecretKey(arg.slice(2))))
  );
}

/** True for a `[key, value]` entry (Object.entries, header lists) whose key is a secret key. */
export function isSecretEntry(redactor: Redactor, item: unknown): item is [string, unknown] {
  return Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && redactor.isSecretKey(item[0]);
}

/**
 * True for a flat list of HTTP header names and values (Node's `rawHeaders`): an even number of
 * strings, every other one a header-like name, one of them a header every request carries. A list
 * of words (`['auth', 'login']`) is not taken for pairs.
 */
export function isFlatPairs(items: readonly unknown[]): boolean {
  if (items.length < 4 || items.length % 2 !== 0 || items.length > 512) return false;
  let common = false;
  for (let i = 0; i < items.length; i += 2) {
    const name = items[i];
    if (typeof name !== 'string' || !HEADER_NAME.test(name) || typeof items[i + 1] !== 'string') return false;
    common ||= COMMON_HEADERS.has(name.toLowerCase());
  }
  return common;
}
