import type { LogLevel } from '@dashtam/logger-protocol';
import { decodeJson, decodeProtobuf, decodeProtobufRequest, OtlpReceiver } from '@dashtam/otlp-local';
import { beforeAll, describe, expect, it } from 'vitest';
import { OtlpSink } from '../otlp-sink.js';
import { wireContextOf } from './context.js';
import { encodeLogsRequest } from './encode.js';
import type { WireContext, WireProtocol, WireRecord } from './types.js';

// The encoder is judged against the SDK path: the same lines go through `OtlpSink` (record-mapping
// + the OpenTelemetry SDK's serializers) to a local receiver, and both bodies are decoded by
// otlp-local (protobufjs with the official .proto files, or JSON.parse) into typed values, then
// compared field by field: an int stays apart from a double, a string from a number.

type Json = Record<string, unknown>;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];

const j = (record: Json): string => JSON.stringify(record);
const base = { timestamp: '2026-12-07T05:00:00.000Z', level: 'info' };
/** Lines as a logger writes them, and lines no logger writes (the encoder must take any line). */
const CORPUS: readonly string[] = [
  j({ ...base, message: 'Order placed', order_id: 'o-1', attempt: 2, duration_ms: 12.5, ok: true }),
  j({ ...base, message: 'héllo ✓ 日本語 😀', ключ: 'значение 🚀', 'key with space': 'x' }),
  '{"message":"lone \\ud800 surrogate","v":"\\udc00"}',
  j({ ...base, message: 'nested', user: { id: 1, tags: ['a', 'b'], geo: { lat: 1.5, lon: -2 } } }),
  j({ message: 'arrays', list: [1, 'x', null, true, [1, [2, [3]]], { k: 'v', n: null }], empty: [], obj: {} }),
  '{"message":"big","n":12345678901234567890,"m":-9007199254740993,"s":9007199254740991,"t":-9007199254740991,"neg":-5,"e":1e300,"f":1.5e-7,"z":-0,"zero":0,"u32":4294967296,"g":-4294967297,"arr":[12345678901234567890,2.5]}',
  j({ message: 'bools', t: true, f: false, nil: null }),
  '{"message":"proto","__proto__":{"a":1},"constructor":{"b":2},"":"empty key","nested":{"__proto__":1},"c":{"constructor":"x"},"d":{"x":{"constructor":1}},"arr":[{"__proto__":2}]}',
  '{"message":"integer keys","b":1,"10":2,"2":3,"m":{"z":1,"1":2}}',
  '{"message":"dup","a":1,"b":2,"a":3}',
  j({ ...base, message: 'traced', trace_id: TRACE, span_id: SPAN, trace_flags: '01', after: 1 }),
  j({ ...base, message: 'traced unsampled', trace_id: TRACE, span_id: SPAN, trace_flags: '00' }),
  j({ message: 'traced ff', trace_id: TRACE, span_id: SPAN, trace_flags: 'ff' }),
  j({ message: 'traced bad flags', trace_id: TRACE, span_id: SPAN, trace_flags: 'zz' }),
  j({ message: 'traced no flags', trace_id: TRACE, span_id: SPAN }),
  j({ message: 'upper case', trace_id: TRACE.toUpperCase(), span_id: SPAN, trace_flags: '01' }),
  j({ message: 'zero trace', trace_id: '0'.repeat(32), span_id: SPAN, trace_flags: '01' }),
  j({ message: 'zero span', trace_id: TRACE, span_id: '0'.repeat(16) }),
  j({ message: 'short', trace_id: TRACE.slice(1), span_id: SPAN }),
  j({ message: 'no span', trace_id: TRACE }),
  j({ message: 'number trace', trace_id: 12, span_id: SPAN }),
  j({ message: 'container default', trace_id: 'no-trace' }),
  'plain text line, not JSON',
  '',
  '{broken',
  'ünïcödé plain 😀',
  '"just a string"',
  '42',
  '[1,2]',
  'null',
  j({ message: 42 }),
  j({ message: { a: 1, b: [true] } }),
  j({ message: null, x: 1 }),
  j({ x: 'no message' }),
  j({ message: ['m', 1] }),
  '{"message":12345678901234567890}',
  '{"message":{"__proto__":1}}',
  j({ message: 'long', value: 'v'.repeat(200), long: 'é'.repeat(70), huge: 'x'.repeat(20_000) }),
  j({ message: 'boundary', a: 'a'.repeat(127), b: 'b'.repeat(126), c: `${'c'.repeat(60)}é`, d: 'ü'.repeat(63) }),
  j({
    message: 'pair edges',
    ['k'.repeat(60)]: 'v'.repeat(60),
    ['q'.repeat(60)]: 'w'.repeat(61),
    é: 'x',
    x: 'é',
    tab: 'a\tb',
    quote: 'say "hi" \\ bye',
    nul: '\u0000',
  }),
  j({ message: 'many', ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i])) }),
  j({ message: 'deep', a: { b: { c: { d: { e: { f: ['g', { h: 'i'.repeat(300) }] } } } } } }),
  j({ timestamp: 'x', level: 'nonsense', message: 'fields that map', replayed: 'own' }),
];
// Times of today and of later centuries, whole and fractional milliseconds.
const TIMES = [
  1_796_000_000_123, 1_796_000_000_123.456, 1_796_000_000_999.9, 4_102_444_800_001, 7_258_118_400_000.5,
  16_725_225_600_000,
];

const corpusRecords = (): WireRecord[] =>
  CORPUS.map((line, i) => ({
    line,
    level: LEVELS[i % LEVELS.length] as LogLevel,
    time: TIMES[i % TIMES.length] as number,
  }));

/** An AnyValue as a typed value: ['s', text], ['i', decimal], ['d', number], ['b', bool], ['a', [...]], ['m', [[k, v]...]], null when empty. */
function typed(value: unknown): unknown {
  const v = (value ?? {}) as Json;
  if (v.stringValue !== undefined) return ['s', v.stringValue];
  if (v.boolValue !== undefined) return ['b', v.boolValue];
  if (v.intValue !== undefined) return ['i', String(v.intValue)];
  if (v.doubleValue !== undefined) return ['d', Number(v.doubleValue)];
  if (v.arrayValue !== undefined) return ['a', (((v.arrayValue as Json).values as unknown[]) ?? []).map(typed)];
  if (v.kvlistValue !== undefined) return ['m', (((v.kvlistValue as Json).values as Json[]) ?? []).map(pair)];
  expect(Object.keys(v)).toEqual([]);
  return null;
}
const pair = (kv: Json): unknown => [kv.key, typed(kv.value)];
const hex = (id: unknown): string =>
  id === undefined ? '' : typeof id === 'string' ? id : Buffer.from(id as Uint8Array).toString('hex');

interface Decoded {
  readonly resource: unknown[];
  readonly scope: Json;
  readonly records: Json[];
}

/** A request body (protobuf or JSON) as typed records, the resource and the scope. */
function decode(body: Uint8Array, protocol: WireProtocol): Decoded {
  const request =
    protocol === 'http/json' ? (JSON.parse(Buffer.from(body).toString('utf8')) as Json) : decodeProtobufRequest(body);
  const resourceLogs = request.resourceLogs as Json[];
  expect(resourceLogs).toHaveLength(1);
  const rl = resourceLogs[0] as Json;
  const scopeLogs = rl.scopeLogs as Json[];
  expect(scopeLogs).toHaveLength(1);
  const sl = scopeLogs[0] as Json;
  const records = ((sl.logRecords as Json[]) ?? []).map((lr) => ({
    // A fixed64 of 0 is the field's default: the decoder leaves it out.
    time: String(lr.timeUnixNano ?? '0'),
    observed: String(lr.observedTimeUnixNano ?? '0'),
    severityNumber: lr.severityNumber,
    severityText: lr.severityText,
    body: typed(lr.body),
    attributes: ((lr.attributes as Json[]) ?? []).map(pair),
    traceId: hex(lr.traceId),
    spanId: hex(lr.spanId),
    flags: Number(lr.flags ?? 0),
    droppedAttributesCount: Number(lr.droppedAttributesCount ?? 0),
  }));
  return { resource: ((rl.resource as Json).attributes as Json[]).map(pair), scope: sl.scope as Json, records };
}

/** What the SDK path sends for `records`: through an OtlpSink to a local receiver, every request merged. */
async function throughSdk(
  records: readonly WireRecord[],
  protocol: WireProtocol,
): Promise<Decoded & { context: WireContext; before: bigint; after: bigint }> {
  const receiver = await OtlpReceiver.start();
  const fallback = { chunks: [] as string[], write: (c: string) => void fallback.chunks.push(c) };
  try {
    const sink = new OtlpSink({
      endpoint: receiver.logsUrl,
      protocol,
      serviceName: 'orders',
      serviceVersion: '1.4.2',
      deploymentEnvironment: 'testing',
      resourceAttributes: { 'host.cpus': 4, ratio: 0.5, canary: false, region: 'eu-west-1' },
      fallback,
    });
    const before = BigInt(Date.now()) * 1_000_000n;
    for (const r of records) sink.write(r.line, r.level, r.time);
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    await sink.close();
    expect(fallback.chunks).toEqual([]);
    const decoded = receiver.requests.map((r) => decode(r.body, protocol));
    expect(decoded.length).toBeGreaterThan(0);
    return {
      ...(decoded[0] as Decoded),
      records: decoded.flatMap((d) => d.records),
      context: wireContextOf(sink.settings),
      before,
      after,
    };
  } finally {
    await receiver.close();
  }
}

describe.each(['http/protobuf', 'http/json'] as const)('encodeLogsRequest (%s)', (protocol) => {
  const records = corpusRecords();
  let sdk: Awaited<ReturnType<typeof throughSdk>>;
  let ours: Decoded;
  let body: Uint8Array;
  beforeAll(async () => {
    sdk = await throughSdk(records, protocol);
    body = encodeLogsRequest(records, sdk.context, protocol);
    ours = decode(body, protocol);
  });

  it('sends every record, in order, with the fields the SDK path sends for the same line', () => {
    expect(ours.records).toHaveLength(records.length);
    expect(sdk.records).toHaveLength(records.length);
    for (let i = 0; i < records.length; i++) {
      const { observed: _ours, ...mine } = ours.records[i] as Json;
      const { observed: _sdk, ...theirs } = sdk.records[i] as Json;
      expect({ line: records[i]?.line, ...mine }).toEqual({ line: records[i]?.line, ...theirs });
    }
  });

  it('sends the resource and scope the sink sends', () => {
    expect(ours.resource).toEqual(sdk.resource);
    expect(ours.resource).toContainEqual(['host.cpus', ['i', '4']]);
    expect(ours.resource).toContainEqual(['ratio', ['d', 0.5]]);
    expect(ours.scope).toEqual(sdk.scope);
  });

  it("takes the record's time as its observed time (the SDK reads the clock at write)", () => {
    for (const record of ours.records) expect(record.observed).toBe(record.time);
    for (const record of sdk.records) {
      const observed = BigInt(record.observed as string);
      expect(observed >= sdk.before && observed <= sdk.after).toBe(true);
    }
  });

  it('is read by the receiver as the logged records', () => {
    const logs = protocol === 'http/json' ? decodeJson(body) : decodeProtobuf(body);
    expect(logs.map((l) => l.body)).toHaveLength(records.length);
    const at = (message: string) => logs.find((l) => l.body === message);
    expect(at('Order placed')).toMatchObject({
      timeUnixNano: 1_796_000_000_123_000_000n,
      severityNumber: 5,
      severityText: 'DEBUG',
      attributes: [
        ['order_id', 'o-1'],
        ['attempt', 2],
        ['duration_ms', 12.5],
        ['ok', true],
      ],
      traceId: '',
      resource: { 'service.name': 'orders', 'deployment.environment': 'testing' },
    });
    expect(at('traced')).toMatchObject({ traceId: TRACE, spanId: SPAN, flags: 1, attributes: [['after', 1]] });
    expect(at('upper case')).toMatchObject({
      traceId: '',
      attributes: [
        ['trace_id', TRACE.toUpperCase()],
        ['span_id', SPAN],
        ['trace_flags', '01'],
      ],
    });
    expect(at('plain text line, not JSON')).toMatchObject({ attributes: [] });
    expect(logs.filter((l) => l.body === '' && l.attributes.length === 0)).toHaveLength(5); // '', 4 JSON non-objects
  });
});

describe('encodeLogsRequest', () => {
  const context: WireContext = { resource: { 'service.name': 'orders' }, scope: { name: 'scope', version: '1.0.0' } };
  const line = j({ ...base, message: 'again', order_id: 'o-1', replayed: 'own value' });

  it.each(['http/protobuf', 'http/json'] as const)('adds replayed: true to a replayed record (%s)', (protocol) => {
    const [plain, replayed] = decode(
      encodeLogsRequest(
        [
          { line, level: 'info', time: TIMES[0] as number },
          { line, level: 'info', time: TIMES[0] as number, replayed: true },
        ],
        context,
        protocol,
      ),
      protocol,
    ).records;
    expect(plain?.attributes).toEqual([
      ['order_id', ['s', 'o-1']],
      ['replayed', ['s', 'own value']],
    ]);
    expect(replayed?.attributes).toEqual([
      ['order_id', ['s', 'o-1']],
      ['replayed', ['b', true]],
    ]);
  });

  it.each(['http/protobuf', 'http/json'] as const)('sends an empty batch and the scope version (%s)', (protocol) => {
    const decoded = decode(encodeLogsRequest([], context, protocol), protocol);
    expect(decoded.records).toEqual([]);
    expect(decoded.scope).toEqual({ name: 'scope', version: '1.0.0' });
    expect(decoded.resource).toEqual([['service.name', ['s', 'orders']]]);
  });

  it.each(['http/protobuf', 'http/json'] as const)(
    'sends a time before 1970 as 0 and a non-date as now (%s)',
    (protocol) => {
      const before = BigInt(Date.now()) * 1_000_000n;
      const [negative, nan] = decode(
        encodeLogsRequest(
          [
            { line: 'a', level: 'info', time: -5 },
            { line: 'b', level: 'info', time: Number.NaN },
          ],
          context,
          protocol,
        ),
        protocol,
      ).records;
      const after = BigInt(Date.now()) * 1_000_000n;
      expect(negative?.time).toBe('0');
      const now = BigInt(nan?.time as string);
      expect(now >= before && now <= after).toBe(true);
    },
  );

  it.each(['http/protobuf', 'http/json'] as const)(
    'sends a line nested deeper than the stack as its text (%s)',
    (protocol) => {
      const deep = `{"message":"deep","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const records = decode(
        encodeLogsRequest(
          [
            { line: deep, level: 'error', time: TIMES[0] as number },
            { line: j({ message: 'next' }), level: 'info', time: TIMES[0] as number },
          ],
          context,
          protocol,
        ),
        protocol,
      ).records;
      expect(records.map((r) => [r.severityText, r.body, r.attributes])).toEqual([
        ['ERROR', ['s', deep], []],
        ['INFO', ['s', 'next'], []],
      ]);
    },
  );

  it('grows its buffer for a batch larger than the first one and keeps earlier results intact', () => {
    const small = encodeLogsRequest(
      [{ line: 'small', level: 'info', time: TIMES[0] as number }],
      context,
      'http/protobuf',
    );
    const copy = Uint8Array.from(small);
    const big = Array.from({ length: 2000 }, (_, i) => ({
      line: j({ message: `m${i}`, pad: 'p'.repeat(100) }),
      level: 'info' as const,
      time: (TIMES[0] as number) + i,
    }));
    const decoded = decode(encodeLogsRequest(big, context, 'http/protobuf'), 'http/protobuf');
    expect(decoded.records.map((r) => r.body)).toEqual(big.map((_, i) => ['s', `m${i}`]));
    expect(small).toEqual(copy);
  });
});
