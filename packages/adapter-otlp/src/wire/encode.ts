/**
 * `encodeLogsRequest`: a batch of record lines as one OTLP ExportLogsServiceRequest body, protobuf
 * or JSON, without the OpenTelemetry SDK: the export worker's hot path. What it sends for a line is
 * what `OtlpSink` sends through the SDK for the same line, level and time (record-mapping.ts), but
 * for the observed time, which is the record's time (the SDK reads the clock when the sink's
 * `write` runs, right after the record was made; a spooled record is encoded later).
 */
import { encodeJson } from './encode-json.js';
import { encodeProtobuf } from './encode-protobuf.js';
import type { WireContext, WireProtocol, WireRecord } from './types.js';

/**
 * The body of an OTLP/HTTP logs export: one ResourceLogs (the context's resource), one ScopeLogs
 * (its scope), a LogRecord per record in order. A record marked `replayed` carries the attribute
 * `replayed: true`. Never throws for any line: a line that is not JSON is sent as the body (as
 * the SDK path does), and so is a line nested too deep to walk (where the SDK path fails the record).
 *
 * @example
 * ```ts
 * const body = encodeLogsRequest(
 *   [{ line: '{"timestamp":"…","level":"info","message":"Order placed","order_id":"o-1"}', level: 'info', time: Date.now() }],
 *   { resource: { 'service.name': 'orders' }, scope: { name: '@dashtam/adapter-otlp' } },
 *   'http/protobuf',
 * );
 * ```
 */
export function encodeLogsRequest(
  records: readonly WireRecord[],
  context: WireContext,
  protocol: WireProtocol,
): Uint8Array {
  return protocol === 'http/json' ? encodeJson(records, context) : encodeProtobuf(records, context);
}
