// Reads that never throw: a property (a getter or a Proxy trap may throw), `in`, and the text of a
// value or of a thrown error, for the serialiser and what it delegates to.

/** `target[key]`, or undefined when a getter or a Proxy trap throws. */
export function safeGet(target: object, key: PropertyKey): unknown {
  try {
    return (target as Record<PropertyKey, unknown>)[key];
  } catch {
    // A getter or a Proxy trap that throws: read as undefined.
  }
  return undefined;
}

/** `key in target`, or false when a Proxy `has` trap throws. */
export function safeHas(target: object, key: PropertyKey): boolean {
  try {
    return key in target;
  } catch {
    // A Proxy `has` trap that throws: taken as absent.
  }
  return false;
}

/** The message of a thrown value, or 'unknown' when even that cannot be read. */
export function messageOf(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown';
  }
}

/** `String(value)`, or `fallback` when that throws. */
export function safeString(value: unknown, fallback = '[unprintable]'): string {
  try {
    // String() (unlike a template or `+`) also turns a Symbol into text.
    return String(value);
  } catch {
    return fallback;
  }
}
