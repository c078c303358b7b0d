// Tests of the Logger: records, ids, levels, contexts of every shape, options and failure reports.
import { describe, expect, it, vi } from 'vitest';
import { InvalidLogLevelError, InvalidOptionsError } from './errors.js';
import type { LogSink } from './log-sink.js';
import { Logger } from './logger.js';
import type { LoggerOptions } from './logger-options.js';
import { reportFailure } from './report-failure.js';
import { RecordingSink, recordingLogger } from './testing/recording-sink.js';
import { runSinkContract } from './testing/sink-contract.js';

runSinkContract('RecordingSink', { describe, it }, () => {
  const sink = new RecordingSink();
  return { sink, read: async () => sink.records };
});

/** A sink that only writes, for tests of the logger's own behaviour. */
function writeOnly(write: (line: string) => void): LogSink {
  return { write, flush: () => Promise.resolve(), close: () => Promise.resolve() };
}

describe('Logger', () => {
  it('uses the injected clock for the timestamp', () => {
    const { logger, sink: loggerSink } = recordingLogger({ clock: () => Date.UTC(2025, 10, 13, 19, 0, 0, 123) });
    logger.info('x');
    expect(loggerSink.records[0]?.timestamp).toBe('2025-11-13T19:00:00.123Z');
  });

  it('gives every record a trace id even without a trace context', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.info('a');
    logger.info('b');
    const [a, b] = loggerSink.records;
    expect(a?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(b?.trace_id).toBe(a?.trace_id);
  });

  it('falls back to the process trace id and reports when the trace context throws', () => {
    const onError = vi.fn();
    const { logger, sink: loggerSink } = recordingLogger({
      onError,
      traceContext: () => {
        throw new Error('no context');
      },
    });
    logger.info('still logged');
    expect(loggerSink.records[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('reports a failing sink through onError and never throws', () => {
    const onError = vi.fn(() => {
      throw new Error('even onError fails');
    });
    const logger = new Logger({
      sink: writeOnly(() => {
        throw new Error('disk full');
      }),
      onError,
    });
    expect(() => logger.error('x', { error: new Error('y') })).not.toThrow();
    expect(onError).toHaveBeenCalled();
  });

  it("redacts its own failure reports with its redaction rules, the user's patterns included", () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const logger = new Logger({
        sink: writeOnly(() => {
          throw new Error('refused record with ACME-7f3k9q2m8x4w');
        }),
        redaction: { patterns: [/ACME-[a-z0-9]{12}/g] },
      });
      logger.info('x');
      const text = write.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toContain('dashtam logger internal error');
      expect(text).not.toContain('ACME-7f3k9q2m8x4w');
    } finally {
      write.mockRestore();
    }
  });

  it('writes an emergency record when the context cannot be read at all', () => {
    const onError = vi.fn();
    const { logger, sink: loggerSink } = recordingLogger({ onError });
    const context = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile');
        },
      },
    );
    logger.info('kept', context);
    expect(loggerSink.records).toHaveLength(1);
    expect(loggerSink.records[0]).toMatchObject({
      message: 'kept',
      log_error: 'record could not be built or written in full',
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('merges call context over bound context without duplicate keys and keeps bound errors', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const bound = logger.bind({ a: 1, error: new Error('bound failure') });
    bound.info('x', { a: 2, b: 3 });
    bound.info('y', { error_type: 'custom' });
    const [x, y] = loggerSink.records;
    expect(x).toMatchObject({ a: 2, b: 3, error_message: 'bound failure' });
    expect(loggerSink.lines[0]?.match(/"a":/g)).toHaveLength(1);
    expect(y).toMatchObject({ error_type: 'Error', ctx_error_type: 'custom' });
  });

  it('snapshots bound context so later mutation of the caller object does not change it', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const ctx = { user: 'a' };
    const bound = logger.bind(ctx);
    ctx.user = 'b';
    bound.info('x');
    expect(loggerSink.records[0]?.user).toBe('a');
  });

  it('redacts secrets in bound context and in the message', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.bind({ session_id: 's-1' }).info('ssn 123-45-6789');
    expect(loggerSink.records[0]).toMatchObject({ session_id: '[REDACTED]', message: 'ssn [REDACTED]' });
  });

  it('keeps a __proto__ key from bound context as data', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.bind(JSON.parse('{"__proto__": {"admin": true}}')).info('x');
    expect(loggerSink.lines[0]).toContain('"__proto__":{"admin":true}');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers isLevelEnabled and exposes its level', () => {
    const { logger } = recordingLogger({ level: 'WARN' });
    expect(logger.level).toBe('warning');
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('rejects bad options with typed errors that say what is accepted', () => {
    expect(() => new Logger({ sink: {} as never })).toThrow(InvalidOptionsError);
    expect(() => new Logger(null as never)).toThrow(/expected an object/);
    expect(() => recordingLogger({ level: 'loud' })).toThrow(InvalidLogLevelError);
    expect(() => recordingLogger({ clock: 5 as never })).toThrow(/"clock": expected a function/);
  });

  it('clears recorded lines and finds records by level', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.warning('w');
    logger.info('i');
    expect(loggerSink.atLevel('warning').map((r) => r.message)).toEqual(['w']);
    expect(loggerSink.find('i')?.level).toBe('info');
    loggerSink.clear();
    expect(loggerSink.records).toEqual([]);
  });
});

describe('Logger with an Error as the context', () => {
  it('takes it as context.error, in a call and in bind', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.error('failed', new TypeError('boom') as never);
    logger.bind(new RangeError('bound') as never).warning('later');
    expect(loggerSink.records[0]).toMatchObject({ error_type: 'TypeError', error_message: 'boom' });
    expect(loggerSink.records[1]).toMatchObject({ error_type: 'RangeError', error_message: 'bound' });
  });
});

describe('Logger span ids', () => {
  it('writes span_id after trace_id from spanContext unless the context has one', () => {
    let span: string | undefined = '00f067aa0ba902b7';
    const { logger, sink: loggerSink } = recordingLogger({ traceContext: () => 't', spanContext: () => span });
    logger.info('a', { k: 1 });
    logger.info('b', { span_id: 'given' });
    logger.bind({ span_id: 'bound' }).info('c');
    span = undefined;
    logger.info('d');
    const [a, b, c, d] = loggerSink.records;
    expect(Object.keys(a ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id', 'span_id', 'k']);
    expect([a?.span_id, b?.span_id, c?.span_id, d?.span_id]).toEqual(['00f067aa0ba902b7', 'given', 'bound', undefined]);
    expect(loggerSink.lines[1]?.match(/span_id/g)).toHaveLength(1);
  });

  it('reports a throwing spanContext and still writes the record', () => {
    const onError = vi.fn();
    const { logger, sink: loggerSink } = recordingLogger({
      onError,
      spanContext: () => {
        throw new Error('no span');
      },
    });
    logger.info('kept');
    expect(loggerSink.records[0]?.message).toBe('kept');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('Logger trace flags and correlation ids', () => {
  it('writes trace_flags as two hex digits after span_id when spanContext gives a span context', () => {
    let span: { spanId: string; traceFlags?: number } | undefined = { spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const { logger, sink: loggerSink } = recordingLogger({ traceContext: () => 't', spanContext: () => span });
    logger.info('sampled', { k: 1 });
    span = { spanId: '00f067aa0ba902b7', traceFlags: 0 };
    logger.info('not sampled');
    span = { spanId: '00f067aa0ba902b7' };
    logger.info('no flags');
    logger.info('flags given', { trace_flags: 'given' });
    logger.info('span given', { span_id: 'given' });
    const [a, b, c, d, e] = loggerSink.records;
    expect(Object.keys(a ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id', 'span_id', 'trace_flags', 'k']);
    expect([a?.trace_flags, b?.trace_flags, c?.trace_flags, d?.trace_flags, e?.trace_flags]).toEqual([
      '01',
      '00',
      undefined,
      'given',
      undefined,
    ]);
    expect(loggerSink.lines[3]?.match(/trace_flags/g)).toHaveLength(1);
  });

  it('writes correlation_id after the span fields from correlationContext unless the context has one', () => {
    let correlation: string | undefined = 'order-7781-abc';
    const { logger, sink: loggerSink } = recordingLogger({
      traceContext: () => 't',
      spanContext: () => ({ spanId: '00f067aa0ba902b7', traceFlags: 1 }),
      correlationContext: () => correlation,
    });
    logger.info('a', { k: 1 });
    logger.info('b', { correlation_id: 'given' });
    logger.bind({ correlation_id: 'bound' }).info('c');
    correlation = undefined;
    logger.info('d');
    const [a, b, c, d] = loggerSink.records;
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
    expect(loggerSink.lines[1]?.match(/correlation_id/g)).toHaveLength(1);
  });

  it('reports a throwing correlationContext and still writes the record', () => {
    const onError = vi.fn();
    const { logger, sink: loggerSink } = recordingLogger({
      onError,
      correlationContext: () => {
        throw new Error('no store');
      },
    });
    logger.info('kept');
    expect(loggerSink.records[0]?.message).toBe('kept');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('Logger ids', () => {
  it('never redacts inside trace and span ids, even when they hold a card-like digit run', () => {
    const id = '4111111111111111abcdefabcdefabcd';
    const { logger, sink: loggerSink } = recordingLogger({
      traceContext: () => id,
      spanContext: () => '4111111111111111',
    });
    logger.info('x');
    expect(loggerSink.records[0]).toMatchObject({ trace_id: id, span_id: '4111111111111111' });
  });
});

/** A Logger writing into an array, with a fixed trace id unless told otherwise. */
function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const onError = vi.fn();
  const logger = new Logger({
    sink: writeOnly((line) => lines.push(line)),
    traceContext: () => 'ambient',
    onError,
    ...options,
  });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, records, onError };
}

const LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

describe('Logger levels', () => {
  it('writes a call at or above the configured level and drops the others, for every pair of levels', () => {
    for (const [min, configured] of LEVELS.entries()) {
      const { logger, records } = capture({ level: configured });
      for (const level of LEVELS) logger[level](level);
      expect(
        records().map((r) => r.level),
        configured,
      ).toEqual(LEVELS.slice(min));
      for (const [rank, level] of LEVELS.entries()) {
        expect(logger.isLevelEnabled(level), `${configured} ${level}`).toBe(rank >= min);
      }
    }
  });
});

describe('Logger trace ids from the context', () => {
  it('uses a trace id given as a number as its text', () => {
    const { logger, records, onError } = capture();
    logger.info('m', { trace_id: 42 });
    logger.bind({ trace_id: 7 }).info('n');
    expect(records().map((r) => r.trace_id)).toEqual(['42', '7']);
    expect(records().some((r) => 'log_error' in r)).toBe(false);
    expect(onError).not.toHaveBeenCalled();
  });

  it('keeps the ambient trace id when the context gives null, undefined or an empty one', () => {
    const { logger, records } = capture();
    logger.info('a', { trace_id: null });
    logger.info('b', { trace_id: undefined });
    logger.info('c', { trace_id: '' });
    logger.bind({ trace_id: null }).info('d');
    logger.bind({ trace_id: '' }).info('e');
    logger.bind({ k: 1 }).info('f');
    expect(records().map((r) => r.trace_id)).toEqual([
      'ambient',
      'ambient',
      'ambient',
      'ambient',
      'ambient',
      'ambient',
    ]);
  });

  it('keeps the bound trace id when a call gives an empty one', () => {
    const { logger, records } = capture();
    logger.bind({ trace_id: 'bound' }).info('a', { trace_id: '' });
    expect(records()[0]?.trace_id).toBe('bound');
  });

  it('falls back to the process trace id when the trace context gives an empty, non-string or secret id', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
    for (const id of ['', 42, jwt]) {
      const { logger, records, onError } = capture({ traceContext: () => id as string });
      logger.info('m');
      expect(records()[0]?.trace_id, String(id)).toMatch(/^[0-9a-f]{32}$/);
      expect(onError).not.toHaveBeenCalled();
    }
  });
});

describe('Logger span and correlation sources', () => {
  it('writes no span_id and reports nothing when the span source gives nothing usable', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
    for (const span of [undefined, null, '', jwt, 42, { spanId: '' }, { spanId: 5 }, { spanId: jwt }, {}]) {
      const { logger, records, onError } = capture({ spanContext: () => span as string });
      logger.info('m');
      expect(Object.keys(records()[0] ?? {}), JSON.stringify(span)).toEqual([
        'timestamp',
        'level',
        'message',
        'trace_id',
      ]);
      expect(onError).not.toHaveBeenCalled();
    }
  });

  it('writes trace_flags only for an integer from 0 to 255 the context does not give', () => {
    const cases: [unknown, string | undefined][] = [
      [0, '00'],
      [255, 'ff'],
      [256, undefined],
      [-1, undefined],
      [1.5, undefined],
      ['01', undefined],
    ];
    for (const [traceFlags, expected] of cases) {
      const { logger, records } = capture({ spanContext: () => ({ spanId: 'abc', traceFlags: traceFlags as number }) });
      logger.info('m');
      expect(records()[0]?.trace_flags, String(traceFlags)).toBe(expected);
    }
    const { logger, lines } = capture({ spanContext: () => ({ spanId: 'abc', traceFlags: 1 }) });
    logger.info('call', { trace_flags: 'call' });
    logger.bind({ trace_flags: 'bound' }).info('bound');
    logger.bind({ span_id: 'bound' }).info('bound span');
    expect(lines.map((l) => l.match(/"trace_flags"/g)?.length ?? 0)).toEqual([1, 1, 0]);
    expect(lines[2]?.match(/"span_id"/g)).toHaveLength(1);
  });

  it('writes no span_id or correlation_id and reports nothing without span and correlation sources', () => {
    const { logger, lines, onError } = capture();
    logger.info('m');
    logger.info('n', { k: 1 });
    expect(lines.join('')).not.toMatch(/span_id|correlation_id|trace_flags/);
    expect(onError).not.toHaveBeenCalled();
  });

  it('writes correlation_id for a call without context, once when bound, and not for an empty or non-string id', () => {
    let id: unknown = 'corr-1';
    const { logger, lines, records, onError } = capture({ correlationContext: () => id as string });
    logger.info('m');
    logger.bind({ correlation_id: 'bound' }).info('bound');
    id = '';
    logger.info('empty');
    id = 42;
    logger.info('number');
    expect(records().map((r) => r.correlation_id)).toEqual(['corr-1', 'bound', undefined, undefined]);
    expect(lines[1]?.match(/"correlation_id"/g)).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('Logger contexts of other shapes', () => {
  it('writes a full record with no context fields when the context is null, a string or a number', () => {
    const { logger, records, onError } = capture();
    logger.info('a', null as never);
    logger.info('b', 'text' as never);
    logger.info('c', 12 as never);
    logger.bind('ab' as never).info('d');
    logger.bind(null as never).info('e');
    for (const r of records()) expect(Object.keys(r)).toEqual(['timestamp', 'level', 'message', 'trace_id']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('keeps the bound fields when bind is given null', () => {
    const { logger, records } = capture();
    logger
      .bind({ k: 1 })
      .bind(null as never)
      .info('m');
    expect(records()[0]?.k).toBe(1);
  });

  it('writes a context key named like an error field as it is when no error is logged', () => {
    const { logger, records } = capture();
    logger.bind({ k: 1 }).info('m', { error_type: 'plain' });
    logger.info('m', { error_type: 'plain', error: undefined });
    for (const record of records()) {
      expect(record.error_type).toBe('plain');
      expect(record).not.toHaveProperty('ctx_error_type');
    }
    expect(Object.keys(records()[1] ?? {})).toEqual(['timestamp', 'level', 'message', 'trace_id', 'error_type']);
  });

  it('renames a bound error_* field when a call logs an error, so each key is written once', () => {
    const { logger, lines, records } = capture();
    logger.bind({ error_type: 'plain' }).error('m', { error: new Error('boom') });
    logger.bind({ request_id: 'r', error_type: 'plain' }).error('m', { error: new Error('boom') });
    for (const [i, record] of records().entries()) {
      expect(record).toMatchObject({ error_type: 'Error', ctx_error_type: 'plain', error_message: 'boom' });
      expect(lines[i]?.match(/"error_type"/g)).toHaveLength(1);
    }
  });

  it('writes trace_id once, first, when the context or bound context holds it', () => {
    const { logger, lines } = capture();
    logger.info('m', { trace_id: 'call', k: 1 });
    logger.bind({ trace_id: 'bound', k: 1 }).info('m');
    for (const line of lines) {
      expect(line.match(/"trace_id"/g)).toHaveLength(1);
      expect(line).not.toContain('ctx_trace_id');
    }
  });

  it('keeps a clashing key under ctx_, and a further ctx_ when that name is taken too', () => {
    const { logger, records } = capture();
    logger.info('m', { timestamp: 1, ctx_timestamp: 2 });
    expect(records()[0]).toMatchObject({ ctx_timestamp: 2, ctx_ctx_timestamp: 1 });
  });

  it('writes a valid timestamp for any clock value, the latest one Date can show included', () => {
    let now = 8.64e15;
    const { logger, records } = capture({ clock: () => now });
    logger.info('last');
    now = Number.NaN;
    logger.info('nan');
    now = 8.64e15 + 1;
    logger.info('beyond');
    const [last, nan, beyond] = records().map((r) => r.timestamp as string);
    expect(last).toBe('+275760-09-13T00:00:00.000Z');
    for (const t of [nan, beyond]) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(records().map((r) => r.message)).toEqual(['last', 'nan', 'beyond']);
  });

  it('writes a marker for a bound getter that throws', () => {
    const { logger, records } = capture();
    const context = {
      get a() {
        throw new Error('getter failed');
      },
      get b() {
        throw 'not an error';
      },
    };
    logger.bind(context).info('m');
    expect(records()[0]).toMatchObject({ a: '[Throws: getter failed]', b: '[Throws: unknown]' });
  });

  it('reports a bound trace id that cannot be turned into text and returns a logger that still writes', () => {
    const { logger, records, onError } = capture();
    const bound = logger.bind({
      trace_id: {
        toString() {
          throw new Error('no text');
        },
      },
    });
    bound.info('m');
    expect(onError).toHaveBeenCalledOnce();
    expect(records()[0]).toMatchObject({ message: 'm', trace_id: 'ambient' });
  });

  it('binds with withContext as with bind', () => {
    const { logger, records } = capture();
    logger.withContext({ request_id: 'r1' }).info('m');
    expect(records()[0]?.request_id).toBe('r1');
  });

  it('writes a message that is not a string as its text, and a marker when it has none', () => {
    const { logger, records } = capture();
    logger.info(42 as never);
    logger.info(Symbol('s') as never);
    logger.info({
      toString() {
        throw new Error('no text');
      },
    } as never);
    expect(records().map((r) => r.message)).toEqual(['42', 'Symbol(s)', '[unprintable message]']);
  });

  it('keeps the redaction options in loggers bound from it', () => {
    const { logger, records } = capture({ redaction: { keys: ['internal_note'] } });
    logger.bind({ a: 1 }).info('m', { internal_note: 'hush' });
    expect(records()[0]?.internal_note).toBe('[REDACTED]');
  });
});

describe('Logger options', () => {
  it('names the options or the sink in the error when they are not objects', () => {
    for (const options of [null, 'x', 3]) {
      expect(() => new Logger(options as never)).toThrow(
        expect.objectContaining({ name: 'InvalidOptionsError', option: 'options' }),
      );
    }
    const ok = () => Promise.resolve();
    for (const sink of [undefined, null, 'x', {}, { write: 1 }, { write() {} }, { write() {}, flush: ok }]) {
      const error = (() => {
        try {
          new Logger({ sink } as never);
        } catch (e) {
          return e as InvalidOptionsError;
        }
      })();
      expect(error, String(sink)).toBeInstanceOf(InvalidOptionsError);
      expect(error?.option).toBe('sink');
      expect(error?.message).toContain('write(line, level, time), flush() and close()');
    }
  });
});

describe('reportFailure', () => {
  it('writes one JSON line with the error name and message, or the text of a non-error', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      reportFailure(new TypeError('bad thing'));
      reportFailure('plain');
      reportFailure(new Error('token=hunter2hunter2 refused'), 'acme sink failed');
      const lines = write.mock.calls.map((c) => String(c[0]));
      expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
      expect(lines.map((l) => JSON.parse(l))).toEqual([
        { level: 'error', message: 'dashtam logger internal error', error_message: 'TypeError: bad thing' },
        { level: 'error', message: 'dashtam logger internal error', error_message: 'plain' },
        { level: 'error', message: 'acme sink failed', error_message: 'Error: token=[REDACTED]' },
      ]);
    } finally {
      write.mockRestore();
    }
  });

  it('does not throw when stderr fails', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => {
      throw new Error('closed');
    });
    try {
      expect(() => reportFailure(new Error('x'))).not.toThrow();
    } finally {
      write.mockRestore();
    }
  });
});

// Messages repeat (most are constants), so the serialised message is remembered; these check that
// remembering never changes a record.
describe('Logger messages logged again and again', () => {
  it('redacts a secret message every time, calling the censor for each record', () => {
    const seen: string[] = [];
    const { logger, sink } = recordingLogger({
      redaction: {
        censor: (value) => {
          seen.push(String(value));
          return `<cut ${seen.length}>`;
        },
      },
    });
    for (let i = 0; i < 3; i++) logger.info('login with password=hunter2');
    expect(sink.records.map((r) => r.message)).toEqual([
      'login with password=<cut 1>',
      'login with password=<cut 2>',
      'login with password=<cut 3>',
    ]);
    expect(seen).toEqual(['hunter2', 'hunter2', 'hunter2']);
  });

  it('writes a plain message, a cut one and one with quotes the same on every call', () => {
    const long = 'x'.repeat(300);
    const { logger, sink } = recordingLogger({ limits: { maxStringLength: 250 } });
    for (let i = 0; i < 2; i++) {
      logger.info('Request received');
      logger.info(long);
      logger.info('say "hi"\n');
    }
    const messages = sink.records.map((r) => r.message);
    expect(messages.filter((m) => m === 'Request received')).toHaveLength(2);
    expect(messages.filter((m) => m === 'say "hi"\n')).toHaveLength(2);
    const cut = messages.filter((m) => typeof m === 'string' && m.startsWith('xxx'));
    expect(cut).toHaveLength(2);
    expect(cut[0]).toBe(cut[1]);
    expect((cut[0] as string).length).toBeLessThan(300);
  });

  it('keeps two loggers with different rules apart', () => {
    const plain = recordingLogger();
    const strict = recordingLogger({ redaction: { patterns: [/order-\d+/] } });
    plain.logger.info('shipped order-1234');
    strict.logger.info('shipped order-1234');
    plain.logger.info('shipped order-1234');
    expect(plain.sink.records.map((r) => r.message)).toEqual(['shipped order-1234', 'shipped order-1234']);
    expect(strict.sink.records[0]?.message).toBe('shipped [REDACTED]');
  });

  it('writes each of more distinct messages than are remembered, then the first again', () => {
    const { logger, sink } = recordingLogger();
    for (let i = 0; i < 2100; i++) logger.info(`step ${i}`);
    logger.info('step 0');
    logger.info('step 2099');
    const messages = sink.records.map((r) => r.message);
    expect(messages).toHaveLength(2102);
    expect(messages.slice(-2)).toEqual(['step 0', 'step 2099']);
    expect(new Set(messages).size).toBe(2100);
  });
});
