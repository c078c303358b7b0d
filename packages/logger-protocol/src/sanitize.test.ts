import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from './errors.js';
import { escapeControlCharacters, sanitize, truncate } from './sanitize.js';

describe('sanitize', () => {
  it('escapes CR and LF so input cannot forge a new line', () => {
    expect(sanitize('evil\r\n2025-01-01 [INFO] forged')).toBe('evil\\r\\n2025-01-01 [INFO] forged');
  });

  it('removes ANSI escape sequences and escapes other control characters', () => {
    expect(sanitize('\u001b[31mred\u001b[0m\u0007bell\u0000')).toBe('red\\u0007bell\\u0000');
    expect(escapeControlCharacters('a\u2028b')).toBe('a\\u2028b');
  });

  it('truncates long input with a marker giving the original length', () => {
    const out = sanitize('x'.repeat(500), { maxLength: 10 });
    expect(out).toBe('xxxxxxxxxx…[truncated, 500 chars in all]');
    expect(sanitize('short')).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 3)).toBe('ab…[truncated, 6 chars in all]');
  });

  it('turns non-strings into strings and rejects a bad maxLength', () => {
    expect(sanitize(42)).toBe('42');
    expect(
      sanitize({
        toString: () => {
          throw new Error('x');
        },
      }),
    ).toBe('[unprintable]');
    expect(() => sanitize('x', { maxLength: 0 })).toThrow(InvalidOptionsError);
  });
});

describe('sanitize at its limits', () => {
  it('keeps text of exactly maxLength characters, escaped or not, and cuts one more', () => {
    expect(sanitize('abc', { maxLength: 3 })).toBe('abc');
    expect(sanitize('abcd', { maxLength: 3 })).toBe('abc…[truncated, 4 chars in all]');
    expect(sanitize('abc', { maxLength: 1 })).toBe('a…[truncated, 3 chars in all]');
    expect(sanitize('\n'.repeat(10), { maxLength: 10 })).toBe('\\n\\n\\n\\n\\n…[truncated, 10 chars in all]');
  });

  it('keeps text longer than the default within a larger maxLength', () => {
    expect(sanitize('x'.repeat(150), { maxLength: 200 })).toBe('x'.repeat(150));
  });

  it('rejects a maxLength that is not a number >= 1, naming the option', () => {
    for (const maxLength of ['5', Number.NaN, 0.5, 0]) {
      expect(() => sanitize('x', { maxLength: maxLength as number }), String(maxLength)).toThrow(
        expect.objectContaining({ option: 'maxLength', message: expect.stringContaining('expected a number >= 1') }),
      );
    }
    expect(sanitize('x'.repeat(300), { maxLength: Number.POSITIVE_INFINITY })).toBe('x'.repeat(300));
  });
});

describe('truncate', () => {
  it('keeps text of exactly maxLength code units', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('never ends on a high surrogate and keeps a whole pair that fits', () => {
    expect(truncate('a\ud800\udc00b', 2)).toBe('a…[truncated, 4 chars in all]');
    expect(truncate('a\udbff\udfffb', 2)).toBe('a…[truncated, 4 chars in all]');
    expect(truncate('ab😀cd', 4)).toBe('ab😀…[truncated, 6 chars in all]');
  });
});
