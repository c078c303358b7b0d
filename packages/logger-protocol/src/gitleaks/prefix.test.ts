// The lazy identifier prefix cut off gitleaks' semi-generic rules (scan.ts) changes nothing: every
// such rule finds what its whole regex finds, where it finds it.
import { describe, expect, it } from 'vitest';
import { prng, SEED, samplesOf } from '../../test/gitleaks-samples.js';
import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './rules.generated.js';
import { GitleaksScanner } from './scan.js';

describe('the identifier prefix cut off the semi-generic rules', () => {
  it('finds what the whole regex finds, where it finds it', () => {
    const prefixed = GITLEAKS_RULES.filter((r) => r.regex.source.startsWith('[\\w\\-.]{0,50}?'));
    expect(prefixed.length).toBeGreaterThan(90);
    const random = prng(SEED + 1);
    let compared = 0;
    for (const rule of prefixed) {
      const cut = new GitleaksScanner([rule], GITLEAKS_GLOBAL_ALLOWLIST);
      // `(?:)` in front: the same regex, not recognised as prefixed, so run whole.
      const whole = new GitleaksScanner(
        [{ ...rule, regex: { ...rule.regex, source: `(?:)${rule.regex.source}` } }],
        GITLEAKS_GLOBAL_ALLOWLIST,
      );
      for (const { sample } of samplesOf(rule, random)) {
        for (const text of [
          sample,
          `a.b-c_${sample} ${sample}`,
          `${'x'.repeat(60)}${sample}`,
          `${sample}${sample}`,
          `x-${sample}\n${rule.keywords[0] ?? ''}=${sample}`,
        ]) {
          compared++;
          expect(cut.findings(text), `${rule.id}: ${JSON.stringify(text)}`).toEqual(whole.findings(text));
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
