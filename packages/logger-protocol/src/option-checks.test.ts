import { describe, expect, it } from 'vitest';
import { integerOption } from './option-checks.js';

const range = { default: 10, min: 1, max: 100 };
const invalid = (problem: string) => new RangeError(problem);

describe('integerOption', () => {
  it('takes an integer within the range, bounds included, and the default for undefined or null', () => {
    expect(integerOption(1, range, invalid)).toBe(1);
    expect(integerOption(100, range, invalid)).toBe(100);
    expect(integerOption(42, range, invalid)).toBe(42);
    expect(integerOption(undefined, range, invalid)).toBe(10);
    expect(integerOption(null, range, invalid)).toBe(10);
  });

  it('throws the error the caller builds, saying what is accepted and what was given', () => {
    for (const [value, shown] of [
      [0, '0'],
      [101, '101'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      ['5', '5'],
      [true, 'true'],
    ] as const) {
      expect(() => integerOption(value, range, invalid)).toThrow(
        new RangeError(`expected an integer from 1 to 100, got ${shown}`),
      );
    }
  });
});
