// minMatchLength against every gitleaks rule: no string a rule matches is shorter. (Left out of
// mutation testing for its run time: stryker/vitest.logger-protocol.config.ts.)
import { describe, expect, it } from 'vitest';
import { randexpOf } from '../../test/gitleaks-samples.js';
import { minMatchLength } from './min-length.js';
import { GITLEAKS_RULES } from './rules.generated.js';

describe('minMatchLength over the rules', () => {
  it('is a lower bound for every gitleaks rule: no string the rule matches is shorter', () => {
    for (const rule of GITLEAKS_RULES) {
      const least = minMatchLength(rule.regex.source);
      const generator = randexpOf(rule.regex.source, rule.regex.flags);
      const regex = new RegExp(rule.regex.source, rule.regex.flags);
      for (let i = 0; i < 10; i++) {
        const sample = generator.gen();
        const match = regex.exec(sample);
        if (match !== null) expect(match[0].length, `${rule.id}: ${sample}`).toBeGreaterThanOrEqual(least);
      }
    }
  });
});
