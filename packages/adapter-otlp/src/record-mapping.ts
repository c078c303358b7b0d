import type { LogLevel } from '@dashtam/logger-protocol';
import { type Context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { AnyValue, AnyValueMap, LogRecord } from '@opentelemetry/api-logs';

/**
 * Our five levels as OpenTelemetry severities: the number is the first of its OTel range, the text
 * is OTel's short name (`WARN`, `FATAL`), which backends show; our name follows from the number.
 */
export const OTEL_SEVERITY = Object.freeze({
  debug: { number: 5, text: 'DEBUG' },
  info: { number: 9, text: 'INFO' },
  warning: { number: 13, text: 'WARN' },
  error: { number: 17, text: 'ERROR' },
  critical: { number: 21, text: 'FATAL' },
} as const satisfies Record<LogLevel, { number: number; text: string }>);

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_FLAGS = /^[0-9a-f]{2}$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';
// The record keys that become fields of the log record rather than attributes.
const MAPPED = new Set(['timestamp', 'level', 'message']);
const TRACE_KEYS = new Set(['trace_id', 'span_id', 'trace_flags']);

/**
 * A value as an OTel attribute value. JSON gives strings, numbers, booleans, null, arrays and plain
 * objects, which OTel carries as they are (arrays and maps nest). Two exceptions: an integer beyond
 * 2^53 would be sent as a 64-bit `intValue` it may not fit, so it is sent as its decimal text; a map
 * with a `__proto__` or `constructor` key is sent as its JSON text, because the SDK would lose it
 * (it assigns keys, so `__proto__` sets the prototype and the key is gone, and it drops a whole
 * attribute holding a map whose `constructor` is not `Object`, taking it for a class instance).
 */
function attributeValue(value: unknown): AnyValue {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? String(value) : value;
  if (value === null || typeof value !== 'object') return value as AnyValue;
  if (Array.isArray(value)) return value.map(attributeValue);
  if (Object.hasOwn(value, '__proto__') || Object.hasOwn(value, 'constructor')) return JSON.stringify(value);
  const out: AnyValueMap = {};
  for (const [k, v] of Object.entries(value)) out[k] = attributeValue(v);
  return out;
}

/**
 * The trace context of a record: a span context when `trace_id` and `span_id` are W3C ids (so the
 * log record joins its trace in any backend), else none.
 */
function traceContextOf(record: Record<string, unknown>): Context | undefined {
  const { trace_id: traceId, span_id: spanId, trace_flags: flags } = record;
  if (
    typeof traceId !== 'string' ||
    typeof spanId !== 'string' ||
    !TRACE_ID.test(traceId) ||
    traceId === ZERO_TRACE ||
    !SPAN_ID.test(spanId) ||
    spanId === ZERO_SPAN
  ) {
    return undefined;
  }
  const traceFlags = typeof flags === 'string' && TRACE_FLAGS.test(flags) ? Number.parseInt(flags, 16) : 0;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags, isRemote: true });
}

/**
 * One finished record line as an OTel log record: severity from the level, body = message,
 * timestamp = the record's time, the trace context from `trace_id`/`span_id`/`trace_flags` when
 * they are W3C ids (else those keys stay attributes as they are), and every other key as an
 * attribute, in the record's order.
 *
 * The context is always given (ROOT_CONTEXT when there is no trace context): the SDK would
 * otherwise take the span active at the call, which may not be the record's.
 */
export function toOtelLogRecord(line: string, level: LogLevel, time: number): LogRecord {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    record =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
  } catch {
    // Not a record line (a sink used outside a Logger): the line itself is the body.
    record = { message: line };
  }
  const context = traceContextOf(record);
  const attributes: AnyValueMap = {};
  for (const key of Object.keys(record)) {
    if (MAPPED.has(key) || (context !== undefined && TRACE_KEYS.has(key))) continue;
    // The SDK drops an attribute with an empty key, and loses a `__proto__` one (it assigns it).
    attributes[key === '' || key === '__proto__' ? `_${key}` : key] = attributeValue(record[key]);
  }
  const severity = OTEL_SEVERITY[level] ?? OTEL_SEVERITY.info;
  const message = record.message;
  return {
    timestamp: time,
    severityNumber: severity.number,
    severityText: severity.text,
    body: typeof message === 'string' ? message : attributeValue(message ?? ''),
    attributes,
    context: context ?? ROOT_CONTEXT,
  };
}
