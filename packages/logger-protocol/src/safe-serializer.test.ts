import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { SafeSerializer } from './safe-serializer.js';
import { DEFAULT_SERIALIZE_LIMITS, resolveSerializeLimits } from './serialize-limits.js';

const ser = new SafeSerializer(new Redactor(), DEFAULT_SERIALIZE_LIMITS);
const roundTrip = (v: unknown): unknown => JSON.parse(ser.value(v));

describe('SafeSerializer.value', () => {
  it('writes primitives that JSON cannot hold as strings', () => {
    expect(roundTrip({ big: 12n, nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: -Infinity })).toEqual({
      big: '12',
      nan: 'NaN',
      inf: 'Infinity',
      ninf: '-Infinity',
    });
    expect(roundTrip([Symbol('s'), undefined, () => 1, function named() {}])).toEqual([
      'Symbol(s)',
      null,
      '[Function: anonymous]',
      '[Function: named]',
    ]);
  });

  it('marks circular references instead of recursing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    expect(roundTrip(a)).toEqual({ name: 'a', self: '[Circular]', list: ['[Circular]'] });
  });

  it('writes the same object twice when it is shared but not circular', () => {
    const shared = { x: 1 };
    expect(roundTrip({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('handles Map, Set, Date, Buffer, typed arrays and RegExp', () => {
    const out = roundTrip({
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, 'two'],
        ['password', 'p'],
      ]),
      set: new Set([1, 2]),
      date: new Date(0),
      bad: new Date(Number.NaN),
      buf: Buffer.from('secret bytes'),
      u8: new Uint8Array(4),
      ab: new ArrayBuffer(2),
      re: /a+/g,
      weak: new WeakMap(),
      url: new URL('https://example.com/a?b=1'),
    });
    expect(out).toEqual({
      map: { k: 1, '2': 'two', password: '[REDACTED]' },
      set: [1, 2],
      date: '1970-01-01T00:00:00.000Z',
      bad: 'Invalid Date',
      buf: '[Buffer: 12 bytes]',
      u8: '[Uint8Array: 4 bytes]',
      ab: '[ArrayBuffer: 2 bytes]',
      re: '/a+/g',
      weak: '[WeakMap]',
      url: 'https://example.com/a?b=1',
    });
  });

  it('survives getters that throw, hostile proxies and throwing toJSON', () => {
    const hostile = {
      ok: 1,
      get boom(): never {
        throw new Error('nope');
      },
      proxy: new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('trap');
          },
        },
      ),
      json: {
        toJSON() {
          throw new Error('bad json');
        },
      },
    };
    expect(roundTrip(hostile)).toEqual({
      ok: 1,
      boom: '[Throws: nope]',
      proxy: '[Unserializable: trap]',
      json: '[Throws: bad json]',
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(ser.value(proxy)).toMatch(/^"\[Unserializable: /);
  });

  it('keeps a __proto__ key as data and does not touch prototypes', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const text = ser.value(parsed);
    expect(text).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('redacts by key at any depth, inside arrays, without mutating the input', () => {
    const input = { users: [{ name: 'a', password: 'p1' }], deep: { a: { b: { apiKey: 'k' } } } };
    expect(roundTrip(input)).toEqual({
      users: [{ name: 'a', password: '[REDACTED]' }],
      deep: { a: { b: { apiKey: '[REDACTED]' } } },
    });
    expect(input.users[0]?.password).toBe('p1');
  });

  it('caps depth, width and string length with markers', () => {
    const small = new SafeSerializer(
      new Redactor(),
      resolveSerializeLimits({ maxDepth: 2, maxArrayLength: 3, maxObjectKeys: 2, maxStringLength: 5 }),
    );
    expect(JSON.parse(small.value({ a: { b: { c: 1 } } }))).toEqual({ a: { b: '[Truncated: max depth]' } });
    expect(JSON.parse(small.value([1, 2, 3, 4, 5]))).toEqual([1, 2, 3, '[Truncated: 2 more items]']);
    expect(JSON.parse(small.value({ a: 1, b: 2, c: 3 }))).toEqual({ a: 1, b: 2, '[Truncated]': '1 more keys' });
    expect(JSON.parse(small.value('abcdefgh'))).toBe('abcde…[truncated, 8 chars in all]');
  });

  it('serialises a very large array quickly bounded by the cap', () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
    const out = JSON.parse(ser.value(huge)) as unknown[];
    expect(out).toHaveLength(101);
    expect(out[100]).toBe('[Truncated: 999900 more items]');
  });

  it('validates limits with a clear error', () => {
    expect(() => resolveSerializeLimits({ maxDepth: 0 })).toThrow(/limits\.maxDepth.*integer >= 1/);
  });
});

describe('SafeSerializer.errorMembers', () => {
  const members = (e: unknown) => JSON.parse(`{${ser.errorMembers(e, 'error_').slice(1)}}`);

  it('writes the cause chain, non-Error causes included', () => {
    const e = new Error('top', { cause: new RangeError('middle', { cause: 'a string cause' }) });
    const out = members(e);
    expect(out.error_type).toBe('Error');
    expect(out.error_message).toBe('top');
    expect(out.error_stack).toContain('top');
    expect(out.error_cause.type).toBe('RangeError');
    expect(out.error_cause.cause).toBe('a string cause');
  });

  it('writes AggregateError members and own fields such as code', () => {
    const agg = new AggregateError([new Error('one'), new TypeError('two')], 'many');
    const withCode = Object.assign(new Error('refused'), { code: 'ECONNREFUSED', password: 'x' });
    expect(members(agg).error_errors.map((e: { message: string }) => e.message)).toEqual(['one', 'two']);
    expect(members(withCode).error_fields).toEqual({ code: 'ECONNREFUSED', password: '[REDACTED]' });
  });

  it('uses the class name of a subclass and stops at a circular or too deep cause chain', () => {
    class PaymentError extends Error {}
    const loop = new PaymentError('loop');
    (loop as { cause?: unknown }).cause = loop;
    expect(members(loop).error_type).toBe('PaymentError');
    expect(members(loop).error_cause).toBe('[Circular]');
    let deep: Error = new Error('0');
    for (let i = 1; i < 50; i++) deep = new Error(String(i), { cause: deep });
    expect(JSON.stringify(members(deep))).toContain('[Truncated: max cause depth]');
  });

  it('describes thrown non-errors', () => {
    expect(members('plain string')).toEqual({ error_type: 'string', error_message: 'plain string' });
    expect(members({ reason: 'x' })).toEqual({ error_type: 'NonError', error_message: { reason: 'x' } });
    expect(members(null)).toEqual({ error_type: 'null', error_message: 'null' });
  });

  it('redacts secrets inside error messages and stacks', () => {
    const out = members(new Error('login failed for Bearer abcdef123'));
    expect(JSON.stringify(out)).not.toContain('abcdef123');
  });
});

describe('SafeSerializer.string', () => {
  it('quotes every kind of string as JSON.parse reads it back', () => {
    for (const s of [
      '',
      'plain',
      'with "quotes"',
      'back\\slash',
      'tab\there',
      'nul\u0000',
      'ü€😀',
      '\ud800 lone',
      'x'.repeat(100),
      'é"'.repeat(40),
    ]) {
      expect(JSON.parse(ser.string(s))).toBe(s.replace('\ud800', '\ud800'));
    }
  });
});
