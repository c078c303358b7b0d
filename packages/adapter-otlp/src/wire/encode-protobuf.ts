/**
 * An ExportLogsServiceRequest in protobuf, written by hand (no SDK, no generated code): one
 * ResourceLogs, one ScopeLogs, a LogRecord per record, with the fields `record-mapping.ts` gives the
 * SDK for the same line (see line-fields.ts). Field numbers are those of opentelemetry-proto's
 * logs.proto and common.proto.
 *
 * Shape for speed: the records are written first into one reused buffer, after room for the
 * request's headers; the headers (whose lengths depend on the records) are then written in front of
 * them, so no record is moved once written. The resource and scope bytes are encoded once per
 * context object. Trace and span ids go from hex to bytes through a nibble table (parseInt of
 * slices took 14% of the encoder). A line is read with JSON.parse: a hand scanner of flat lines
 * into reused typed arrays (no objects) was tried and was slower, about 190,000 records/s against
 * 250,000 with JSON.parse on bench/src/otlp-wire.mjs's records (2-CPU machine, Node 20).
 */
import { attributeKey, isAttributeKey, isOpaqueMap, type LineRecord, parseLine, traceFlagsOf } from './line-fields.js';
import { ProtobufWriter, varintSize } from './protobuf-writer.js';
import { severityOf } from './severity.js';
import { halves, nanoHalves, sendableTime } from './time.js';
import type { WireContext, WireRecord } from './types.js';

// Tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
const LOG_TIME = 0x09; // LogRecord.time_unix_nano, fixed64
const LOG_SEVERITY_NUMBER = 0x10;
const LOG_SEVERITY_TEXT = 0x1a;
const LOG_BODY = 0x2a;
const LOG_ATTRIBUTE = 0x32;
const LOG_FLAGS = 0x45; // fixed32
const LOG_TRACE_ID = 0x4a;
const LOG_SPAN_ID = 0x52;
const LOG_OBSERVED_TIME = 0x59; // field 11, fixed64
const ANY_STRING = 0x0a;
const ANY_BOOL = 0x10;
const ANY_INT = 0x18;
const ANY_DOUBLE = 0x21;
const ANY_ARRAY = 0x2a;
const ANY_KVLIST = 0x32;
const KV_KEY = 0x0a;
const KV_VALUE = 0x12;
const FIELD_1 = 0x0a; // Request.resource_logs, ResourceLogs.resource, ScopeLogs.scope, values, attributes, name
const FIELD_2 = 0x12; // ResourceLogs.scope_logs, ScopeLogs.log_records, InstrumentationScope.version

const MAX_INT64 = 2 ** 63;

const writer = new ProtobufWriter();
const prefixes = new WeakMap<WireContext, { resource: Buffer; scope: Buffer }>();

/** An AnyValue's content for a record value, by `attributeValue`'s rules in record-mapping.ts. */
function writeValue(w: ProtobufWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.byte(ANY_STRING);
      w.string(value);
      return;
    case 'boolean':
      w.byte(ANY_BOOL);
      w.byte(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isSafeInteger(value)) {
        w.byte(ANY_INT);
        w.int64(value);
      } else if (Number.isInteger(value)) {
        // Beyond 2^53 the number is not the one logged: its decimal text (the SDK path's rule).
        w.byte(ANY_STRING);
        w.string(String(value));
      } else {
        w.byte(ANY_DOUBLE);
        w.double(value);
      }
      return;
    case 'object': {
      if (value === null) return; // an empty AnyValue
      if (Array.isArray(value)) {
        w.byte(ANY_ARRAY);
        const array = w.begin();
        for (const item of value) {
          w.byte(FIELD_1);
          const any = w.begin();
          writeValue(w, item);
          w.end(any);
        }
        w.end(array);
        return;
      }
      if (isOpaqueMap(value)) {
        w.byte(ANY_STRING);
        w.string(JSON.stringify(value));
        return;
      }
      w.byte(ANY_KVLIST);
      const list = w.begin();
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map)) writeKeyValue(w, FIELD_1, key, map[key]);
      w.end(list);
      return;
    }
    default:
      // JSON.parse gives no other type.
      return;
  }
}

function writeKeyValue(w: ProtobufWriter, tag: number, key: string, value: unknown): void {
  if (typeof value === 'string' && w.shortAsciiPair(tag, key, value)) return;
  w.byte(tag);
  const kv = w.begin();
  w.byte(KV_KEY);
  w.string(key);
  w.byte(KV_VALUE);
  const any = w.begin();
  writeValue(w, value);
  w.end(any);
  w.end(kv);
}

/** A resource attribute value (string, number or boolean), as the SDK encodes it. */
function writeResourceValue(w: ProtobufWriter, value: string | number | boolean): void {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    if (value >= -MAX_INT64 && value < MAX_INT64) {
      w.byte(ANY_INT);
      w.bigInt64(value);
    } else {
      w.byte(ANY_DOUBLE);
      w.double(value);
    }
    return;
  }
  writeValue(w, value);
}

function hexBytes(w: ProtobufWriter, tag: number, hex: string): void {
  w.byte(tag);
  w.hexRange(hex, 0, hex.length);
}

/** The LogRecord content after the severity, from the parsed line. */
function writeParsed(w: ProtobufWriter, fields: LineRecord, replayed: boolean): void {
  const flags = traceFlagsOf(fields);
  const traced = flags !== -1;
  w.byte(LOG_BODY);
  const body = w.begin();
  const message = fields.message;
  writeValue(w, message ?? '');
  w.end(body);
  for (const key of Object.keys(fields)) {
    if (!isAttributeKey(key, traced)) continue;
    // A replayed record's own `replayed` is replaced by the marker (keys are unique in OTLP).
    if (replayed && key === 'replayed') continue;
    writeKeyValue(w, LOG_ATTRIBUTE, attributeKey(key), fields[key]);
  }
  if (replayed) writeKeyValue(w, LOG_ATTRIBUTE, 'replayed', true);
  if (traced) {
    if (flags !== 0) {
      w.byte(LOG_FLAGS);
      w.fixed32(flags);
    }
    hexBytes(w, LOG_TRACE_ID, fields.trace_id as string);
    hexBytes(w, LOG_SPAN_ID, fields.span_id as string);
  }
}

function writeRecord(w: ProtobufWriter, record: WireRecord): void {
  const severity = severityOf(record.level);
  nanoHalves(sendableTime(record.time));
  const { low, high } = halves;
  w.byte(FIELD_2);
  const mark = w.begin();
  w.byte(LOG_TIME);
  w.fixed64(low, high);
  w.byte(LOG_SEVERITY_NUMBER);
  w.varint(severity.number);
  w.byte(LOG_SEVERITY_TEXT);
  w.string(severity.text);
  const replayed = record.replayed === true;
  const start = w.pos;
  try {
    writeParsed(w, parseLine(record.line), replayed);
  } catch {
    // Nesting deeper than the stack (JSON.parse takes it, a recursive walk does not): the line is
    // sent as a line that is not JSON. The SDK path throws there and hands the record to its fallback.
    w.pos = start;
    writeParsed(w, { message: record.line }, replayed);
  }
  w.byte(LOG_OBSERVED_TIME);
  w.fixed64(low, high);
  w.end(mark);
}

/** The Resource and InstrumentationScope fields (tag, length, content) of a context, encoded once. */
function prefixOf(context: WireContext): { resource: Buffer; scope: Buffer } {
  let prefix = prefixes.get(context);
  if (prefix !== undefined) return prefix;
  const w = new ProtobufWriter(1024);
  w.byte(FIELD_1);
  const resource = w.begin();
  for (const key of Object.keys(context.resource)) {
    w.byte(FIELD_1);
    const kv = w.begin();
    w.byte(KV_KEY);
    w.string(key);
    w.byte(KV_VALUE);
    const any = w.begin();
    writeResourceValue(w, context.resource[key] as string | number | boolean);
    w.end(any);
    w.end(kv);
  }
  w.end(resource);
  const resourceBytes = Buffer.from(w.buf.subarray(0, w.pos));
  w.pos = 0;
  w.byte(FIELD_1);
  const scope = w.begin();
  w.byte(FIELD_1);
  w.string(context.scope.name);
  if (context.scope.version) {
    w.byte(FIELD_2);
    w.string(context.scope.version);
  }
  w.end(scope);
  prefix = { resource: resourceBytes, scope: Buffer.from(w.buf.subarray(0, w.pos)) };
  prefixes.set(context, prefix);
  return prefix;
}

/** The request in protobuf: a copy, the writer's buffer is reused by the next call. */
export function encodeProtobuf(records: readonly WireRecord[], context: WireContext): Uint8Array {
  const { resource, scope } = prefixOf(context);
  const w = writer;
  // Room for: resource_logs tag and length, the resource, scope_logs tag and length, the scope.
  const headroom = 1 + 5 + resource.length + 1 + 5 + scope.length;
  w.pos = 0;
  w.ensure(headroom);
  w.pos = headroom;
  for (const record of records) writeRecord(w, record);
  const end = w.pos;
  const scopeLogs = scope.length + (end - headroom);
  const resourceLogs = resource.length + 1 + varintSize(scopeLogs) + scopeLogs;
  const start = headroom - scope.length - varintSize(scopeLogs) - 1 - resource.length - varintSize(resourceLogs) - 1;
  w.pos = start;
  w.byte(FIELD_1);
  w.varint(resourceLogs);
  resource.copy(w.buf, w.pos);
  w.pos += resource.length;
  w.byte(FIELD_2);
  w.varint(scopeLogs);
  scope.copy(w.buf, w.pos);
  w.pos = end;
  return new Uint8Array(w.buf.subarray(start, end));
}
