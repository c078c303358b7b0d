// Scope fields: the checks on the fields a scope adds to every record (an object, and no key the
// record writes itself), and the merging of a nested scope's fields over its outer scope's.
import type { LogContext } from '@dashtam/logger-protocol';
import { RECORD_LEADING_KEYS, safeMerge } from '@dashtam/logger-protocol/internal';
import { InvalidContextFieldsError } from './errors.js';

// Keys the record writes itself, and the error key (its fields would clash with a call's error).
const RESERVED_FIELDS: ReadonlySet<string> = new Set([
  ...RECORD_LEADING_KEYS,
  'error',
  'logger',
  'buffered',
  'sampled',
]);

/**
 * The fields checked: undefined stays undefined; `where` names the caller in the error.
 *
 * @throws {InvalidContextFieldsError} when `fields` is not an object or names a key the record writes itself.
 */
export function checkFields(fields: unknown, where: string): Readonly<Record<string, unknown>> | undefined {
  if (fields === undefined) return undefined;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new InvalidContextFieldsError(
      `${where}: fields must be an object such as { user_id: 'u-1' }, got ${fields === null ? 'null' : Array.isArray(fields) ? 'an array' : typeof fields}`,
    );
  }
  for (const key of Object.keys(fields)) {
    if (RESERVED_FIELDS.has(key)) {
      throw new InvalidContextFieldsError(
        `${where}: ${JSON.stringify(key)} is written by the logger itself and cannot be a scope field (use runWithTraceContext for trace and correlation ids); reserved: ${[...RESERVED_FIELDS].join(', ')}`,
      );
    }
  }
  return fields as Readonly<Record<string, unknown>>;
}

/**
 * Checks scope fields as {@link runWithContext} does, without running anything.
 *
 * @throws {InvalidContextFieldsError} when `fields` is not an object or names a key the record writes itself.
 */
export function checkContextFields(fields: LogContext): void {
  checkFields(fields, 'fields');
}

/**
 * `inner` over `outer` (the inner field wins), frozen, as bind() merges (a throwing getter becomes a
 * `[Throws: ...]` marker: the scope and its records go on); `outer` itself when `inner` adds nothing.
 */
export function mergeFields(
  outer: Readonly<Record<string, unknown>> | undefined,
  inner: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (inner === undefined || Object.keys(inner).length === 0) return outer;
  return safeMerge(outer ?? {}, inner);
}
