/**
 * An ExportLogsServiceRequest in OTLP/JSON, written as bytes (no SDK): one ResourceLogs, one
 * ScopeLogs, a LogRecord per record, with the fields `record-mapping.ts` gives the SDK for the same
 * line (see line-fields.ts). The OTLP/JSON mapping: camelCase names, trace and span ids as hex,
 * times as decimal strings, the severity as its number, int64 values as JSON numbers (the SDK
 * path's form; record values beyond 2^53 are sent as text, so every number is exact).
 */
import { JsonWriter } from './json-writer.js';
import { attributeKey, isAttributeKey, isOpaqueMap, type LineRecord, parseLine, traceFlagsOf } from './line-fields.js';
import { severityOf } from './severity.js';
import { nanoText, sendableTime } from './time.js';
import type { WireContext, WireRecord } from './types.js';

const MAX_INT64 = 2 ** 63;
const writer = new JsonWriter();
const prefixes = new WeakMap<WireContext, string>();

/** An AnyValue for a record value, by `attributeValue`'s rules in record-mapping.ts. */
function writeValue(w: JsonWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.ascii('{"stringValue":');
      w.string(value);
      w.ascii('}');
      return;
    case 'boolean':
      w.ascii(value ? '{"boolValue":true}' : '{"boolValue":false}');
      return;
    case 'number':
      if (Number.isSafeInteger(value)) w.ascii(`{"intValue":${String(value)}}`);
      else if (Number.isInteger(value)) w.ascii(`{"stringValue":"${String(value)}"}`);
      else w.ascii(`{"doubleValue":${String(value)}}`);
      return;
    case 'object': {
      if (value === null) {
        w.ascii('{}');
        return;
      }
      if (Array.isArray(value)) {
        w.ascii('{"arrayValue":{"values":[');
        for (let i = 0; i < value.length; i++) {
          if (i !== 0) w.ascii(',');
          writeValue(w, value[i]);
        }
        w.ascii(']}}');
        return;
      }
      if (isOpaqueMap(value)) {
        w.ascii('{"stringValue":');
        w.string(JSON.stringify(value));
        w.ascii('}');
        return;
      }
      const map = value as Record<string, unknown>;
      w.ascii('{"kvlistValue":{"values":[');
      let first = true;
      for (const key of Object.keys(map)) {
        if (!first) w.ascii(',');
        writeKeyValue(w, key, map[key]);
        first = false;
      }
      w.ascii(']}}');
      return;
    }
    default:
      w.ascii('{}');
  }
}

function writeKeyValue(w: JsonWriter, key: string, value: unknown): void {
  w.ascii('{"key":');
  w.string(key);
  w.ascii(',"value":');
  writeValue(w, value);
  w.ascii('}');
}

/** A resource attribute value (string, number or boolean), as text. */
function resourceValue(value: string | number | boolean): string {
  if (typeof value !== 'number')
    return typeof value === 'string' ? `{"stringValue":${JSON.stringify(value)}}` : `{"boolValue":${value}}`;
  if (!Number.isFinite(value)) return `{"doubleValue":"${String(value)}"}`;
  if (!Number.isInteger(value)) return `{"doubleValue":${String(value)}}`;
  if (Number.isSafeInteger(value)) return `{"intValue":${String(value)}}`;
  // Beyond 2^53: int64 as its exact decimal text (a JSON number would lose digits), else a double.
  if (value >= -MAX_INT64 && value < MAX_INT64) return `{"intValue":"${BigInt(value).toString()}"}`;
  return `{"doubleValue":${String(value)}}`;
}

function writeRecord(w: JsonWriter, record: WireRecord): void {
  const start = w.pos;
  try {
    writeFields(w, record, parseLine(record.line));
  } catch {
    // Nesting deeper than the stack (JSON.parse takes it, a recursive walk does not): the line is
    // sent as a line that is not JSON. The SDK path throws there and hands the record to its fallback.
    w.pos = start;
    writeFields(w, record, { message: record.line });
  }
}

function writeFields(w: JsonWriter, record: WireRecord, fields: LineRecord): void {
  const flags = traceFlagsOf(fields);
  const traced = flags !== -1;
  const severity = severityOf(record.level);
  const time = nanoText(sendableTime(record.time));
  w.ascii(
    `{"timeUnixNano":"${time}","observedTimeUnixNano":"${time}","severityNumber":${severity.number},"severityText":"${severity.text}","body":`,
  );
  writeValue(w, fields.message ?? '');
  w.ascii(',"attributes":[');
  const replayed = record.replayed === true;
  let first = true;
  for (const key of Object.keys(fields)) {
    if (!isAttributeKey(key, traced)) continue;
    // A replayed record's own `replayed` is replaced by the marker (keys are unique in OTLP).
    if (replayed && key === 'replayed') continue;
    if (!first) w.ascii(',');
    writeKeyValue(w, attributeKey(key), fields[key]);
    first = false;
  }
  if (replayed) w.ascii(`${first ? '' : ','}{"key":"replayed","value":{"boolValue":true}}`);
  w.ascii(']');
  if (traced)
    w.ascii(`,"flags":${flags},"traceId":"${fields.trace_id as string}","spanId":"${fields.span_id as string}"`);
  w.ascii('}');
}

/** `{"resourceLogs":[{"resource":…,"scopeLogs":[{"scope":…,"logRecords":[` for a context, built once. */
function prefixOf(context: WireContext): string {
  let prefix = prefixes.get(context);
  if (prefix !== undefined) return prefix;
  const attributes = Object.keys(context.resource).map(
    (key) =>
      `{"key":${JSON.stringify(key)},"value":${resourceValue(context.resource[key] as string | number | boolean)}}`,
  );
  const { name, version } = context.scope;
  const scope = `{"name":${JSON.stringify(name)}${version ? `,"version":${JSON.stringify(version)}` : ''}}`;
  prefix = `{"resourceLogs":[{"resource":{"attributes":[${attributes.join(',')}]},"scopeLogs":[{"scope":${scope},"logRecords":[`;
  prefixes.set(context, prefix);
  return prefix;
}

/** The request in OTLP/JSON, as UTF-8 bytes: a copy, the writer's buffer is reused by the next call. */
export function encodeJson(records: readonly WireRecord[], context: WireContext): Uint8Array {
  const w = writer;
  w.pos = 0;
  const prefix = Buffer.from(prefixOf(context), 'utf8');
  w.ensure(prefix.length);
  prefix.copy(w.buf, 0);
  w.pos = prefix.length;
  for (let i = 0; i < records.length; i++) {
    if (i !== 0) w.ascii(',');
    writeRecord(w, records[i] as WireRecord);
  }
  w.ascii(']}]}]}');
  return new Uint8Array(w.buf.subarray(0, w.pos));
}
