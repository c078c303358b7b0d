import { describe, expect, it } from 'vitest';
import { minMatchLength } from './min-length.js';

describe('minMatchLength', () => {
  it.each([
    ['abc', 3],
    ['a|bc', 1],
    ['(?:ab|c)d', 2],
    ['x*y+z?', 1],
    ['[a-z\\]]{3,8}', 3],
    ['[^]]{2}', 2],
    ['\\bA3-\\d{6}\\b', 9],
    ['(?=abc)x', 1],
    ['(?<!q)(?<name>ab){2,}?\\k<name>', 4],
    ['^\\x41\\u0042$', 2],
    ['(a)\\1', 1],
    ['a{,3}', 5],
  ])('%s needs at least %i characters', (source, expected) => {
    expect(minMatchLength(source)).toBe(expected);
  });
});
