import { describe, expect, it, vi } from 'vitest';
import { InvalidLogLevelError, InvalidOptionsError } from './errors.js';
import { RecordLogger } from './record-logger.js';
import { runLoggerContract } from './testing/logger-contract.js';
import { RecordingLogger } from './testing/recording-logger.js';

runLoggerContract('RecordingLogger', { describe, it }, ({ level, traceContext }) => {
  const logger = new RecordingLogger({ level, traceContext });
  return { logger, read: async () => logger.records };
});

describe('RecordLogger', () => {
  it('uses the injected clock for the timestamp', () => {
    const logger = new RecordingLogger({ clock: () => Date.UTC(2025, 10, 13, 19, 0, 0, 123) });
    logger.info('x');
    expect(logger.records[0]?.timestamp).toBe('2025-11-13T19:00:00.123Z');
  });

  it('gives every record a trace id even without a trace context', () => {
    const logger = new RecordingLogger();
    logger.info('a');
    logger.info('b');
    const [a, b] = logger.records;
    expect(a?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(b?.trace_id).toBe(a?.trace_id);
  });

  it('falls back to the process trace id and reports when the trace context throws', () => {
    const onError = vi.fn();
    const logger = new RecordingLogger({
      onError,
      traceContext: () => {
        throw new Error('no context');
      },
    });
    logger.info('still logged');
    expect(logger.records[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('reports a failing sink through onError and never throws', () => {
    const onError = vi.fn(() => {
      throw new Error('even onError fails');
    });
    const logger = new RecordLogger({
      sink: {
        write() {
          throw new Error('disk full');
        },
      },
      onError,
    });
    expect(() => logger.error('x', { error: new Error('y') })).not.toThrow();
    expect(onError).toHaveBeenCalled();
  });

  it('writes an emergency record when the context cannot be read at all', () => {
    const onError = vi.fn();
    const logger = new RecordingLogger({ onError });
    const context = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile');
        },
      },
    );
    logger.info('kept', context);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({
      message: 'kept',
      log_error: 'record could not be built or written in full',
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('merges call context over bound context without duplicate keys and keeps bound errors', () => {
    const logger = new RecordingLogger();
    const bound = logger.bind({ a: 1, error: new Error('bound failure') });
    bound.info('x', { a: 2, b: 3 });
    bound.info('y', { error_type: 'custom' });
    const [x, y] = logger.records;
    expect(x).toMatchObject({ a: 2, b: 3, error_message: 'bound failure' });
    expect(logger.lines[0]?.match(/"a":/g)).toHaveLength(1);
    expect(y).toMatchObject({ error_type: 'Error', ctx_error_type: 'custom' });
  });

  it('snapshots bound context so later mutation of the caller object does not change it', () => {
    const logger = new RecordingLogger();
    const ctx = { user: 'a' };
    const bound = logger.bind(ctx);
    ctx.user = 'b';
    bound.info('x');
    expect(logger.records[0]?.user).toBe('a');
  });

  it('redacts secrets in bound context and in the message', () => {
    const logger = new RecordingLogger();
    logger.bind({ session_id: 's-1' }).info('ssn 123-45-6789');
    expect(logger.records[0]).toMatchObject({ session_id: '[REDACTED]', message: 'ssn [REDACTED]' });
  });

  it('keeps a __proto__ key from bound context as data', () => {
    const logger = new RecordingLogger();
    logger.bind(JSON.parse('{"__proto__": {"admin": true}}')).info('x');
    expect(logger.lines[0]).toContain('"__proto__":{"admin":true}');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers isLevelEnabled and exposes its level', () => {
    const logger = new RecordingLogger({ level: 'WARN' });
    expect(logger.level).toBe('warning');
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('rejects bad options with typed errors that say what is accepted', () => {
    expect(() => new RecordLogger({ sink: {} as never })).toThrow(InvalidOptionsError);
    expect(() => new RecordLogger(null as never)).toThrow(/expected an object/);
    expect(() => new RecordingLogger({ level: 'loud' })).toThrow(InvalidLogLevelError);
    expect(() => new RecordingLogger({ clock: 5 as never })).toThrow(/"clock": expected a function/);
  });

  it('clears recorded lines and finds records by level', () => {
    const logger = new RecordingLogger();
    logger.warning('w');
    logger.info('i');
    expect(logger.atLevel('warning').map((r) => r.message)).toEqual(['w']);
    expect(logger.find('i')?.level).toBe('info');
    logger.clear();
    expect(logger.records).toEqual([]);
  });
});

describe('RecordLogger with an Error as the context', () => {
  it('takes it as context.error, in a call and in bind', () => {
    const logger = new RecordingLogger();
    logger.error('failed', new TypeError('boom') as never);
    logger.bind(new RangeError('bound') as never).warning('later');
    expect(logger.records[0]).toMatchObject({ error_type: 'TypeError', error_message: 'boom' });
    expect(logger.records[1]).toMatchObject({ error_type: 'RangeError', error_message: 'bound' });
  });
});

describe('RecordLogger span ids', () => {
  it('writes span_id after trace_id from spanContext unless the context has one', () => {
    let span: string | undefined = '00f067aa0ba902b7';
    const logger = new RecordingLogger({ traceContext: () => 't', spanContext: () => span });
    logger.info('a', { k: 1 });
    logger.info('b', { span_id: 'given' });
    logger.bind({ span_id: 'bound' }).info('c');
    span = undefined;
    logger.info('d');
    const [a, b, c, d] = logger.records;
    expect(Object.keys(a ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id', 'span_id', 'k']);
    expect([a?.span_id, b?.span_id, c?.span_id, d?.span_id]).toEqual(['00f067aa0ba902b7', 'given', 'bound', undefined]);
    expect(logger.lines[1]?.match(/span_id/g)).toHaveLength(1);
  });

  it('reports a throwing spanContext and still writes the record', () => {
    const onError = vi.fn();
    const logger = new RecordingLogger({
      onError,
      spanContext: () => {
        throw new Error('no span');
      },
    });
    logger.info('kept');
    expect(logger.records[0]?.message).toBe('kept');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('RecordLogger trace flags and correlation ids', () => {
  it('writes trace_flags as two hex digits after span_id when spanContext gives a span context', () => {
    let span: { spanId: string; traceFlags?: number } | undefined = { spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const logger = new RecordingLogger({ traceContext: () => 't', spanContext: () => span });
    logger.info('sampled', { k: 1 });
    span = { spanId: '00f067aa0ba902b7', traceFlags: 0 };
    logger.info('not sampled');
    span = { spanId: '00f067aa0ba902b7' };
    logger.info('no flags');
    logger.info('flags given', { trace_flags: 'given' });
    logger.info('span given', { span_id: 'given' });
    const [a, b, c, d, e] = logger.records;
    expect(Object.keys(a ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id', 'span_id', 'trace_flags', 'k']);
    expect([a?.trace_flags, b?.trace_flags, c?.trace_flags, d?.trace_flags, e?.trace_flags]).toEqual([
      '01',
      '00',
      undefined,
      'given',
      undefined,
    ]);
    expect(logger.lines[3]?.match(/trace_flags/g)).toHaveLength(1);
  });

  it('writes correlation_id after the span fields from correlationContext unless the context has one', () => {
    let correlation: string | undefined = 'order-7781-abc';
    const logger = new RecordingLogger({
      traceContext: () => 't',
      spanContext: () => ({ spanId: '00f067aa0ba902b7', traceFlags: 1 }),
      correlationContext: () => correlation,
    });
    logger.info('a', { k: 1 });
    logger.info('b', { correlation_id: 'given' });
    logger.bind({ correlation_id: 'bound' }).info('c');
    correlation = undefined;
    logger.info('d');
    const [a, b, c, d] = logger.records;
    expect(Object.keys(a ?? {})).toEqual([
      'timestamp',
      'level',
      'message',
      'trace_id',
      'span_id',
      'trace_flags',
      'correlation_id',
      'k',
    ]);
    expect([a?.correlation_id, b?.correlation_id, c?.correlation_id, d?.correlation_id]).toEqual([
      'order-7781-abc',
      'given',
      'bound',
      undefined,
    ]);
    expect(logger.lines[1]?.match(/correlation_id/g)).toHaveLength(1);
  });

  it('reports a throwing correlationContext and still writes the record', () => {
    const onError = vi.fn();
    const logger = new RecordingLogger({
      onError,
      correlationContext: () => {
        throw new Error('no store');
      },
    });
    logger.info('kept');
    expect(logger.records[0]?.message).toBe('kept');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('RecordLogger ids', () => {
  it('never redacts inside trace and span ids, even when they hold a card-like digit run', () => {
    const id = '4111111111111111abcdefabcdefabcd';
    const logger = new RecordingLogger({ traceContext: () => id, spanContext: () => '4111111111111111' });
    logger.info('x');
    expect(logger.records[0]).toMatchObject({ trace_id: id, span_id: '4111111111111111' });
  });
});
