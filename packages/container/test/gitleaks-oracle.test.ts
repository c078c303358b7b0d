// A second independent judge: gitleaks' own rules (vendor/gitleaks/gitleaks.toml, v8.30.0), run by
// Python's `re` (oracle/gitleaks_oracle.py), a translation that shares nothing with the redactor.
// First it must see: every vendor token of the corpus (formats the redactor's list does not name,
// values new each run from a printed seed) is found in the raw samples. Then the verdict: the
// corpus logged through every sink and the container in real processes, and nothing found after.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitleaksScan } from './oracle/gitleaks-oracle.js';
import { type Embedding, vendorTokenCorpus } from './oracle/vendor-token-corpus.js';

const seed = process.env.ORACLE_SEED ? Number(process.env.ORACLE_SEED) : randomInt(2 ** 31);
const tokens = vendorTokenCorpus(seed);
const replay = `(seed ${seed}: ORACLE_SEED=${seed} replays this run)`;

describe('the gitleaks oracle (Python re over gitleaks v8.30.0 rules)', () => {
  it('translates every rule that has a regex', async () => {
    const scan = await gitleaksScan([]);
    expect(scan.skipped).toEqual([{ id: 'pkcs12-file', reason: 'path-only rule (no regex): log text has no path' }]);
    expect(scan.rules).toBe(221);
  });

  it(`finds every vendor token of the corpus in the raw samples, by rule id ${replay}`, async () => {
    expect(new Set(tokens.map((t) => t.ruleId)).size).toBeGreaterThanOrEqual(40);
    const texts: { ruleId: string; value: string; embedding: Embedding; text: string }[] = tokens.flatMap((t) =>
      Object.entries(t.samples).map(([embedding, text]) => ({
        ruleId: t.ruleId,
        value: t.value,
        embedding: embedding as Embedding,
        text,
      })),
    );
    const { findings } = await gitleaksScan(texts.map((t) => t.text));
    // The secret is the value, or part of it when the rule's first group is a fragment (gitleaks
    // takes the first non-empty group: microsoft-teams-webhook's is one block of a UUID).
    const missed = texts
      .filter(
        (t, i) => !findings.some((f) => f.text_index === i && f.rule_id === t.ruleId && t.value.includes(f.secret)),
      )
      .map((t) => `${t.ruleId} (${t.embedding}): ${t.text}`);
    expect(missed, `not found ${replay}`).toEqual([]);
  });
});
