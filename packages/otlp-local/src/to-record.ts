import type { ReceivedLog } from './decode.js';

// Severity numbers of our five levels (OTel's DEBUG, INFO, WARN, ERROR, FATAL).
const LEVELS: Readonly<Record<number, string>> = { 5: 'debug', 9: 'info', 13: 'warning', 17: 'error', 21: 'critical' };

/**
 * A received log record back in dashtam's record form (timestamp, level, message, trace_id,
 * span_id, trace_flags, then the attributes in order), to compare with what was logged.
 */
export function toDashtamRecord(log: ReceivedLog): Record<string, unknown> {
  const attributes = new Map(log.attributes);
  const record: Record<string, unknown> = {
    timestamp: new Date(Number(log.timeUnixNano / 1_000_000n)).toISOString(),
    level: LEVELS[log.severityNumber] ?? `severity-${log.severityNumber}`,
    message: log.body,
  };
  if (log.traceId !== '') {
    record.trace_id = log.traceId;
    record.span_id = log.spanId;
    record.trace_flags = log.flags.toString(16).padStart(2, '0');
  } else if (attributes.has('trace_id')) {
    record.trace_id = attributes.get('trace_id');
  }
  for (const [key, value] of attributes) if (!(key in record)) record[key] = value;
  return record;
}
