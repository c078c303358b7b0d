/**
 * An ExportLogsServiceRequest in OTLP/JSON, built as text (no SDK): one ResourceLogs, one
 * ScopeLogs, a LogRecord per record, with the fields `record-mapping.ts` gives the SDK for the same
 * line (see line-fields.ts). The OTLP/JSON mapping: camelCase names, trace and span ids as hex,
 * times as decimal strings, the severity as its number, int64 values as JSON numbers (the SDK
 * path's form; record values beyond 2^53 are sent as text, so every number is exact).
 */
import { attributeKey, isAttributeKey, isOpaqueMap, type LineRecord, parseLine, traceFlagsOf } from './line-fields.js';
import { severityOf } from './severity.js';
import { nanoText, sendableTime } from './time.js';
import type { WireContext, WireRecord } from './types.js';

const MAX_INT64 = 2 ** 63;
const prefixes = new WeakMap<WireContext, string>();

/** An AnyValue for a record value, by `attributeValue`'s rules in record-mapping.ts. */
function anyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'number':
      if (Number.isSafeInteger(value)) return `{"intValue":${value === 0 ? '0' : String(value)}}`;
      if (Number.isInteger(value)) return `{"stringValue":"${String(value)}"}`;
      return `{"doubleValue":${String(value)}}`;
    case 'object': {
      if (value === null) return '{}';
      if (Array.isArray(value)) {
        let out = '{"arrayValue":{"values":[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + anyValue(value[i]);
        return `${out}]}}`;
      }
      if (isOpaqueMap(value)) return `{"stringValue":${JSON.stringify(JSON.stringify(value))}}`;
      const map = value as Record<string, unknown>;
      let out = '{"kvlistValue":{"values":[';
      let first = true;
      for (const key of Object.keys(map)) {
        out += (first ? '' : ',') + keyValue(key, map[key]);
        first = false;
      }
      return `${out}]}}`;
    }
    default:
      return '{}';
  }
}

function keyValue(key: string, value: unknown): string {
  return `{"key":${JSON.stringify(key)},"value":${anyValue(value)}}`;
}

/** A resource attribute value (string, number or boolean). */
function resourceValue(value: string | number | boolean): string {
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return `{"doubleValue":"${String(value)}"}`;
    return anyValue(value);
  }
  // Beyond 2^53: int64 as its exact decimal text (a JSON number would lose digits), else a double.
  if (value >= -MAX_INT64 && value < MAX_INT64) return `{"intValue":"${BigInt(value).toString()}"}`;
  return `{"doubleValue":${String(value)}}`;
}

function logRecord(record: WireRecord): string {
  const fields: LineRecord = parseLine(record.line);
  const flags = traceFlagsOf(fields);
  const traced = flags !== -1;
  const severity = severityOf(record.level);
  const time = nanoText(sendableTime(record.time));
  let out = `{"timeUnixNano":"${time}","observedTimeUnixNano":"${time}","severityNumber":${severity.number},"severityText":"${severity.text}","body":${anyValue(fields.message ?? '')},"attributes":[`;
  const replayed = record.replayed === true;
  let first = true;
  for (const key of Object.keys(fields)) {
    if (!isAttributeKey(key, traced)) continue;
    // A replayed record's own `replayed` is replaced by the marker (keys are unique in OTLP).
    if (replayed && key === 'replayed') continue;
    out += (first ? '' : ',') + keyValue(attributeKey(key), fields[key]);
    first = false;
  }
  if (replayed) out += `${first ? '' : ','}{"key":"replayed","value":{"boolValue":true}}`;
  out += ']';
  if (traced)
    out += `,"flags":${flags},"traceId":"${fields.trace_id as string}","spanId":"${fields.span_id as string}"`;
  return `${out}}`;
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

/** The request in OTLP/JSON, as UTF-8 bytes. */
export function encodeJson(records: readonly WireRecord[], context: WireContext): Uint8Array {
  let out = prefixOf(context);
  for (let i = 0; i < records.length; i++) out += (i === 0 ? '' : ',') + logRecord(records[i] as WireRecord);
  return Buffer.from(`${out}]}]}]}`, 'utf8');
}
