import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * One log record as it arrived, decoded from the wire by this package alone (protobufjs and the
 * official `.proto` files, or the OTLP/JSON rules), never by the OpenTelemetry JS SDK.
 */
export interface ReceivedLog {
  /** Nanoseconds since the epoch, exactly. */
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: unknown;
  /** In the order they were sent. */
  readonly attributes: readonly (readonly [string, unknown])[];
  /** Lower-case hex, '' when absent. */
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: number;
  readonly resource: Readonly<Record<string, unknown>>;
  readonly scope: string;
}

const protoDir = fileURLToPath(new URL('../proto/', import.meta.url));
let requestType: protobuf.Type | undefined;

function exportRequestType(): protobuf.Type {
  if (requestType === undefined) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(protoDir, target);
    root.loadSync('opentelemetry/proto/collector/logs/v1/logs_service.proto', { keepCase: false });
    requestType = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
  }
  return requestType;
}

type Json = Record<string, unknown>;

function hex(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string') return value.toLowerCase();
  return Buffer.from(value as Uint8Array).toString('hex');
}

function nanos(value: unknown): bigint {
  if (value === undefined || value === null) return 0n;
  return BigInt(String(value));
}

/** An AnyValue (protobuf object or OTLP/JSON) as a plain value: maps become objects, arrays arrays. */
export function anyValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  const a = v as Json;
  if (a.stringValue !== undefined) return a.stringValue;
  if (a.boolValue !== undefined) return a.boolValue;
  if (a.intValue !== undefined) return Number(String(a.intValue));
  if (a.doubleValue !== undefined) return Number(a.doubleValue);
  if (a.bytesValue !== undefined) return { bytes: String(a.bytesValue) };
  if (a.arrayValue !== undefined) return (((a.arrayValue as Json).values as unknown[]) ?? []).map(anyValue);
  if (a.kvlistValue !== undefined) {
    const out: Json = {};
    for (const kv of ((a.kvlistValue as Json).values as Json[]) ?? []) out[String(kv.key)] = anyValue(kv.value);
    return out;
  }
  return null;
}

function fromRequest(request: Json): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of (request.resourceLogs as Json[]) ?? []) {
    const resource: Json = {};
    for (const kv of ((rl.resource as Json | undefined)?.attributes as Json[]) ?? []) {
      resource[String(kv.key)] = anyValue(kv.value);
    }
    for (const sl of (rl.scopeLogs as Json[]) ?? []) {
      const scope = String((sl.scope as Json | undefined)?.name ?? '');
      for (const lr of (sl.logRecords as Json[]) ?? []) {
        out.push({
          timeUnixNano: nanos(lr.timeUnixNano),
          observedTimeUnixNano: nanos(lr.observedTimeUnixNano),
          severityNumber: Number(lr.severityNumber ?? 0),
          severityText: String(lr.severityText ?? ''),
          body: anyValue(lr.body),
          attributes: ((lr.attributes as Json[]) ?? []).map((kv) => [String(kv.key), anyValue(kv.value)] as const),
          traceId: hex(lr.traceId),
          spanId: hex(lr.spanId),
          flags: Number(lr.flags ?? 0),
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

/**
 * An `ExportLogsServiceRequest` in protobuf as a plain object, decoded with the official `.proto`
 * files: camelCase names, enums as numbers, 64-bit integers as decimal strings, bytes as Buffers,
 * each AnyValue with the one field it was sent with (so an int and a double stay apart).
 */
export function decodeProtobufRequest(body: Uint8Array): Json {
  const type = exportRequestType();
  return type.toObject(type.decode(body), { enums: Number, longs: String, bytes: Buffer, defaults: false }) as Json;
}

/** Decodes an `ExportLogsServiceRequest` in protobuf with the official `.proto` files. */
export function decodeProtobuf(body: Uint8Array): ReceivedLog[] {
  return fromRequest(decodeProtobufRequest(body));
}

/**
 * Decodes an `ExportLogsServiceRequest` in OTLP/JSON: camelCase field names, trace and span ids
 * as hex strings (not base64), enums as integers, 64-bit integers as strings or numbers.
 */
export function decodeJson(body: Uint8Array): ReceivedLog[] {
  const request = JSON.parse(Buffer.from(body).toString('utf8')) as Json;
  for (const rl of (request.resourceLogs as Json[]) ?? []) {
    for (const sl of (rl.scopeLogs as Json[]) ?? []) {
      for (const lr of (sl.logRecords as Json[]) ?? []) {
        for (const key of ['traceId', 'spanId']) {
          const id = lr[key];
          if (id !== undefined && (typeof id !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(id))) {
            throw new Error(`OTLP/JSON ${key} must be a hex string, got ${JSON.stringify(id)}`);
          }
        }
        if (lr.severityNumber !== undefined && typeof lr.severityNumber !== 'number') {
          throw new Error(`OTLP/JSON severityNumber must be an integer, got ${JSON.stringify(lr.severityNumber)}`);
        }
      }
    }
  }
  return fromRequest(request);
}
