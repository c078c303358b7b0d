import { runSinkContract } from '@dashtam/logger-protocol/testing';
import { OtlpReceiver, type ReceivedLog, refusingPort, toDashtamRecord } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOtlpOptionsError, type OtlpProtocol } from '../src/index.js';
import { OTEL_SEVERITY } from '../src/record-mapping.js';
import { otlpLogger } from './helpers.js';

const W3C_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const W3C_SPAN = '00f067aa0ba902b7';
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const SECRETS = ['hunter2', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'];

let receivers: OtlpReceiver[] = [];
async function receiver(options?: Parameters<typeof OtlpReceiver.start>[0]): Promise<OtlpReceiver> {
  const r = await OtlpReceiver.start(options);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function attributes(log: ReceivedLog): Record<string, unknown> {
  return Object.fromEntries(log.attributes);
}

for (const protocol of PROTOCOLS) {
  describe(`OtlpSink over ${protocol}`, () => {
    it('exports every record with severity, body, attributes, trace context, time and resource', async () => {
      const r = await receiver();
      const { sink, logger } = otlpLogger(r.logsUrl, protocol);
      const levels = ['debug', 'info', 'warning', 'error', 'critical'] as const;
      const sent: { level: string; message: string; i: number }[] = [];
      for (let i = 0; i < 50; i++) {
        const level = levels[i % 5] ?? 'info';
        const message = `record ${i} ✓`;
        sent.push({ level, message, i });
        const context = {
          i,
          ratio: i / 4,
          ok: i % 2 === 0,
          nothing: null,
          nested: { list: [1, 'two', { three: 3 }], deep: { x: 'y' } },
          password: SECRETS[0],
          note: `key ${SECRETS[1]}`,
          token: SECRETS[2],
        };
        // Every third record inside a W3C span; the others carry a trace id that is not W3C.
        if (i % 3 === 0) {
          logger[level](message, { ...context, trace_id: W3C_TRACE, span_id: W3C_SPAN, trace_flags: '01' });
        } else {
          logger[level](message, { ...context, trace_id: `order-${i}` });
        }
      }
      await sink.flush();
      expect(sink.stats()).toMatchObject({ written: 50, exported: 50, fallback: 0, queued: 0, duplicated: 0 });
      expect(r.logs).toHaveLength(50);
      // Every request went to the logs path with the protocol's content type.
      for (const req of r.requests) {
        expect(req.path).toBe('/v1/logs');
        expect(req.contentType).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
        for (const secret of SECRETS) expect(req.body.includes(secret), secret).toBe(false);
      }
      const byIndex = new Map(r.logs.map((l) => [attributes(l).i as number, l]));
      for (const { level, message, i } of sent) {
        const log = byIndex.get(i);
        if (log === undefined) throw new Error(`record ${i} missing`);
        const severity = OTEL_SEVERITY[level as keyof typeof OTEL_SEVERITY];
        expect(log.severityNumber).toBe(severity.number);
        expect(log.severityText).toBe(severity.text);
        expect(log.body).toBe(message);
        expect(log.scope).toBe('@dashtam/adapter-otlp');
        // Milliseconds of the record's time, as nanoseconds.
        expect(log.timeUnixNano % 1_000_000n).toBe(0n);
        expect(Math.abs(Number(log.timeUnixNano / 1_000_000n) - Date.now())).toBeLessThan(600_000);
        const a = attributes(log);
        expect(a).toMatchObject({
          i,
          ok: i % 2 === 0,
          nothing: null,
          nested: { list: [1, 'two', { three: 3 }], deep: { x: 'y' } },
          password: '[REDACTED]',
          token: '[REDACTED]',
        });
        expect(a.ratio).toBeCloseTo(i / 4);
        expect(a).not.toHaveProperty('message');
        expect(a).not.toHaveProperty('level');
        expect(a).not.toHaveProperty('timestamp');
        if (i % 3 === 0) {
          expect([log.traceId, log.spanId, log.flags]).toEqual([W3C_TRACE, W3C_SPAN, 1]);
          expect(a).not.toHaveProperty('trace_id');
        } else {
          // Not a W3C id: an attribute, and no (invalid) span context on the record.
          expect([log.traceId, log.spanId, log.flags]).toEqual(['', '', 0]);
          expect(a.trace_id).toBe(`order-${i}`);
        }
        expect(log.resource).toMatchObject({
          'service.name': 'orders',
          'service.version': '1.4.2',
          'deployment.environment': 'testing',
          'deployment.environment.name': 'testing',
          'telemetry.sdk.language': 'nodejs',
        });
      }
      await logger.close();
    });

    it('retries a collector that is down until it comes up: every record received or in the fallback, counted', async () => {
      const port = await refusingPort();
      const { sink, logger, fallback } = otlpLogger(`http://127.0.0.1:${port}/v1/logs`, protocol, {
        exportTimeout: 200,
        flushTimeout: 60_000,
      });
      for (let i = 0; i < 30; i++) logger.info('during the outage', { i });
      // The sink retries by itself (the SDK's retries end within exportTimeout): wait for one.
      while (sink.stats().retries === 0) await new Promise((resolve) => setImmediate(resolve));
      const r = await receiver({ port });
      await sink.flush();
      const stats = sink.stats();
      const received = r.logs.map((l) => attributes(l).i as number);
      const fell = fallback.records.map((l) => l.i as number);
      expect(stats.written).toBe(30);
      expect(stats.exported + stats.fallback).toBe(30);
      expect(received.length).toBe(stats.exported + stats.duplicated);
      expect(fell.length).toBe(stats.fallback);
      expect(new Set([...received, ...fell])).toEqual(new Set(Array.from({ length: 30 }, (_, i) => i)));
      expect(received.length + fell.length - 30).toBe(stats.duplicated);
      expect(stats.exported).toBe(30);
      expect(fallback.reports.map((l) => l.message)).toContain(
        'OTLP export failed, retrying until it gets through or a flush deadline',
      );
      await logger.close();
    });

    it('hands what a collector that stays down has not taken to the fallback at the flush deadline', async () => {
      const port = await refusingPort();
      const { sink, logger, fallback } = otlpLogger(`http://127.0.0.1:${port}/v1/logs`, protocol, {
        exportTimeout: 100,
        flushTimeout: 300,
      });
      for (let i = 0; i < 10; i++) logger.warning('nobody listens', { i });
      await sink.flush();
      expect(sink.stats()).toMatchObject({
        written: 10,
        exported: 0,
        fallback: 10,
        queued: 0,
        fallback_reasons: { deadline: 10 },
      });
      expect(fallback.records.map((l) => l.i)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      await logger.close();
    });

    it('retries 503 (here the sink: exportTimeout 100 leaves the SDK no room for its 1 s first backoff) and delivers once it answers 200', async () => {
      const r = await receiver({ answer: (n) => ({ status: n < 2 ? 503 : 200 }) });
      const { sink, logger, fallback } = otlpLogger(r.logsUrl, protocol, { exportTimeout: 100, flushTimeout: 60_000 });
      for (let i = 0; i < 5; i++) logger.info('503 then 200', { i });
      await sink.flush();
      expect(r.requests.map((q) => q.status).slice(0, 3)).toEqual([503, 503, 200]);
      expect(r.logs.map((l) => attributes(l).i)).toEqual([0, 1, 2, 3, 4]);
      expect(sink.stats()).toMatchObject({ written: 5, exported: 5, fallback: 0 });
      expect(fallback.records).toEqual([]);
      await logger.close();
    });

    it('does not retry a 400: the batch goes to the fallback, counted as rejected', async () => {
      const r = await receiver({ answer: () => ({ status: 400 }) });
      const { sink, logger, fallback } = otlpLogger(r.logsUrl, protocol);
      for (let i = 0; i < 4; i++) logger.error('refused', { i });
      await sink.flush();
      expect(r.requests).toHaveLength(1);
      expect(sink.stats()).toMatchObject({
        written: 4,
        exported: 0,
        fallback: 4,
        retries: 0,
        fallback_reasons: { rejected: 4 },
      });
      expect(fallback.records.map((l) => [l.message, l.i])).toEqual([0, 1, 2, 3].map((i) => ['refused', i]));
      expect(fallback.reports[0]).toMatchObject({ error_code: 400 });
      await logger.close();
    });

    it('sends records over maxQueueSize to the fallback while the collector holds its answer, and delivers the rest', async () => {
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const r = await receiver({ answer: () => ({ status: 200, after: held }) });
      const { sink, logger, fallback } = otlpLogger(r.logsUrl, protocol, {
        maxQueueSize: 20,
        maxExportBatchSize: 10,
        exportTimeout: 60_000,
        flushTimeout: 60_000,
      });
      for (let i = 0; i < 10; i++) logger.info('first batch', { i });
      // The first batch is in flight and held; 10 more fill the queue to its bound; 15 overflow.
      await r.until(() => r.arrived > 0);
      for (let i = 10; i < 35; i++) logger.info('while held', { i });
      expect(sink.stats()).toMatchObject({ written: 35, queued: 20, fallback: 15, fallback_reasons: { overflow: 15 } });
      release();
      await sink.flush();
      expect(sink.stats()).toMatchObject({ written: 35, exported: 20, fallback: 15, queued: 0, dropped: 0 });
      expect(r.logs.map((l) => attributes(l).i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(fallback.records.map((l) => l.i)).toEqual(Array.from({ length: 15 }, (_, i) => i + 20));
      expect(fallback.reports.map((l) => l.message)).toEqual(['OTLP queue full, records written to the fallback']);
      await logger.close();
    });

    it('keeps every key of a record: a __proto__ key, and a nested object with a constructor key, are not lost', async () => {
      const r = await receiver();
      const { sink, logger, fallback } = otlpLogger(r.logsUrl, protocol);
      // A request body as an API receives it (JSON.parse keeps __proto__ as an own key): the evidence of an attack.
      const body = JSON.parse('{"__proto__":{"isAdmin":true},"name":"n"}') as Record<string, unknown>;
      const top = JSON.parse('{"__proto__":"top","order_id":"o-1"}') as Record<string, unknown>;
      logger.info('odd keys', { ...top, request: { body, path: '/a', query: { constructor: 'x', page: 2 } } });
      await sink.flush();
      expect(sink.stats()).toMatchObject({ written: 1, exported: 1, fallback: 0 });
      expect(fallback.lines).toEqual([]);
      const [log] = r.logs;
      if (log === undefined) throw new Error('nothing received');
      // A map the SDK cannot carry (it assigns __proto__, and drops a map with a constructor key
      // as a class instance) is sent as its JSON text; a top-level __proto__ key gets a leading _.
      expect(attributes(log)).toMatchObject({
        ___proto__: 'top',
        order_id: 'o-1',
        request: {
          body: '{"__proto__":{"isAdmin":true},"name":"n"}',
          path: '/a',
          query: '{"constructor":"x","page":2}',
        },
      });
      await logger.close();
    });

    it('sends records written after close() to the fallback, counted', async () => {
      const r = await receiver();
      const { sink, logger, fallback } = otlpLogger(r.logsUrl, protocol);
      logger.info('before');
      await logger.close();
      logger.info('after');
      expect(sink.stats()).toMatchObject({ written: 2, exported: 1, fallback: 1, fallback_reasons: { closed: 1 } });
      expect(fallback.records.map((l) => l.message)).toEqual(['after']);
      await expect(sink.flush()).resolves.toBeUndefined();
    });

    runSinkContract(`OtlpSink (${protocol})`, { describe, it }, async () => {
      const r = await OtlpReceiver.start();
      const { sink } = otlpLogger(r.logsUrl, protocol);
      return {
        sink,
        read: async () => {
          await sink.flush();
          return r.logs.map(toDashtamRecord) as never;
        },
        close: () => r.close(),
      };
    });
  });
}

describe('OtlpSink headers', () => {
  it('refuses at construction a header value Node cannot send (instead of retrying every export until a deadline), and sends latin-1 and tab as they are', async () => {
    const r = await receiver();
    const secret = 'Bearer t0k\u20acn-7781';
    let error: unknown;
    try {
      otlpLogger(r.logsUrl, 'http/protobuf', { headers: { authorization: secret } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOtlpOptionsError);
    expect((error as InvalidOtlpOptionsError).option).toBe('headers');
    expect((error as Error).message).toContain('"authorization"');
    expect((error as Error).message).not.toContain('t0k');
    const { sink, logger, fallback } = otlpLogger(r.logsUrl, 'http/protobuf', {
      headers: { 'x-team': 'caf\u00e9\tnord' },
    });
    logger.info('accepted header');
    await sink.flush();
    expect(sink.stats()).toMatchObject({ written: 1, exported: 1, fallback: 0 });
    expect(r.requests[0]?.headers['x-team']).toBe('caf\u00e9\tnord');
    expect(fallback.lines).toEqual([]);
    await logger.close();
  });
});
