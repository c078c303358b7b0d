import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIALIZE_LIMITS, resolveSerializeLimits } from './serialize-limits.js';

describe('resolveSerializeLimits', () => {
  it('accepts 1 as the smallest cap and keeps the defaults for caps not given', () => {
    expect(resolveSerializeLimits({ maxDepth: 1, maxCauseDepth: 1 })).toEqual({
      ...DEFAULT_SERIALIZE_LIMITS,
      maxDepth: 1,
      maxCauseDepth: 1,
    });
  });

  it('rejects a cap that is not an integer >= 1, naming it', () => {
    for (const value of [0, -1, 1.5, Number.NaN]) {
      expect(() => resolveSerializeLimits({ maxArrayLength: value }), String(value)).toThrow(
        expect.objectContaining({ option: 'limits.maxArrayLength' }),
      );
    }
  });
});
