/**
 * What a record line holds for OTLP, by the rules of `record-mapping.ts` (the SDK path), read
 * without building a log record: the parsed record, whether its trace context is valid, and how a
 * value is carried. The protobuf and JSON encoders walk the parsed record with these rules, so both
 * send what the SDK sends for the same line.
 */

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_FLAGS = /^[0-9a-f]{2}$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

/** A parsed record line: a JSON object, or `{ message: line }` for a line that is not JSON. */
export type LineRecord = Record<string, unknown>;

/**
 * The line as a record: the parsed object; `{}` for JSON that is not an object (an array, a
 * number); `{ message: line }` for a line that is not JSON (the line itself becomes the body).
 */
export function parseLine(line: string): LineRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { message: line };
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as LineRecord) : {};
}

/**
 * The trace flags (0..255) when `trace_id` and `span_id` are W3C ids (lower-case hex, not all
 * zero), else -1: the record then has no trace context and those keys stay attributes.
 */
export function traceFlagsOf(record: LineRecord): number {
  const { trace_id: traceId, span_id: spanId, trace_flags: flags } = record;
  if (
    typeof traceId !== 'string' ||
    typeof spanId !== 'string' ||
    !TRACE_ID.test(traceId) ||
    traceId === ZERO_TRACE ||
    !SPAN_ID.test(spanId) ||
    spanId === ZERO_SPAN
  ) {
    return -1;
  }
  return typeof flags === 'string' && TRACE_FLAGS.test(flags) ? Number.parseInt(flags, 16) : 0;
}

/**
 * Whether a record key is an attribute: not `timestamp`, `level`, `message` (fields of the log
 * record), nor `trace_id`, `span_id`, `trace_flags` when the trace context is valid.
 */
export function isAttributeKey(key: string, traced: boolean): boolean {
  if (key === 'timestamp' || key === 'level' || key === 'message') return false;
  return !(traced && (key === 'trace_id' || key === 'span_id' || key === 'trace_flags'));
}

/** An attribute's key as sent: the SDK drops an empty key and loses `__proto__`, so both get a `_`. */
export function attributeKey(key: string): string {
  return key === '' || key === '__proto__' ? `_${key}` : key;
}

/**
 * Whether a map is sent as its JSON text: one with an own `__proto__` or `constructor` key (the SDK
 * would lose the first and drop a map holding the second).
 */
export function isOpaqueMap(value: object): boolean {
  return Object.hasOwn(value, '__proto__') || Object.hasOwn(value, 'constructor');
}
