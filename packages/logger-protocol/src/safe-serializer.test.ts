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

/** A serializer with small caps, so that each cap is easy to reach. */
const small = (limits: Parameters<typeof resolveSerializeLimits>[0], redactor = new Redactor()) =>
  new SafeSerializer(redactor, resolveSerializeLimits(limits));

/** An error chain e0 → e1 → ... → e(n-1), each the cause of the one before. */
function chain(n: number): Error {
  let e: Error | undefined;
  for (let i = n - 1; i >= 0; i--) e = new Error(`e${i}`, e === undefined ? undefined : { cause: e });
  return e as Error;
}

/** The messages along the written cause chain, then the marker that ended it (if any). */
function causes(written: { message?: string; cause?: unknown }): unknown[] {
  const out: unknown[] = [];
  let node: unknown = written;
  while (node !== null && typeof node === 'object') {
    out.push((node as { message: string }).message);
    node = (node as { cause?: unknown }).cause;
  }
  if (node !== undefined) out.push(node);
  return out;
}

describe('SafeSerializer errors', () => {
  const two = small({ maxCauseDepth: 2 });

  it('follows maxCauseDepth links of a cause chain whether the error is a value, a member or the record error', () => {
    const marker = '[Truncated: max cause depth]';
    expect(causes(JSON.parse(two.value(chain(5))))).toEqual(['e0', 'e1', 'e2', marker]);
    expect(causes(JSON.parse(`{${two.member({ e: chain(5) }, 'e', 'e')}}`).e)).toEqual(['e0', 'e1', 'e2', marker]);
    const members = JSON.parse(`{${two.errorMembers(chain(5), 'error_').slice(1)}}`);
    expect(causes({ message: members.error_message, cause: members.error_cause })).toEqual(['e0', 'e1', 'e2', marker]);
    expect(causes(JSON.parse(two.value(chain(3))))).toEqual(['e0', 'e1', 'e2']);
  });

  it('writes the cause and own fields of an error nested in an object or an array', () => {
    const e = Object.assign(new Error('outer', { cause: new Error('inner') }), { code: 'E1' });
    const out = JSON.parse(ser.value({ nested: e, list: [e] }));
    for (const written of [out.nested, out.list[0]]) {
      expect(written).toMatchObject({
        type: 'Error',
        message: 'outer',
        cause: { message: 'inner' },
        fields: { code: 'E1' },
      });
    }
  });

  it('still sees a cycle back to the object that holds an error', () => {
    const holder: Record<string, unknown> = { e: new Error('x') };
    holder.self = holder;
    expect(JSON.parse(ser.value(holder)).self).toBe('[Circular]');
  });

  it('caps errors nested in errors (AggregateError members) at maxCauseDepth levels', () => {
    let agg: Error = new Error('leaf');
    for (let i = 4; i >= 0; i--) agg = new AggregateError([agg], `a${i}`);
    let node = JSON.parse(small({ maxCauseDepth: 2 }).value(agg));
    const path: string[] = [];
    while (node !== undefined) {
      path.push(node.message);
      node = node.errors?.[0];
    }
    expect(path).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('follows a cause chain past maxDepth: causes are capped by maxCauseDepth only', () => {
    expect(causes(JSON.parse(small({ maxDepth: 2, maxCauseDepth: 8 }).value(chain(5))))).toEqual([
      'e0',
      'e1',
      'e2',
      'e3',
      'e4',
    ]);
  });

  it('writes [unprintable] for an error message that has no text', () => {
    const e = new Error('x');
    (e as { message: unknown }).message = {
      toString() {
        throw new Error('no text');
      },
    };
    expect(JSON.parse(ser.value(e)).message).toBe('[unprintable]');
  });

  it('writes an error twice when it appears twice, not as a cycle', () => {
    const e = new Error('same', { cause: new Error('c') });
    const out = JSON.parse(ser.value([e, e, { e }]));
    expect(out.map((x: { message?: string; e?: { message: string } }) => x.message ?? x.e?.message)).toEqual([
      'same',
      'same',
      'same',
    ]);
    expect(out[1].cause.message).toBe('c');
  });

  it('writes no cause member for an error without a cause and a null one for a null cause', () => {
    expect(JSON.parse(ser.value(new Error('x')))).not.toHaveProperty('cause');
    expect(JSON.parse(ser.value(new Error('x', { cause: null }))).cause).toBeNull();
    expect(JSON.parse(ser.value(new Error('x', { cause: 'text' }))).cause).toBe('text');
    expect(JSON.parse(ser.value(new Error('x', { cause: { reason: 'r' } }))).cause).toEqual({ reason: 'r' });
  });

  it('writes no stack member when the error has no string stack', () => {
    const e = new Error('x');
    e.stack = undefined;
    expect(Object.keys(JSON.parse(ser.value(e)))).toEqual(['type', 'message']);
  });

  it('writes a message that is not a string as its text', () => {
    const e = new Error('x');
    (e as { message: unknown }).message = 42;
    expect(JSON.parse(ser.value(e)).message).toBe('42');
  });

  it('takes the type from the name when it was changed, else from the class, else Error', () => {
    const renamed = new Error('x');
    renamed.name = 'QuotaError';
    class PaymentError extends Error {}
    const emptyName = new PaymentError('x');
    emptyName.name = '';
    const numberName = new PaymentError('x');
    (numberName as { name: unknown }).name = 42;
    const throwingName = new PaymentError('x');
    Object.defineProperty(throwingName, 'name', {
      get() {
        throw new Error('no name');
      },
    });
    const fake = Object.assign(Object.create(null), { [Symbol.toStringTag]: 'Error', name: 'Error', message: 'm' });
    expect([renamed, emptyName, numberName, throwingName, fake].map((e) => JSON.parse(ser.value(e)).type)).toEqual([
      'QuotaError',
      'PaymentError',
      'PaymentError',
      'PaymentError',
      'Error',
    ]);
  });

  it('writes an object whose tag says Error (an error from another realm) as an error', () => {
    const foreign = { [Symbol.toStringTag]: 'Error', name: 'TypeError', message: 'from elsewhere', code: 'E2' };
    expect(JSON.parse(ser.value(foreign))).toEqual({
      type: 'TypeError',
      message: 'from elsewhere',
      fields: { code: 'E2' },
    });
  });

  it('writes own fields other than name, message, stack, cause and errors, within the key cap, redacted', () => {
    const e = Object.assign(new Error('x'), { name: 'Own', code: 'E1', skipped: undefined, token: 'abc' });
    expect(JSON.parse(ser.value(e)).fields).toEqual({ code: 'E1', token: '[REDACTED]' });
    const wide = Object.assign(new Error('x'), { a: 1, b: 2, c: 3 });
    expect(JSON.parse(small({ maxObjectKeys: 2 }).value(wide)).fields).toEqual({ a: 1, b: 2 });
    const onlyUndefined = Object.assign(new Error('x'), { gone: undefined });
    expect(JSON.parse(ser.value(onlyUndefined))).not.toHaveProperty('fields');
    const removed = small({}, new Redactor({ censor: 'remove' }));
    expect(JSON.parse(removed.value(Object.assign(new Error('x'), { password: 'p' })))).not.toHaveProperty('fields');
  });

  it('survives an error whose keys or cause check throw', () => {
    const hostile = new Proxy(new Error('hostile'), {
      has() {
        throw new Error('no has');
      },
      ownKeys() {
        throw new Error('no keys');
      },
    });
    const out = JSON.parse(`{${ser.errorMembers(hostile, 'error_').slice(1)}}`);
    expect(out.error_message).toBe('hostile');
    expect(out).not.toHaveProperty('error_cause');
    expect(out).not.toHaveProperty('error_fields');
  });

  it('writes the parts of a thrown non-error object within the depth cap', () => {
    const out = JSON.parse(
      `{${small({ maxDepth: 2 })
        .errorMembers({ a: { b: { c: 1 } } }, 'error_')
        .slice(1)}}`,
    );
    expect(out.error_message).toEqual({ a: '[Truncated: max depth]' });
  });
});

describe('SafeSerializer values', () => {
  it('writes booleans, null and undefined members as JSON does', () => {
    expect(ser.value(false)).toBe('false');
    expect(ser.value(true)).toBe('true');
    expect(ser.value(null)).toBe('null');
    expect(ser.value({ a: null, b: undefined, c: 1 })).toBe('{"a":null,"c":1}');
  });

  it('caps nesting through arrays, Maps, toJSON and Map keys at maxDepth', () => {
    const s = small({ maxDepth: 2 });
    expect(s.value([[[1]]])).toBe('[["[Truncated: max depth]"]]');
    expect(s.value(new Map([['a', new Map([['b', { c: 1 }]])]]))).toBe('{"a":{"b":"[Truncated: max depth]"}}');
    const endless = (): unknown => ({ toJSON: endless });
    expect(s.value(endless())).toBe('"[Truncated: max depth]"');
    expect(s.value(new Map([[{ k: { deep: 1 } }, 'v']]))).toBe('{"{\\"k\\":\\"[Truncated: max depth]\\"}":"v"}');
  });

  it('writes {} for a toJSON that returns the object itself', () => {
    const self = {
      toJSON() {
        return self;
      },
    };
    expect(ser.value(self)).toBe('{}');
  });

  it('writes the text of a toJSON failure, also for a thrown value that has no text', () => {
    const throwsError = {
      toJSON() {
        throw new Error('bad json');
      },
    };
    const throwsNothingPrintable = {
      toJSON() {
        throw {
          toString() {
            throw new Error('no text');
          },
        };
      },
    };
    expect(JSON.parse(ser.value(throwsError))).toBe('[Throws: bad json]');
    expect(JSON.parse(ser.value(throwsNothingPrintable))).toBe('[Throws: unknown]');
  });

  it('writes Map keys of every type as text, object keys as their JSON', () => {
    const sym = Symbol('k');
    const map = new Map<unknown, unknown>([
      [sym, 1],
      [undefined, 2],
      [null, 3],
      [true, 4],
      [7, 5],
      [{ id: 1 }, 6],
      [
        {
          toString() {
            throw new Error('no text');
          },
          toJSON() {
            throw new Error('no json');
          },
        },
        7,
      ],
    ]);
    expect(JSON.parse(ser.value(map))).toEqual({
      'Symbol(k)': 1,
      undefined: 2,
      null: 3,
      true: 4,
      '7': 5,
      '{"id":1}': 6,
      '"[Throws: no json]"': 7,
    });
  });

  it('caps a Map at maxObjectKeys entries, counting the rest', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    expect(JSON.parse(small({ maxObjectKeys: 2 }).value(map))).toEqual({ a: 1, b: 2, '[Truncated]': '2 more entries' });
    expect(JSON.parse(small({ maxObjectKeys: 4 }).value(map))).toEqual({ a: 1, b: 2, c: 3, d: 4 });
  });

  it('redacts secret keys of a Map, Headers and URLSearchParams, and leaves them out with censor remove', () => {
    const map = new Map([
      ['password', 'p'],
      ['user', 'u'],
    ]);
    const params = new URLSearchParams('token=abc&page=2');
    const headers = new Headers({ authorization: 'Basic abc', accept: 'json' });
    expect(JSON.parse(ser.value({ map, params, headers }))).toEqual({
      map: { password: '[REDACTED]', user: 'u' },
      params: { token: '[REDACTED]', page: '2' },
      headers: { accept: 'json', authorization: '[REDACTED]' },
    });
    const removing = small({}, new Redactor({ censor: 'remove' }));
    expect(removing.value(map)).toBe('{"user":"u"}');
    expect(removing.value(params)).toBe('{"page":"2"}');
  });

  it('judges a number in a Map by its key: a card under an id key stays, under another key it goes; nine digits stay', () => {
    expect(JSON.parse(ser.value(new Map([['order_id', 4111111111111111]])))).toEqual({ order_id: 4111111111111111 });
    expect(JSON.parse(ser.value(new Map([['value', 4111111111111111]])))).toEqual({ value: '[REDACTED]' });
    expect(JSON.parse(ser.value({ order_id: 219099999, value: 219099999, ssn: 219099999 }))).toEqual({
      order_id: 219099999,
      value: 219099999,
      ssn: '[REDACTED]',
    });
  });

  it('gives a censor function undefined for a secret key whose getter throws', () => {
    const seen: unknown[] = [];
    const s = small(
      {},
      new Redactor({
        censor: (value) => {
          seen.push(value);
          return '***';
        },
      }),
    );
    const obj = {
      get password() {
        throw new Error('no');
      },
    };
    expect(s.value(obj)).toBe('{"password":"***"}');
    expect(seen).toEqual([undefined]);
  });

  it('writes a key longer than 256 characters cut with a marker', () => {
    const key = 'k'.repeat(300);
    const [written] = Object.keys(JSON.parse(ser.value({ [key]: 1 })));
    expect(written).toBe(`${'k'.repeat(256)}…[truncated, 300 chars in all]`);
    const exact = 'k'.repeat(256);
    expect(Object.keys(JSON.parse(ser.value({ [exact]: 1 })))).toEqual([exact]);
  });
});

describe('SafeSerializer quoting', () => {
  it('writes every string exactly as JSON.stringify does, single characters to escape included', () => {
    const samples = [
      '',
      'a',
      ' ',
      '\u001f',
      '\u0020',
      '\n',
      '"',
      '\\',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ud7ff',
    ];
    samples.push('\ue000', '😀', 'é', `${'a'.repeat(64)}\n`, 'a'.repeat(65), 'plain text');
    for (const s of samples) expect(ser.id(s), JSON.stringify(s)).toBe(JSON.stringify(s));
  });
});
