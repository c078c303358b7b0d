import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { minMatchLength } from './min-length.js';
import { GITLEAKS_RULES } from './rules.generated.js';

// randexp is CommonJS (`export =`): loaded with require.
const RandExp = createRequire(import.meta.url)('randexp') as new (source: RegExp) => { gen(): string; max: number };

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

  it('is a lower bound for every gitleaks rule: no string the rule matches is shorter', () => {
    const randexp = (source: string, flags: string) => {
      const r = new RandExp(new RegExp(source, flags));
      r.max = 8;
      return r;
    };
    for (const rule of GITLEAKS_RULES) {
      const least = minMatchLength(rule.regex.source);
      const generator = randexp(rule.regex.source, rule.regex.flags);
      const regex = new RegExp(rule.regex.source, rule.regex.flags);
      for (let i = 0; i < 10; i++) {
        const sample = generator.gen();
        const match = regex.exec(sample);
        if (match !== null) expect(match[0].length, `${rule.id}: ${sample}`).toBeGreaterThanOrEqual(least);
      }
    }
  });
});
