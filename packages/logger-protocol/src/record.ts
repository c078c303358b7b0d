import { RECORD_HEAD_KEYS } from './record-schema.js';
import { SafeSerializer } from './safe-serializer.js';

/** Prefix that keeps a clashing context key instead of dropping it: `timestamp` → `ctx_timestamp`. */
const CLASH_PREFIX = 'ctx_';

const RESERVED = new Set<string>(RECORD_HEAD_KEYS);
const RESERVED_WITH_ERROR = new Set<string>([...RESERVED, ...SafeSerializer.errorKeys('error_')]);

/**
 * The JSON members (`,"key":value` ...) for a record's context: `trace_id` is skipped (the record
 * writes it first), `error` is expanded into the error fields, and a key that clashes with a record
 * field is renamed with the `ctx_` prefix so it is neither lost nor able to overwrite.
 */
export function contextMembers(
  serializer: SafeSerializer,
  context: object,
  errorPresent: boolean,
  keys: readonly string[] = Object.keys(context),
): string {
  let out = '';
  const reserved = errorPresent ? RESERVED_WITH_ERROR : RESERVED;
  for (const key of keys) {
    if (key === 'trace_id') continue;
    if (key === 'error') {
      const error = (context as { error?: unknown }).error;
      if (error !== undefined) out += serializer.errorMembers(error, 'error_');
      continue;
    }
    let outKey = key;
    while (reserved.has(outKey) || (outKey !== key && Object.hasOwn(context, outKey))) outKey = CLASH_PREFIX + outKey;
    const member = serializer.member(context, key, outKey);
    if (member !== undefined) out += `,${member}`;
  }
  return out;
}

/** True when `context` holds an error to expand. */
export function hasError(context: object): boolean {
  return (context as { error?: unknown }).error !== undefined;
}
