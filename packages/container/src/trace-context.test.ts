// Tests of trace, span and correlation ids: runWithTraceId / runWithTraceContext and an active
// OpenTelemetry span.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type ContextManager, context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCorrelationId, getSpanId, getTraceId } from './active-ids.js';
import { createLogger } from './logger-factory.js';
import { loadSettings } from './settings.js';
import { runWithTraceContext, runWithTraceId } from './trace-context.js';
import { isW3cTraceId, newTraceId } from './trace-id.js';

// A minimal AsyncLocalStorage context manager, so OpenTelemetry context propagates in these tests
// the way it does under the OpenTelemetry SDK.
class TestContextManager implements ContextManager {
  readonly #als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#als.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#als.disable();
    return this;
  }
}

describe('newTraceId', () => {
  it('makes a UUIDv7 as 32 lowercase hex digits that is a valid W3C trace id', () => {
    const id = newTraceId(Date.UTC(2025, 0, 1));
    expect(id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    expect(isW3cTraceId(id)).toBe(true);
    expect(Number.parseInt(id.slice(0, 12), 16)).toBe(Date.UTC(2025, 0, 1));
    expect(new Set(Array.from({ length: 1000 }, () => newTraceId())).size).toBe(1000);
  });

  it('rejects ids that are not W3C trace ids', () => {
    expect(isW3cTraceId('0'.repeat(32))).toBe(false);
    expect(isW3cTraceId('ABC')).toBe(false);
  });
});

describe('trace context', () => {
  it('keeps the id of runWithTraceId across awaits and timers', async () => {
    const seen = await runWithTraceId('trace-a', async () => {
      await new Promise((r) => setTimeout(r, 1));
      const inner = await new Promise<string>((r) => setImmediate(() => r(getTraceId())));
      return [getTraceId(), inner];
    });
    expect(seen).toEqual(['trace-a', 'trace-a']);
  });

  it('keeps concurrent requests apart', async () => {
    const ids = await Promise.all(
      ['x', 'y', 'z'].map((id) =>
        runWithTraceId(id, async () => {
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          return getTraceId();
        }),
      ),
    );
    expect(ids).toEqual(['x', 'y', 'z']);
  });

  it('keeps the correlation id of runWithTraceContext across awaits, and none elsewhere', async () => {
    const seen = await runWithTraceContext({ traceId: 'trace-a', correlationId: 'order-7781-abc' }, async () => {
      await new Promise((r) => setImmediate(r));
      return [getTraceId(), getCorrelationId()];
    });
    expect(seen).toEqual(['trace-a', 'order-7781-abc']);
    expect(runWithTraceId('trace-b', () => getCorrelationId())).toBeUndefined();
    expect(getCorrelationId()).toBeUndefined();
  });

  it('makes a fresh id outside any request and keeps it for that async context', async () => {
    const first = await new Promise<string[]>((resolve) =>
      setImmediate(async () => {
        const a = getTraceId();
        await Promise.resolve();
        resolve([a, getTraceId()]);
      }),
    );
    expect(isW3cTraceId(first[0] ?? '')).toBe(true);
    expect(first[1]).toBe(first[0]);
  });

  describe('with an active OpenTelemetry span', () => {
    const manager = new TestContextManager();
    beforeAll(() => {
      context.setGlobalContextManager(manager);
    });
    afterAll(() => {
      context.disable();
    });

    it('uses the span trace id outside runWithTraceId, and an explicit id over the span', async () => {
      const spanContext = {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      };
      const ctx = trace.setSpan(context.active(), trace.wrapSpanContext(spanContext));
      const inSpan = await new Promise<string[]>((resolve) =>
        setImmediate(() => context.with(ctx, () => resolve([getTraceId(), getSpanId() ?? '']))),
      );
      expect(inSpan).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7']);
      // An explicit id of another trace wins, and the span (of that other trace) is not the records'.
      const explicit = runWithTraceId('chosen', () => context.with(ctx, () => [getTraceId(), getSpanId()]));
      expect(explicit).toEqual(['chosen', undefined]);
      const same = runWithTraceId(spanContext.traceId, () => context.with(ctx, () => [getTraceId(), getSpanId()]));
      expect(same).toEqual([spanContext.traceId, '00f067aa0ba902b7']);
      expect(runWithTraceId('stored', () => [getTraceId(), getSpanId()])).toEqual(['stored', undefined]);
    });

    it('gives the container loggers span_id, trace_flags and correlation_id inside a span', async () => {
      const chunks: string[] = [];
      const logger = createLogger(loadSettings({ ENVIRONMENT: 'testing' }), {
        destination: { write: (c: string) => chunks.push(c) },
      });
      const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
      const ctx = trace.setSpan(context.active(), trace.wrapSpanContext(span));
      await new Promise<void>((resolve) =>
        setImmediate(() =>
          context.with(ctx, () =>
            runWithTraceContext({ traceId: span.traceId, correlationId: 'order-7781-abc' }, () => {
              logger.info('in span');
              resolve();
            }),
          ),
        ),
      );
      logger.info('outside');
      await logger.close();
      const [inside, outside] = chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(inside).toMatchObject({
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: '00f067aa0ba902b7',
        trace_flags: '01',
        correlation_id: 'order-7781-abc',
      });
      expect(Object.keys(outside ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id']);
    });

    it('writes no span_id of a span from another trace than the record (an explicit trace id inside a span)', async () => {
      const chunks: string[] = [];
      const logger = createLogger(loadSettings({ ENVIRONMENT: 'testing' }), {
        destination: { write: (c: string) => chunks.push(c) },
      });
      const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
      const ctx = trace.setSpan(context.active(), trace.wrapSpanContext(span));
      context.with(ctx, () => {
        runWithTraceId('0af7651916cd43dd8448eb211c80319c', () => logger.info('other trace'));
        runWithTraceId(span.traceId, () => logger.info('same trace'));
        logger.info('the span only');
      });
      await logger.close();
      const records = chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => [r.message, r.trace_id, r.span_id])).toEqual([
        ['other trace', '0af7651916cd43dd8448eb211c80319c', undefined],
        ['same trace', span.traceId, span.spanId],
        ['the span only', span.traceId, span.spanId],
      ]);
    });

    it('ignores an invalid span context', async () => {
      const invalid = { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 };
      const ctx = trace.setSpan(context.active(), trace.wrapSpanContext(invalid));
      const id = await new Promise<string>((resolve) =>
        setImmediate(() => context.with(ctx, () => resolve(getTraceId()))),
      );
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toBe('0'.repeat(32));
    });
  });
});
