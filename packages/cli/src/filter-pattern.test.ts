import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { grepCondition, levelCondition, serverFilterPattern } from './filter-pattern.js';

describe('the filter pattern tail sends', () => {
  it('expresses a --grep as the field string form: a string, and the number, boolean or null with that JSON', () => {
    expect(grepCondition({ key: 'user_id', value: 'u-1' })).toBe('$.user_id = "u-1"');
    expect(grepCondition({ key: 'n', value: '-1.5' })).toBe('($.n = "-1.5") || ($.n = -1.5)');
    expect(grepCondition({ key: 'ok', value: 'true' })).toBe('($.ok = "true") || ($.ok IS TRUE)');
    expect(grepCondition({ key: 'ok', value: 'false' })).toBe('($.ok = "false") || ($.ok IS FALSE)');
    expect(grepCondition({ key: 'x', value: 'null' })).toBe('($.x = "null") || ($.x IS NULL)');
    // Not the JSON of a number: a string only ("409.0" is not what 409 prints as).
    expect(grepCondition({ key: 'n', value: '409.0' })).toBe('$.n = "409.0"');
    expect(grepCondition({ key: 'url', value: 'http://127.0.0.1:3000/a b' })).toBe(
      '$.url = "http://127.0.0.1:3000/a b"',
    );
  });

  it('leaves to the exact check what CloudWatch cannot express exactly', () => {
    for (const [key, value] of [
      ['note', 'say "hi"'],
      ['path', 'C:\\temp'],
      ['name', 'Ev*ent'],
      ['name', '*'],
      ['name', ''],
      ['name', '%ab%'],
      ['tags', '["a","b"]'],
      ['tags', '[]'],
      ['obj', '{}'],
      ['line', 'a\nb'],
      ['n', '1e+21'],
      ['http.method', 'GET'],
      ['a b', 'c'],
      ['ünï', 'c'],
    ] as const) {
      expect(grepCondition({ key, value }), `${key}=${value}`).toBeUndefined();
    }
  });

  it('lists the levels at or above --level', () => {
    expect(levelCondition('warning')).toBe('($.level = "warning") || ($.level = "error") || ($.level = "critical")');
    expect(levelCondition('critical')).toBe('($.level = "critical")');
  });

  it('joins the conditions with && and a JSON --filter-pattern with them; refuses other kinds with flags', () => {
    expect(serverFilterPattern({})).toBeUndefined();
    expect(serverFilterPattern({ filterPattern: '"ERROR 401" -debug' })).toBe('"ERROR 401" -debug');
    expect(serverFilterPattern({ traceId: 't-1', grep: [{ key: 'a', value: 'b' }] })).toBe(
      '{ ($.trace_id = "t-1") && ($.a = "b") }',
    );
    expect(serverFilterPattern({ filterPattern: ' {$.a = 1} ', traceId: 't' })).toBe(
      '{ ($.a = 1) && ($.trace_id = "t") }',
    );
    expect(serverFilterPattern({ grep: [{ key: 'q', value: '"' }] })).toBeUndefined();
    expect(() => serverFilterPattern({ filterPattern: '%ERR%', level: 'error' })).toThrow(UsageError);
    expect(() => serverFilterPattern({ filterPattern: 'x'.repeat(1025) })).toThrow(/at most 1024/);
  });
});
