// Error expansion: turning an Error (or anything thrown) into the fields a record carries for it:
// type, message, stack, cause (recursively, to a depth), the errors of an AggregateError, and the
// error's own properties (as `fields`), guarded against cycles and throwing getters.
import { safeGet, safeHas, safeString } from './safe-read.js';
import type { SerializeLimits } from './serialize-limits.js';

/**
 * What error expansion needs from the serialiser: its limits and its writers for strings, values,
 * lists and members (with the depth and the stack of objects being written, for cycles).
 */
export interface ErrorWriter {
  readonly limits: SerializeLimits;
  string(text: string): string;
  value(value: unknown, depth: number, stack: object[]): string;
  list(items: readonly unknown[], depth: number, stack: object[]): string;
  member(obj: object, key: string, depth: number, stack: object[]): string | undefined;
}

/** The parts {@link errorParts} may give, in their order. */
export const ERROR_PART_KEYS: readonly string[] = ['type', 'message', 'stack', 'cause', 'errors', 'fields'];

const toStringTag = Object.prototype.toString;

/** True for an Error, also one from another realm. */
export function isError(value: unknown): value is Error {
  return value instanceof Error || toStringTag.call(value) === '[object Error]';
}

function errorType(error: Error): string {
  const name = safeGet(error, 'name');
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  const ctor = safeGet(error, 'constructor');
  const ctorName = typeof ctor === 'function' ? ctor.name : undefined;
  // Here `name` is empty, 'Error' or not a string: the class name says more, if there is one.
  return ctorName || 'Error';
}

const ERROR_OWN_SKIP = new Set(['name', 'message', 'stack', 'cause', 'errors']);

/**
 * The parts of an error as [key, JSON text] pairs: `type` and `message` for anything; `stack`,
 * `cause`, `errors` and `fields` for an Error that has them.
 */
export function errorParts(w: ErrorWriter, error: unknown, depth: number, stack: object[]): [string, string][] {
  if (error === null || typeof error !== 'object') {
    return [
      ['type', JSON.stringify(error === null ? 'null' : typeof error)],
      ['message', w.string(safeString(error))],
    ];
  }
  if (!isError(error)) {
    return [
      ['type', JSON.stringify('NonError')],
      ['message', w.value(error, depth + 1, stack)],
    ];
  }
  const parts: [string, string][] = [['type', w.string(errorType(error))]];
  const message = safeGet(error, 'message');
  parts.push(['message', w.string(safeString(message))]);
  const errStack = safeGet(error, 'stack');
  if (typeof errStack === 'string') parts.push(['stack', w.string(errStack)]);
  // The error itself may be on top of the stack (a nested error pushed by the serialiser's object
  // writer): only an earlier occurrence is a cycle.
  const seen = stack.indexOf(error);
  if (stack.length >= w.limits.maxCauseDepth + 1 || (seen >= 0 && seen !== stack.length - 1)) {
    return parts;
  }
  stack.push(error);
  try {
    if (safeHas(error, 'cause')) parts.push(['cause', cause(w, safeGet(error, 'cause'), stack)]);
    const errors = safeGet(error, 'errors');
    if (Array.isArray(errors)) parts.push(['errors', w.list(errors, depth, stack)]);
    const fields = errorFields(w, error, depth, stack);
    if (fields !== undefined) parts.push(['fields', fields]);
  } finally {
    stack.pop();
  }
  return parts;
}

function cause(w: ErrorWriter, value: unknown, stack: object[]): string {
  if (stack.includes(value as object)) return '"[Circular]"';
  if (stack.length > w.limits.maxCauseDepth) return '"[Truncated: max cause depth]"';
  if (isError(value)) {
    let out = '';
    for (const [k, v] of errorParts(w, value, stack.length, stack)) out += `,"${k}":${v}`;
    return `{${out.slice(1)}}`;
  }
  return w.value(value, stack.length, stack);
}

function errorFields(w: ErrorWriter, error: Error, depth: number, stack: object[]): string | undefined {
  let keys: string[];
  try {
    keys = Object.keys(error).filter((k) => !ERROR_OWN_SKIP.has(k));
  } catch {
    return undefined;
  }
  let out = '';
  for (const key of keys.slice(0, w.limits.maxObjectKeys)) {
    const m = w.member(error, key, depth, stack);
    if (m !== undefined) out += `,${m}`;
  }
  return out === '' ? undefined : `{${out.slice(1)}}`;
}
