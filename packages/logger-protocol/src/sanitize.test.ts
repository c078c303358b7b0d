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
