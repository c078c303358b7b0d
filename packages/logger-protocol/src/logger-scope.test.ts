// Tests of the logger in a scope: scope fields, sampling, the debug tail, and their failures.
import { describe, expect, it } from 'vitest';
import { DebugTailBuffer } from './debug-tail.js';
import { flushDebugTail } from './held-records.js';
import type { LogScope } from './log-scope.js';
import { Logger } from './logger.js';
import type { LoggerOptions } from './logger-options.js';
import { RecordingSink, recordingLogger } from './testing/recording-sink.js';

// The scope source is the container's AsyncLocalStorage in real use; here a variable the test sets.
function scoped(options: Omit<LoggerOptions, 'sink' | 'scope'> = {}) {
  let current: LogScope | undefined;
  const { logger, sink } = recordingLogger({ ...options, scope: () => current });
  return {
    logger,
    sink,
    enter: (scope: LogScope | undefined) => {
      current = scope;
    },
  };
}

describe('scope fields', () => {
  it('writes the scope fields on every record, bound and call context winning over them', () => {
    const { logger, sink, enter } = scoped();
    enter({ fields: { user_id: 'u-1', tenant_id: 't-9', request_id: 'r-1' } });
    logger.info('plain');
    logger.bind({ tenant_id: 'bound' }).info('bound wins');
    logger.info('call wins', { user_id: 'u-2' });
    enter(undefined);
    logger.info('outside');
    const [plain, bound, call, outside] = sink.records;
    expect(plain).toMatchObject({ user_id: 'u-1', tenant_id: 't-9', request_id: 'r-1' });
    expect(bound).toMatchObject({ user_id: 'u-1', tenant_id: 'bound', request_id: 'r-1' });
    expect(call).toMatchObject({ user_id: 'u-2', tenant_id: 't-9' });
    expect(outside?.user_id).toBeUndefined();
    // One member per key: the overridden scope field is not written twice.
    expect(sink.lines[1]?.match(/"tenant_id"/g)).toHaveLength(1);
    expect(sink.lines[2]?.match(/"user_id"/g)).toHaveLength(1);
  });

  it('redacts scope fields like any context', () => {
    const { logger, sink, enter } = scoped();
    enter({ fields: { api_key: 'sk_live_abcdefghijklmnopqrstuvwx', note: 'password=hunter2' } });
    logger.info('x');
    expect(sink.lines[0]).not.toContain('sk_live_abcdefghijklmnopqrstuvwx');
    expect(sink.lines[0]).not.toContain('hunter2');
    expect(sink.records[0]?.api_key).toBe('[REDACTED]');
  });

  it('writes each scope its own fields when scopes interleave', () => {
    const { logger, sink, enter } = scoped();
    const a = { fields: { request_id: 'a' } };
    const b = { fields: { request_id: 'b' } };
    for (const s of [a, b, a, b]) {
      enter(s);
      logger.info('x');
    }
    expect(sink.records.map((r) => r.request_id)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('carries on without the fields when the scope source throws, and reports it', () => {
    const errors: unknown[] = [];
    const { logger, sink } = recordingLogger({
      scope: () => {
        throw new Error('scope broke');
      },
      onError: (e) => errors.push(e),
    });
    logger.info('still written');
    expect(sink.records[0]?.message).toBe('still written');
    expect(String(errors[0])).toContain('scope broke');
  });
});

describe('sampling', () => {
  it('writes records below the level in a sampled scope, every record of it marked sampled', () => {
    const { logger, sink, enter } = scoped({ level: 'info', sampling: true });
    enter({ sampled: true });
    logger.debug('sampled debug');
    logger.info('sampled info');
    enter({ sampled: false });
    logger.debug('not sampled');
    logger.info('plain info');
    expect(sink.records.map((r) => [r.message, r.sampled])).toEqual([
      ['sampled debug', true],
      ['sampled info', true],
      ['plain info', undefined],
    ]);
  });

  it('does nothing when sampling is off, even in a scope marked sampled', () => {
    const { logger, sink, enter } = scoped({ level: 'info' });
    enter({ sampled: true });
    logger.debug('dropped');
    logger.info('kept');
    expect(sink.records.map((r) => [r.message, r.sampled])).toEqual([['kept', undefined]]);
  });
});

describe('debug tail', () => {
  function tailed(limits = {}) {
    const debugTail = new DebugTailBuffer(limits);
    const s = scoped({ level: 'info', debugTail });
    const open = () => {
      const scope = { tail: debugTail.open() };
      s.enter(scope);
      return scope;
    };
    return { ...s, debugTail, open };
  }

  it('writes the held records first, in order, marked buffered, when an error comes', () => {
    const { logger, sink, open, debugTail } = tailed();
    open();
    logger.debug('step 1', { n: 1 });
    logger.child('db').debug('step 2');
    logger.info('normal info');
    logger.error('failed');
    logger.debug('after the error');
    logger.critical('again');
    expect(sink.records.map((r) => [r.message, r.level, r.buffered])).toEqual([
      ['normal info', 'info', undefined],
      ['step 1', 'debug', true],
      ['step 2', 'debug', true],
      ['failed', 'error', undefined],
      ['after the error', 'debug', true],
      ['again', 'critical', undefined],
    ]);
    expect(sink.records[2]?.logger).toBe('db');
    expect(debugTail.stats()).toMatchObject({ flushed: 3, held_records: 0, held_bytes: 0 });
  });

  it('keeps the time, trace id and context of the call, not of the flush', () => {
    let now = 1_000;
    let trace = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open() };
    const { logger, sink } = recordingLogger({
      level: 'info',
      debugTail,
      scope: () => scope,
      clock: () => now,
      traceContext: () => trace,
    });
    const context = { attempt: 1 };
    logger.debug('held', context);
    context.attempt = 2;
    now = 5_000;
    trace = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    logger.error('failed');
    const [held, failed] = sink.records;
    expect(held).toMatchObject({ attempt: 1, trace_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(held?.timestamp).toBe(new Date(1_000).toISOString());
    expect(failed?.timestamp).toBe(new Date(5_000).toISOString());
  });

  it('keeps nested context values as they were at the call', () => {
    const { logger, sink, open } = tailed();
    open();
    const user = { id: 'u-1', role: 'reader' };
    const steps = ['fetch'];
    logger.debug('user loaded', { user, steps });
    user.role = 'admin';
    steps.push('retry');
    logger.error('failed');
    expect(sink.records[0]).toMatchObject({
      message: 'user loaded',
      buffered: true,
      user: { id: 'u-1', role: 'reader' },
      steps: ['fetch'],
    });
  });

  it('counts nested context values against the byte bound', () => {
    const { logger, open, debugTail } = tailed({ maxBytes: 2_000 });
    open();
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `customer name ${i}`, city: 'Springfield' }));
    logger.debug('rows fetched', { rows });
    // The record is far larger than the scope's bound once written: it is not held.
    expect(debugTail.stats()).toMatchObject({ held_records: 0, evicted: 1 });
    logger.debug('small', { n: 1 });
    expect(debugTail.stats().held_bytes).toBeGreaterThan(0);
    expect(debugTail.stats().held_bytes).toBeLessThanOrEqual(2_000);
  });

  it('drops what was held when the scope ends without an error, and counts it', () => {
    const { logger, sink, open, debugTail } = tailed();
    const scope = open();
    logger.debug('a');
    logger.debug('b');
    logger.info('c');
    expect(debugTail.stats()).toMatchObject({ held_records: 2, open_scopes: 1 });
    scope.tail.close();
    expect(sink.records.map((r) => r.message)).toEqual(['c']);
    expect(debugTail.stats()).toMatchObject({ held_records: 0, held_bytes: 0, dropped: 2, open_scopes: 0 });
    logger.debug('after close');
    expect(debugTail.stats()).toMatchObject({ held_records: 0, dropped: 3, evicted: 0 });
  });

  it('flushDebugTail writes what is held (a 5xx), and does nothing without a tail', () => {
    const { logger, sink, open } = tailed();
    const scope = open();
    logger.debug('held');
    flushDebugTail(scope);
    flushDebugTail(undefined);
    flushDebugTail({});
    expect(sink.records.map((r) => [r.message, r.buffered])).toEqual([['held', true]]);
  });

  it('never holds a record across scopes', () => {
    const { logger, sink, open } = tailed();
    const first = open();
    logger.debug('first request');
    open();
    logger.debug('second request');
    logger.error('second failed');
    first.tail.close();
    expect(sink.records.map((r) => r.message)).toEqual(['second request', 'second failed']);
  });

  it('evicts the oldest past the per-scope record bound, and counts it', () => {
    const { logger, sink, open, debugTail } = tailed({ maxRecords: 3 });
    open();
    for (let i = 1; i <= 5; i++) logger.debug(`step ${i}`);
    logger.error('failed');
    expect(sink.records.map((r) => r.message)).toEqual(['step 3', 'step 4', 'step 5', 'failed']);
    expect(debugTail.stats()).toMatchObject({ evicted: 2, flushed: 3 });
  });

  it('keeps within the byte bounds, per scope and in total', () => {
    const { logger, open, debugTail } = tailed({ maxBytes: 2_000, maxTotalBytes: 3_000 });
    const a = open();
    for (let i = 0; i < 10; i++) logger.debug('x'.repeat(500));
    expect(debugTail.stats().held_bytes).toBeLessThanOrEqual(2_000);
    open();
    for (let i = 0; i < 10; i++) logger.debug('y'.repeat(500));
    const stats = debugTail.stats();
    expect(stats.held_bytes).toBeLessThanOrEqual(3_000);
    expect(stats.evicted).toBeGreaterThan(0);
    a.tail.close();
    // A record larger than a scope's bound is evicted at once.
    logger.debug('z'.repeat(5_000));
    expect(debugTail.stats().evicted).toBe(stats.evicted + 1);
  });

  it('holds nothing outside a scope and nothing the sink would not take', () => {
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open() };
    const { logger, sink } = recordingLogger({ level: 'error', debugTail, scope: () => scope });
    logger.info('held');
    logger.debug('held too');
    logger.error('failed');
    expect(sink.records.map((r) => r.message)).toEqual(['held', 'held too', 'failed']);
    const outside = recordingLogger({ level: 'info', debugTail, scope: () => undefined });
    outside.logger.debug('nowhere');
    outside.logger.error('boom');
    expect(outside.sink.records.map((r) => r.message)).toEqual(['boom']);
    // A sink that takes warning and above: a debug record could never be written, so it is not held.
    const lines: string[] = [];
    const warningSink = {
      level: 'warning' as const,
      write: (line: string) => void lines.push(line),
      flush: async () => {},
      close: async () => {},
    };
    const floored = new Logger({ sink: warningSink, level: 'error', debugTail, scope: () => scope });
    floored.debug('below the sink');
    floored.warning('held for the sink');
    expect(debugTail.stats().held_records).toBe(1);
    floored.error('boom');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['held for the sink', 'boom']);
  });

  it('shows the tail counters in stats()', () => {
    const { logger, open } = tailed();
    open();
    logger.debug('a');
    expect(logger.stats()).toMatchObject({ written: 0, debug_tail: { held_records: 1, open_scopes: 1 } });
    expect(logger.child('db').stats()).toMatchObject({ debug_tail: { held_records: 1 } });
  });

  it('refuses bad limits with a clear error', () => {
    expect(() => new DebugTailBuffer({ maxRecords: 0 })).toThrow(
      /debugTail.maxRecords.*whole number of at least 1, got 0/,
    );
    expect(() => new DebugTailBuffer({ maxBytes: 1.5 })).toThrow(/debugTail.maxBytes/);
    expect(() => new DebugTailBuffer({ maxTotalRecords: Number.NaN })).toThrow(/maxTotalRecords/);
    expect(() => new DebugTailBuffer({ maxTotalBytes: '9' as unknown as number })).toThrow(/got string/);
    expect(() => new DebugTailBuffer(null as unknown as object)).toThrow(/debugTail/);
  });
});

describe('scope options and failures', () => {
  it('refuses bad levels, debugTail, sampling and scope options, naming them', () => {
    const sink = new RecordingSink();
    expect(() => new Logger({ sink, levels: null as never })).toThrow(/Invalid option "levels": expected an object/);
    expect(() => new Logger({ sink, levels: 'db=debug' as never })).toThrow(/"levels"/);
    expect(() => new Logger({ sink, debugTail: {} as never })).toThrow(
      /Invalid option "debugTail": expected a DebugTailBuffer/,
    );
    expect(() => new Logger({ sink, sampling: 'yes' as never })).toThrow(
      /Invalid option "sampling": expected true or false, got string/,
    );
    expect(() => new Logger({ sink, scope: {} as never })).toThrow(/Invalid option "scope": expected a function/);
  });

  it('writes a held record that cannot be written in full as a minimal record, and reports it', () => {
    const errors: unknown[] = [];
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open() };
    const lines: string[] = [];
    let fail = false;
    const sink = {
      write: (line: string) => {
        if (fail && line.includes('"buffered"')) throw new Error('disk full');
        lines.push(line);
      },
      flush: async () => {},
      close: async () => {},
    };
    const logger = new Logger({ sink, level: 'info', debugTail, scope: () => scope, onError: (e) => errors.push(e) });
    logger.debug('held');
    fail = true;
    logger.error('failed');
    expect(String(errors[0])).toContain('disk full');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { message: 'held', log_error: 'record could not be built or written in full' },
      { message: 'failed' },
    ]);
  });

  it('keeps the sink counters and the tail counters when the sink stats throw', () => {
    const errors: unknown[] = [];
    const debugTail = new DebugTailBuffer();
    const sink = {
      write: () => {},
      flush: async () => {},
      close: async () => {},
      stats: () => {
        throw new Error('no stats');
      },
    };
    const logger = new Logger({ sink, debugTail, scope: () => undefined, onError: (e) => errors.push(e) });
    expect(logger.stats()).toEqual({
      debug_tail: { held_records: 0, held_bytes: 0, open_scopes: 0, flushed: 0, dropped: 0, evicted: 0 },
    });
    expect(String(errors[0])).toContain('no stats');
  });

  it('counts a held record with nested values by the length of its line against the byte bounds', () => {
    const debugTail = new DebugTailBuffer({ maxBytes: 2_000 });
    const scope = { tail: debugTail.open() };
    const { logger, sink } = recordingLogger({ level: 'info', debugTail, scope: () => scope });
    logger.debug('m'.repeat(100), { note: { text: 'n'.repeat(200) }, count: 3 });
    const held = debugTail.stats().held_bytes;
    logger.error('failed');
    expect(held).toBe(sink.lines[0]?.length);
    expect(held).toBeGreaterThan(300);
  });

  it('keeps a call with a flat context unbuilt, counted at no less than its line, and writes it as at the call', () => {
    let now = 1_000;
    let trace = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    let span = '00f067aa0ba902b7';
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open(), fields: { tenant_id: 't-1' } };
    const { logger, sink } = recordingLogger({
      level: 'info',
      debugTail,
      scope: () => scope,
      clock: () => now,
      traceContext: () => trace,
      spanContext: () => ({ spanId: span, traceFlags: 1 }),
      correlationContext: () => 'order-1',
    });
    const context: Record<string, unknown> = { attempt: 1, note: 'password=hunter2', ok: true, none: null };
    logger.bind({ request_path: '/x' }).debug('step "one"', context);
    const held = debugTail.stats().held_bytes;
    context.attempt = 2;
    now = 5_000;
    trace = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    span = '1111111111111111';
    logger.error('failed');
    const [record, failed] = sink.records;
    expect(record).toMatchObject({
      timestamp: new Date(1_000).toISOString(),
      level: 'debug',
      message: 'step "one"',
      trace_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      span_id: '00f067aa0ba902b7',
      trace_flags: '01',
      correlation_id: 'order-1',
      tenant_id: 't-1',
      request_path: '/x',
      attempt: 1,
      note: 'password=[REDACTED]',
      ok: true,
      none: null,
      buffered: true,
    });
    expect(failed).toMatchObject({ trace_id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', span_id: '1111111111111111' });
    expect(held).toBeGreaterThanOrEqual(sink.lines[0]?.length ?? Number.POSITIVE_INFINITY);
    expect(held).toBeLessThan((sink.lines[0]?.length ?? 0) * 2);
  });

  it('builds at the call a context with a getter that throws or a __proto__ key, as a written record would be', () => {
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open() };
    const { logger, sink } = recordingLogger({ level: 'info', debugTail, scope: () => scope });
    const throwing = Object.defineProperty({ a: 1 }, 'b', {
      enumerable: true,
      get() {
        throw new Error('no b');
      },
    });
    logger.debug('getter', throwing);
    logger.debug('proto', JSON.parse('{"__proto__": 5, "c": 3}'));
    logger.error('failed');
    expect(sink.records[0]).toMatchObject({ message: 'getter', a: 1, b: '[Throws: no b]', buffered: true });
    expect(sink.lines[1]).toContain('"__proto__":5');
    expect(sink.records[1]).toMatchObject({ message: 'proto', c: 3, buffered: true });
  });

  it('leaves out only the scope fields the call or the bound context gives, whatever their order', () => {
    const { logger, sink, enter } = scoped();
    enter({ fields: { a: 1, b: 2, c: 3 } });
    logger.bind({ c: 'bound' }).info('x', { a: 'call' });
    logger.info('y', 'not an object' as never);
    expect(sink.records[0]).toMatchObject({ a: 'call', b: 2, c: 'bound' });
    expect(sink.lines[0]?.match(/"a":/g)).toHaveLength(1);
    expect(sink.lines[0]?.match(/"c":/g)).toHaveLength(1);
    expect(sink.records[1]).toMatchObject({ a: 1, b: 2, c: 3 });
  });
});

describe('scope edge cases (nothing reported, nothing lost)', () => {
  function spy(options: Omit<LoggerOptions, 'sink'>) {
    const errors: unknown[] = [];
    const { logger, sink } = recordingLogger({ ...options, onError: (e) => errors.push(e) });
    return { logger, sink, errors };
  }

  it('calls below the level with a tail configured but no scope, a null scope, or a scope without a tail', () => {
    const debugTail = new DebugTailBuffer();
    for (const current of [undefined, null, {}, 'not a scope', { fields: undefined }]) {
      const { logger, sink, errors } = spy({ level: 'info', debugTail, scope: () => current as never });
      logger.debug('below');
      logger.info('written');
      expect(errors).toEqual([]);
      expect(sink.records.map((r) => r.message)).toEqual(['written']);
    }
    expect(debugTail.stats().held_records).toBe(0);
  });

  it('holds nothing in a scope tail when the logger has no debug tail of its own (sampling only)', () => {
    const other = new DebugTailBuffer();
    const scope = { tail: other.open(), sampled: false };
    const { logger, sink, errors } = spy({ level: 'info', sampling: true, scope: () => scope });
    logger.debug('not held');
    logger.error('failed');
    expect(errors).toEqual([]);
    expect(sink.records.map((r) => r.message)).toEqual(['failed']);
    expect(other.stats().held_records).toBe(0);
  });

  it('writes sampled records below an error level with their own level names', () => {
    const { logger, sink } = spy({ level: 'critical', sampling: true, scope: () => ({ sampled: true }) });
    logger.debug('d');
    logger.info('i');
    logger.warning('w');
    logger.error('e');
    expect(sink.records.map((r) => [r.level, r.message, r.sampled])).toEqual([
      ['debug', 'd', true],
      ['info', 'i', true],
      ['warning', 'w', true],
      ['error', 'e', true],
    ]);
  });

  it('holds an error below a critical level and writes it before the critical record', () => {
    const debugTail = new DebugTailBuffer();
    const scope = { tail: debugTail.open() };
    const { logger, sink } = spy({ level: 'critical', debugTail, scope: () => scope });
    logger.error('held error');
    expect(sink.records).toEqual([]);
    logger.critical('down');
    expect(sink.records.map((r) => [r.level, r.message, r.buffered])).toEqual([
      ['error', 'held error', true],
      ['critical', 'down', undefined],
    ]);
  });

  it('writes scope fields beside a bound field of the same name when the call context is null', () => {
    const { logger, sink, errors } = spy({ scope: () => ({ fields: { a: 1, b: 2 } }) });
    logger.bind({ a: 'bound' }).info('x', null as never);
    expect(errors).toEqual([]);
    expect(sink.records[0]).toMatchObject({ a: 'bound', b: 2 });
    expect(sink.records[0]).not.toHaveProperty('log_error');
  });

  it('flushDebugTail never throws, even for a scope whose tail cannot be read', () => {
    const bad = Object.defineProperty({}, 'tail', {
      get() {
        throw new Error('no tail');
      },
    });
    expect(() => flushDebugTail(bad)).not.toThrow();
    expect(() => flushDebugTail(undefined)).not.toThrow();
    expect(() => flushDebugTail({ tail: undefined })).not.toThrow();
  });
});

describe('Logger sink, close and stats', () => {
  it('gives its sink, closes it, and reads no stats from a sink that keeps none', async () => {
    const errors: unknown[] = [];
    const closed: string[] = [];
    const sink = {
      write: () => {},
      flush: async () => {},
      close: async () => void closed.push('closed'),
    };
    const logger = new Logger({ sink, onError: (e) => errors.push(e) });
    expect(logger.sink).toBe(sink);
    expect(logger.child('db').sink).toBe(sink);
    expect(logger.stats()).toEqual({});
    await logger.bind({ a: 1 }).close();
    expect(closed).toEqual(['closed']);
    expect(errors).toEqual([]);
  });
});
