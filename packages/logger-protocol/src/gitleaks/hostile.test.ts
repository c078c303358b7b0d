// Hostile strings under gitleaks' rules. (Left out of mutation testing for its run time:
// stryker/vitest.logger-protocol.config.ts.)
import { describe, expect, it } from 'vitest';
import { defaultGitleaksScanner } from './default-scanner.js';
import { GITLEAKS_RULES } from './rules.generated.js';

describe('hostile strings stay linear under gitleaks’ rules', () => {
  // No timing is asserted (the machine is shared): every input must finish well inside the test's
  // generous timeout. Before the identifier prefix was cut off, 64 KB of `sumoa` took 11 s and all
  // of these 100 s; before line runs were bounded, 64 KB of `curl ` took seconds and grew as the
  // square of the length.
  const fill = (unit: string) => unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
  const keywords = [...new Set(GITLEAKS_RULES.flatMap((r) => r.keywords))];

  it('redacts 64 KB strings made of every keyword', { timeout: 120_000 }, () => {
    const scanner = defaultGitleaksScanner();
    const inputs = [
      ...keywords.flatMap((k) => [fill(`${k} `), fill(`${k}=a`), fill(`${k}a`)]),
      fill(keywords.join('=')),
      fill('kind: secret\ndata:\n  a: '),
      fill('curl -H x '),
      `key${' '.repeat(65_536)}=x`,
    ];
    for (const text of inputs) expect(scanner.redact(text, () => '*').length).toBeGreaterThan(0);
  });
});
